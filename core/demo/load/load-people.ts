import type { GuardianRelation } from '../../people/guardian.entity.js';
import type { StaffRole } from '../../people/staff.entity.js';
import { addDays } from '../../time/local-date.js';
import { schoolDays, type AcademicCalendar } from '../calendar.js';
import { mobilePhone, personalEmail, transliterate } from '../contacts.js';
import { drawComposition } from '../families.js';
import { adultPatronymic, childFirstName, FATHER_NAMES, GRANDMOTHER_NAMES, MOTHER_NAMES, patronymic, type Sex } from '../names.js';
import type { Random } from '../prng.js';
import { studentTraits } from '../journal/year-journal.js';
import { surname, SURNAMES } from '../surnames.js';
import { FAMILY_POSITIONS, hoursIn, LETTERS, LOAD_SUBJECTS, PRIMARY_FAMILIES } from './load-curriculum.js';

export interface LoadPerson {
  lastName: string;
  firstName: string;
  middleName: string;
}

export interface LoadStaff extends LoadPerson {
  key: string;
  position: string;
  roles: StaffRole[];
  email: string;
  phone: string;
}

export interface LoadGroup {
  name: string;
  grade: number;
  /** Key of the class teacher in `staff`. */
  classTeacher: string;
  /** The teacher (key in `staff`) of each subject family; a split family's halves add «|1» and «|2». */
  teachers: Map<string, string>;
}

export interface LoadStudent extends LoadPerson {
  group: number;
  sex: Sex;
  birthDate: string;
  /** First and last day in the group; `end` set for those who left during the year. */
  start: string;
  end: string | null;
  /** 1 or 2: the half of the class for a split subject. */
  half: 1 | 2;
  /** Its usual level: marks scatter around it. */
  level: number;
  /** Exempt from physical education (по медицинским показаниям). */
  exemptPe: boolean;
}

export interface LoadGuardian extends LoadPerson {
  phone: string;
  email: string | null;
  consent: boolean;
}

export interface LoadPeople {
  staff: LoadStaff[];
  groups: LoadGroup[];
  students: LoadStudent[];
  guardians: LoadGuardian[];
  links: { student: number; guardian: number; relation: GuardianRelation }[];
}

/** Groups by grade: `total` groups over grades 1–11, the extra ones to the younger grades. */
export function loadGroupSizes(students: number): { grade: number; count: number }[] {
  const total = Math.max(11, Math.round(students / 25));
  return Array.from({ length: 11 }, (_, i) => ({ grade: i + 1, count: Math.floor(total / 11) + (i < total % 11 ? 1 : 0) }));
}

/** A teacher's key: the family and grade it teaches, or the class of a primary teacher. */
export const teacherKey = (family: string, grade: number, team: number) => `${family}|${grade}|${team}`;

function person(random: Random, sex: Sex): LoadPerson {
  return {
    lastName: surname(random.pick(SURNAMES), sex),
    firstName: sex === 'm' ? random.pick(FATHER_NAMES) : random.pick(MOTHER_NAMES),
    middleName: adultPatronymic(random, sex),
  };
}

/** The staff, the groups, the students with their enrollments and movements, the guardians. */
export function createLoadPeople(random: Random, calendar: AcademicCalendar, studentCount: number): LoadPeople {
  const phones = new Set<string>();
  const emails = new Set<string>();
  const staff: LoadStaff[] = [];
  const addStaff = (key: string, position: string, roles: StaffRole[], fixedSex?: Sex) => {
    const sex = fixedSex ?? (random.chance(0.8) ? 'f' : 'm');
    const p = person(random, sex);
    const base = `${transliterate(p.lastName)}.${transliterate(p.firstName)[0]}${transliterate(p.middleName)[0]}`;
    let email = `${base}@load-school.example`;
    for (let n = 2; emails.has(email); n++) email = `${base}${n}@load-school.example`;
    emails.add(email);
    staff.push({ key, ...p, position, roles, email, phone: mobilePhone(random, phones) });
  };
  addStaff('director', 'Директор', ['director']);
  addStaff('deputy|1', 'Заместитель директора по учебной работе', ['deputy']);
  addStaff('deputy|2', 'Заместитель директора по учебной работе', ['deputy']);
  addStaff('administrator', 'Ответственный за электронный журнал', ['administrator']);

  const groups: LoadGroup[] = [];
  const keys = new Set<string>();
  const classTeachers = new Set<string>();
  for (const { grade, count } of loadGroupSizes(studentCount)) {
    const subjects = LOAD_SUBJECTS.filter((s) => hoursIn(s, grade) > 0);
    const families = [...new Set(subjects.map((s) => s.family))];
    for (let i = 0; i < count; i++) {
      const name = `${grade}${LETTERS[i]}`;
      const teachers = new Map<string, string>();
      for (const family of families) {
        // A subject teacher takes two classes of a grade: their weeks then always fit together without a clash.
        const key = grade <= 4 && PRIMARY_FAMILIES.has(family) ? `primary|${name}` : teacherKey(family, grade, Math.floor(i / 2));
        teachers.set(family, key);
        const halves = family === 'english' ? [`${key}|1`, `${key}|2`] : [key];
        for (const k of halves) {
          if (keys.has(k)) continue;
          keys.add(k);
          addStaff(k, FAMILY_POSITIONS[grade <= 4 && PRIMARY_FAMILIES.has(family) ? 'primary' : family]!, ['teacher'], k.startsWith('primary|') ? 'f' : undefined);
        }
      }
      // In grades 1–4 the class teacher is the class's own teacher; later one of its subject teachers, one class each.
      const classTeacher = [...teachers.values()].map((k) => (k.startsWith('english|') ? `${k}|1` : k)).find((k) => !classTeachers.has(k))!;
      classTeachers.add(classTeacher);
      groups.push({ name, grade, classTeacher, teachers });
    }
  }

  const students: LoadStudent[] = [];
  const guardians: LoadGuardian[] = [];
  const links: LoadPeople['links'] = [];
  const familiesOf: { surname: string; father: string; guardians: { guardian: number; relation: GuardianRelation }[] }[] = [];
  const days = calendar.quarters.flatMap((q) => schoolDays(calendar, q));
  for (let i = 0; i < studentCount; i++) {
    const group = i % groups.length;
    // Every eighth child is the sibling of one already placed: the same parents.
    const sibling = i > groups.length && random.chance(0.12) ? familiesOf[random.int(0, familiesOf.length - 1)] : undefined;
    let family = sibling;
    if (!family) {
      family = { surname: random.pick(SURNAMES), father: random.pick(FATHER_NAMES), guardians: [] };
      for (const relation of drawComposition(random)) {
        const sex: Sex = relation === 'father' ? 'm' : 'f';
        const p: LoadPerson = {
          lastName: surname(relation === 'guardian' ? random.pick(SURNAMES) : family.surname, sex),
          firstName: relation === 'father' ? family.father : random.pick(relation === 'grandmother' ? GRANDMOTHER_NAMES : MOTHER_NAMES),
          middleName: adultPatronymic(random, sex),
        };
        guardians.push({ ...p, phone: mobilePhone(random, phones), email: random.chance(0.6) ? personalEmail(random, p, emails) : null, consent: random.chance(0.92) });
        family.guardians.push({ guardian: guardians.length - 1, relation });
      }
      familiesOf.push(family);
    }
    const sex: Sex = random.chance(0.5) ? 'm' : 'f';
    const grade = groups[group]!.grade;
    const born = new Date(Date.UTC(calendar.startYear - grade - 6, 8, 1 + random.int(0, 364)));
    // About 2 % leave during the year (to another school), about 1 % come in after it started.
    const leaves = random.chance(0.02);
    const arrives = !leaves && random.chance(0.01);
    const start = arrives ? days[random.int(20, Math.floor(days.length / 2))]! : calendar.start;
    const end = leaves ? days[random.int(40, days.length - 30)]! : null;
    students.push({
      lastName: surname(family.surname, sex), firstName: childFirstName(random, sex), middleName: patronymic(family.father, sex),
      group, sex, birthDate: born.toISOString().slice(0, 10), start, end, half: 1,
      ...studentTraits(random),
    });
    for (const g of family.guardians) links.push({ student: students.length - 1, guardian: g.guardian, relation: g.relation });
  }
  // The halves of a split class: the first half of the class list by name, as a class teacher would split it.
  for (let g = 0; g < groups.length; g++) {
    const members = students.filter((s) => s.group === g).sort((a, b) => a.lastName.localeCompare(b.lastName, 'ru') || a.firstName.localeCompare(b.firstName, 'ru'));
    members.forEach((s, i) => { s.half = i < Math.ceil(members.length / 2) ? 1 : 2; });
  }
  return { staff, groups, students, guardians, links };
}

/** The day after the last one in the group: when the movement out is dated. */
export const leftOn = (student: LoadStudent): string | null => (student.end ? addDays(student.end, 1) : null);
