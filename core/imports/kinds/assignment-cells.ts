import type { ImportContext, ImportRow } from '../import-row.js';
import { assignmentKey, assignmentsOfYear, currentYear, groupsOfYear, staffOfSchool, subgroupsOfSchool, subjectsOfSchool } from '../lookups.js';
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

/**
 * Finds the assignment a line names (group of the current year + subgroup + subject + teacher's full
 * ФИО). Assignments are made in the panel; the import does not create them.
 */
export async function assignmentFinder(ctx: ImportContext): Promise<(row: ImportRow) => AssignmentFacts | undefined> {
  const { em, schoolId } = ctx;
  const year = await currentYear(em, schoolId, ctx.today);
  if (!year) return (row) => row.reject('group', 'import.noCurrentYear');
  // One after another: they share the transaction's connection.
  const groups = await groupsOfYear(em, schoolId, year.id);
  const subgroups = await subgroupsOfSchool(em, schoolId);
  const subjects = await subjectsOfSchool(em, schoolId);
  const staff = await staffOfSchool(em, schoolId);
  const assignments = await assignmentsOfYear(em, schoolId, year.id);
  return (row) => {
    const groupId = lookupCell(row, 'group', groups, { notFound: 'import.groupNotFound' });
    const subgroupId = groupId !== undefined && row.get('subgroup')
      ? lookupCell(row, 'subgroup', subgroups, { notFound: 'import.subgroupNotFound' }, `${groupId}|`)
      : null;
    const subjectId = lookupCell(row, 'subject', subjects, { notFound: 'import.subjectNotFound' });
    const teacherId = lookupCell(row, 'teacher', staff, { notFound: 'import.teacherNotFound', ambiguous: 'import.teacherAmbiguous' });
    if (groupId === undefined || subgroupId === undefined || subjectId === undefined || teacherId === undefined) return undefined;
    const [assignmentId] = assignments.get(assignmentKey(groupId, subjectId, teacherId, subgroupId)) ?? [];
    if (assignmentId === undefined) return row.reject('teacher', 'import.assignmentNotFound', { subject: row.get('subject'), group: row.get('group') });
    return { assignmentId, groupId, subgroupId };
  };
}
