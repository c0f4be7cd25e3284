import { Guardian } from '../../people/guardian.entity.js';
import type { GuardianRelation } from '../../people/guardian.entity.js';
import type { ImportContext } from '../import-row.js';
import { currentYear, groupsOfYear } from '../lookups.js';
import { lookupWord, normalizePhone, personKey } from '../values.js';
import { dateCell, lookupCell, yesNoCell } from './cells.js';
import type { ImportKind } from './kind.js';

const SEX_WORDS: Record<string, 'm' | 'f'> = { м: 'm', муж: 'm', мужской: 'm', m: 'm', male: 'm', ж: 'f', жен: 'f', женский: 'f', f: 'f', female: 'f' };

const RELATION_WORDS: Record<string, GuardianRelation> = {
  мать: 'mother', мама: 'mother', отец: 'father', папа: 'father', бабушка: 'grandmother', дедушка: 'grandfather',
  опекун: 'guardian', попечитель: 'guardian', другое: 'other', другой: 'other',
  mother: 'mother', father: 'father', grandmother: 'grandmother', grandfather: 'grandfather', guardian: 'guardian', other: 'other',
};

const GUARDIAN_PARTS = ['LastName', 'FirstName', 'MiddleName', 'Relation', 'Phone', 'Email'] as const;
const guardianColumn = (n: 1 | 2, part: (typeof GUARDIAN_PARTS)[number]) => `guardian${n}${part}`;

/** A guardian is found again by ФИО and phone (siblings share parents); without a phone it is always new. */
const guardianKey = (last: string, first: string, middle: string, phone: string) =>
  phone ? `${personKey(last, first, middle)}|${normalizePhone(phone)}` : undefined;

async function guardiansOfSchool(ctx: ImportContext): Promise<Map<string, number>> {
  const known = new Map<string, number>();
  for (const g of await ctx.em.find(Guardian, { school: ctx.schoolId, phone: { $ne: null } })) {
    const key = guardianKey(g.lastName, g.firstName, g.middleName ?? '', g.phone ?? '');
    if (key) known.set(key, g.id);
  }
  return known;
}

/**
 * Students: the student, an enrollment in the class of the current year from today (or the year's start),
 * and up to two guardians (found again when they already are the school's) linked to the student.
 */
export const studentsImport: ImportKind = {
  // A line finds the parents of earlier lines in `guardians`, kept in memory, never in the database.
  bulk: true,
  columns: [
    { key: 'lastName', required: true },
    { key: 'firstName', required: true },
    { key: 'middleName' },
    { key: 'birthDate', required: true },
    { key: 'sex', required: true },
    { key: 'group', required: true, aliases: ['группа'] },
    { key: 'individualPlan' },
    ...([1, 2] as const).flatMap((n) => GUARDIAN_PARTS.map((part) => ({ key: guardianColumn(n, part) }))),
  ],
  async start(ctx) {
    const year = await currentYear(ctx.em, ctx.schoolId, ctx.today);
    const groups = year ? await groupsOfYear(ctx.em, ctx.schoolId, year.id) : new Map<string, number[]>();
    // From today, or from the year's first day when the year has not begun yet.
    const startDate = year && ctx.today < year.startDate ? year.startDate : ctx.today;
    const guardians = await guardiansOfSchool(ctx);

    return async (row) => {
      const groupId = year ? lookupCell(row, 'group', groups, { notFound: 'import.groupNotFound' }) : row.reject('group', 'import.noCurrentYear');
      const sex = lookupWord(SEX_WORDS, row.get('sex'));
      if (!sex && row.get('sex')) row.reject('sex', 'import.sexInvalid', { value: row.get('sex') });
      const studentId = await row.save(
        'Student',
        {
          lastName: row.get('lastName'), firstName: row.get('firstName'), middleName: row.get('middleName'),
          birthDate: dateCell(row, 'birthDate'), sex: sex ?? '', individualPlan: yesNoCell(row, 'individualPlan'),
        },
        { lastName: 'lastName', firstName: 'firstName', middleName: 'middleName', birthDate: 'birthDate', sex: 'sex', individualPlan: 'individualPlan' },
      );

      const added = new Map<string, number>();
      const links: { guardianId: number; relation: GuardianRelation; n: 1 | 2 }[] = [];
      for (const n of [1, 2] as const) {
        const cell = (part: (typeof GUARDIAN_PARTS)[number]) => row.get(guardianColumn(n, part));
        if (GUARDIAN_PARTS.every((part) => !cell(part))) continue;
        const relation = lookupWord(RELATION_WORDS, cell('Relation'));
        if (!relation) row.reject(guardianColumn(n, 'Relation'), cell('Relation') ? 'import.relationInvalid' : 'required', { value: cell('Relation') });
        const key = guardianKey(cell('LastName'), cell('FirstName'), cell('MiddleName'), cell('Phone'));
        let guardianId = key ? (guardians.get(key) ?? added.get(key)) : undefined;
        guardianId ??= await row.save(
          'Guardian',
          { lastName: cell('LastName'), firstName: cell('FirstName'), middleName: cell('MiddleName'), phone: cell('Phone'), email: cell('Email') },
          {
            lastName: guardianColumn(n, 'LastName'), firstName: guardianColumn(n, 'FirstName'), middleName: guardianColumn(n, 'MiddleName'),
            phone: guardianColumn(n, 'Phone'), email: guardianColumn(n, 'Email'),
          },
        );
        if (guardianId !== undefined && key) added.set(key, guardianId);
        if (guardianId !== undefined && relation) links.push({ guardianId, relation, n });
      }

      // Records that point to the student (or to a guardian of this line) only once the line is sound so far.
      if (row.failed || studentId === undefined || groupId === undefined) return;
      await row.save(
        'Enrollment',
        { student: studentId, group: groupId, startDate, endDate: '', startReason: 'admission' },
        { group: 'group', startDate: 'group', student: 'lastName' },
      );
      for (const link of links) {
        if (row.failed) return;
        await row.save('StudentGuardian', { student: studentId, guardian: link.guardianId, relation: link.relation }, {
          guardian: guardianColumn(link.n, 'LastName'), relation: guardianColumn(link.n, 'Relation'),
        });
      }
      if (!row.failed) for (const [key, id] of added) guardians.set(key, id);
    };
  },
};
