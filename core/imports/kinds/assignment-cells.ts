import type { ImportContext, ImportRow } from '../import-row.js';
import { assignmentKey, assignmentsOfYear, currentYear, groupsOfYear, staffOfSchool, subgroupsOfSchool, subjectsOfSchool, type NameIndex } from '../lookups.js';
import { lookupCell } from './cells.js';

/** The columns that name a teaching assignment: Класс, Подгруппа, Предмет, Учитель. */
export const ASSIGNMENT_COLUMNS = [
  { key: 'group', required: true, aliases: ['группа'] },
  { key: 'subgroup' },
  { key: 'subject', required: true },
  { key: 'teacher', required: true, aliases: ['преподаватель'] },
] as const;

export interface AssignmentFacts {
  assignmentId: number;
  groupId: number;
  subgroupId: number | null;
}

export interface AssignmentParts {
  groupId: number;
  subgroupId: number | null;
  subjectId: number;
  teacherId: number;
}

export interface AssignmentLookups {
  yearId: number;
  /** The group, subgroup, subject and teacher a line names; undefined (the line rejected) when one is not found. */
  partsOf(row: ImportRow): AssignmentParts | undefined;
  /** The year's assignments by assignmentKey. */
  assignments: NameIndex;
}

/**
 * Loads what the assignment columns name (groups of the current year, subgroups, subjects, staff, the
 * year's assignments), once per file; undefined, with every line rejected, when the school has no year.
 */
export async function assignmentLookups(ctx: ImportContext): Promise<AssignmentLookups | undefined> {
  const { em, schoolId } = ctx;
  const year = await currentYear(em, schoolId, ctx.today);
  if (!year) return undefined;
  // One after another: they share the transaction's connection.
  const groups = await groupsOfYear(em, schoolId, year.id);
  const subgroups = await subgroupsOfSchool(em, schoolId);
  const subjects = await subjectsOfSchool(em, schoolId);
  const staff = await staffOfSchool(em, schoolId);
  const assignments = await assignmentsOfYear(em, schoolId, year.id);
  const partsOf = (row: ImportRow): AssignmentParts | undefined => {
    const groupId = lookupCell(row, 'group', groups, { notFound: 'import.groupNotFound' });
    const subgroupId = groupId !== undefined && row.get('subgroup')
      ? lookupCell(row, 'subgroup', subgroups, { notFound: 'import.subgroupNotFound' }, `${groupId}|`)
      : null;
    const subjectId = lookupCell(row, 'subject', subjects, { notFound: 'import.subjectNotFound' });
    const teacherId = lookupCell(row, 'teacher', staff, { notFound: 'import.teacherNotFound', ambiguous: 'import.teacherAmbiguous' });
    if (groupId === undefined || subgroupId === undefined || subjectId === undefined || teacherId === undefined) return undefined;
    return { groupId, subgroupId, subjectId, teacherId };
  };
  return { yearId: year.id, partsOf, assignments };
}

/**
 * Finds the assignment a line names (group of the current year + subgroup + subject + teacher's full
 * ФИО). The assignments are the school's: made in the panel or imported (kinds/assignments.ts) first.
 */
export async function assignmentFinder(ctx: ImportContext): Promise<(row: ImportRow) => AssignmentFacts | undefined> {
  const lookups = await assignmentLookups(ctx);
  if (!lookups) return (row) => row.reject('group', 'import.noCurrentYear');
  return (row) => {
    const parts = lookups.partsOf(row);
    if (!parts) return undefined;
    const [assignmentId] = lookups.assignments.get(assignmentKey(parts.groupId, parts.subjectId, parts.teacherId, parts.subgroupId)) ?? [];
    if (assignmentId === undefined) return row.reject('teacher', 'import.assignmentNotFound', { subject: row.get('subject'), group: row.get('group') });
    return { assignmentId, groupId: parts.groupId, subgroupId: parts.subgroupId };
  };
}
