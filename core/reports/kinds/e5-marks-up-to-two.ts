import type { EntityManager } from '@mikro-orm/postgresql';
import { executeWithoutJit } from '../../db/without-jit.js';

/*
 * Whether each student has no mark, one, or more in each assignment over the dates (a double mark 5/4 is two,
 * as in the averages): the report tells only those apart, so at most the first two marks of each pair are
 * read, from the index (assignment_id, student_id, date) that carries `second` — one short index range per
 * pair, whatever the number of marks in the year.
 */
const MARKS_UP_TO_TWO_SQL = `
select p.assignment_id, p.student_id,
       (select count(*) + count(x.second) from (select k.second from mark k
          where k.assignment_id = p.assignment_id and k.student_id = p.student_id and k.date between :from::date and :to::date limit 2) x)::int as marks
  from unnest(:assignments::int[], :students::int[]) as p(assignment_id, student_id)`;

/** A student of an assignment, as `marksUpToTwo` is asked about. */
export interface AssignmentStudent {
  assignmentId: number;
  studentId: number;
}

/** `assignment:student` → 0, 1 or 2 (two or more) marks from `from` to `to`, for each pair asked. */
export async function marksUpToTwo(em: EntityManager, pairs: readonly AssignmentStudent[], from: string, to: string): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (pairs.length === 0 || to < from) return result;
  const rows = await executeWithoutJit<{ assignment_id: number; student_id: number; marks: number }>(em, em.getKnex().raw(MARKS_UP_TO_TWO_SQL, {
    // Integer arrays as PostgreSQL array literals: one parameter each, whatever the number of pairs.
    assignments: `{${pairs.map((p) => p.assignmentId).join(',')}}`, students: `{${pairs.map((p) => p.studentId).join(',')}}`, from, to,
  }));
  for (const r of rows) result.set(`${r.assignment_id}:${r.student_id}`, Math.min(r.marks, 2));
  return result;
}
