import type { GuardianRelation } from '../people/guardian.entity.js';
import { mobilePhone, personalEmail } from './contacts.js';
import { adultPatronymic, childFirstName, FATHER_NAMES, GRANDMOTHER_NAMES, MOTHER_NAMES, patronymic, type Sex } from './names.js';
import type { Random } from './prng.js';
import { surname, SURNAMES } from './surnames.js';

export interface DemoPerson {
  lastName: string;
  firstName: string;
  middleName: string;
}

export interface DemoStudent extends DemoPerson {
  sex: Sex;
  birthDate: string;
  individualPlan: boolean;
  group: string;
}

export interface DemoGuardian extends DemoPerson {
  phone: string;
  email: string | null;
}

export interface DemoFamilies {
  students: DemoStudent[];
  guardians: DemoGuardian[];
  links: { student: number; guardian: number; relation: GuardianRelation }[];
}

interface Family {
  group: string;
  surname: string;
  fatherName: string;
  guardians: { guardian: number; relation: GuardianRelation }[];
}

/** Who looks after a child, with their shares: both parents, mother, father, mother and grandmother, grandmother, guardian. */
const COMPOSITIONS: readonly [number, GuardianRelation[]][] = [
  [0.55, ['mother', 'father']], [0.25, ['mother']], [0.06, ['father']], [0.07, ['mother', 'grandmother']],
  [0.04, ['grandmother']], [0.03, ['guardian']],
];

/** Who looks after a new family's child, drawn by the shares above: one draw of `random`, always. */
export function drawComposition(random: Random): GuardianRelation[] {
  let r = random.next();
  return COMPOSITIONS.find(([share]) => (r -= share) < 0)?.[1] ?? ['mother'];
}

/** Whatever the dice say, a child of the second group lives with a guardian and another with a grandmother. */
const FORCED: Partial<Record<string, GuardianRelation[]>> = { '1|5': ['guardian'], '1|11': ['grandmother'] };

/**
 * The students of the given groups with their guardians: 24–26 a group, born in the right year for the
 * grade, patronymics from the father's name, surnames in the right form; two children in different
 * groups are siblings with the same parents.
 */
export function generateFamilies(
  random: Random,
  startYear: number,
  groups: readonly { name: string; gradeLevel: number }[],
  avoidSurnames: ReadonlySet<string>,
  phones: Set<string>,
): DemoFamilies {
  const result: DemoFamilies = { students: [], guardians: [], links: [] };
  const emails = new Set<string>();
  const surnames = random.shuffle(SURNAMES.filter((s) => !avoidSurnames.has(s)));
  const fullNames = new Set<string>();
  const families: Family[] = [];

  const addGuardian = (family: Family, relation: GuardianRelation) => {
    const sex: Sex = relation === 'father' ? 'm' : 'f';
    const other = relation === 'guardian' ? surnames.pop() : undefined;
    const person: DemoPerson = {
      lastName: surname(other ?? family.surname, sex),
      firstName: relation === 'father' ? family.fatherName : random.pick(relation === 'grandmother' ? GRANDMOTHER_NAMES : MOTHER_NAMES),
      middleName: adultPatronymic(random, sex),
    };
    const email = random.chance(0.6) ? personalEmail(random, person, emails) : null;
    result.guardians.push({ ...person, phone: mobilePhone(random, phones), email });
    family.guardians.push({ guardian: result.guardians.length - 1, relation });
  };

  const addChild = (family: Family, group: { name: string; gradeLevel: number }) => {
    for (;;) {
      const sex: Sex = random.chance(0.5) ? 'm' : 'f';
      const child: DemoPerson = { lastName: surname(family.surname, sex), firstName: childFirstName(random, sex), middleName: patronymic(family.fatherName, sex) };
      const key = `${child.lastName} ${child.firstName} ${child.middleName}`;
      if (fullNames.has(key)) continue;
      fullNames.add(key);
      const born = new Date(Date.UTC(startYear - group.gradeLevel - 7, 8, 1 + random.int(0, 364)));
      result.students.push({ ...child, sex, birthDate: born.toISOString().slice(0, 10), individualPlan: false, group: group.name });
      for (const { guardian, relation } of family.guardians) result.links.push({ student: result.students.length - 1, guardian, relation });
      return;
    }
  };

  const newFamily = (group: string, forced?: GuardianRelation[]): Family => {
    const family: Family = { group, surname: surnames.pop()!, fatherName: random.pick(FATHER_NAMES), guardians: [] };
    const drawn = drawComposition(random);
    const composition = forced ?? drawn;
    for (const relation of composition) addGuardian(family, relation);
    families.push(family);
    return family;
  };

  for (const [g, group] of groups.entries()) {
    const size = random.int(24, 26);
    for (let i = 0; i < size; i++) {
      // The older class's first children are siblings of children in the younger ones: the same parents.
      const older = g === groups.length - 1 && i < g ? groups[i]!.name : undefined;
      const sibling = older ? families.find((f) => f.group === older && f.guardians.length === 2) : undefined;
      addChild(sibling ?? newFamily(group.name, FORCED[`${g}|${i}`]), group);
    }
  }
  for (const name of groups.slice(1).map((g) => g.name)) {
    const inGroup = result.students.filter((s) => s.group === name);
    random.pick(inGroup).individualPlan = true;
  }
  return result;
}
