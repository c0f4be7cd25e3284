import type { EntityManager } from '@mikro-orm/postgresql';
import { Student } from '../people/student.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { Period } from '../school/period.entity.js';
import { fullName } from '../people/display-name.js';
import { assignmentTitle } from './assignment-title.js';
import type { PlainRow } from './record-rows.js';

/**
 * Period marks and locks with the names of their student, assignment and period (`studentName`,
 * `assignmentTitle`, `periodName`): a teacher holds no right to the student or period lists, so the
 * referenced rows could not be shown to it by reference.
 */
export async function journalNames(em: EntityManager, rows: PlainRow[]): Promise<void> {
  if (!rows.length) return;
  const ids = (field: string) => [...new Set(rows.map((r) => Number(r[field])).filter((n) => n > 0))];
  const [students, assignments, periods] = await Promise.all([
    ids('student').length ? em.find(Student, { id: { $in: ids('student') } }) : [],
    em.find(TeachingAssignment, { id: { $in: ids('assignment') } }, { populate: ['subject', 'group', 'subgroup', 'teacher'] }),
    em.find(Period, { id: { $in: ids('period') } }),
  ]);
  for (const row of rows) {
    const student = students.find((s) => s.id === Number(row.student));
    const assignment = assignments.find((a) => a.id === Number(row.assignment));
    row.studentName = student ? fullName(student) : null;
    row.assignmentTitle = assignment ? assignmentTitle(assignment) : null;
    row.periodName = periods.find((p) => p.id === Number(row.period))?.name ?? null;
  }
}
