import type { EntityManager } from '@mikro-orm/postgresql';
import type { Mark, MarkCell } from '../journal/formulas/index.js';

const MARKS: readonly Mark[] = [2, 3, 4, 5];

/**
 * The current marks of the assignments' lessons in the range as journal cells, per `assignment:student`:
 * one SQL aggregate counts each student's marks of each value per work type (a double mark 5/4 is two marks
 * of its cell's weight), so a whole school's year comes back as a few rows per student and subject, not a
 * row per mark.
 */
export async function markCells(em: EntityManager, schoolId: number, assignmentIds: readonly number[], range: { from: string; to: string }): Promise<Map<string, MarkCell[]>> {
  const cells = new Map<string, MarkCell[]>();
  if (assignmentIds.length === 0) return cells;
  const count = (v: Mark) => `(count(*) filter (where k.value = ${v}) + count(*) filter (where k.second = ${v}))::int as n${v}`;
  const [rows, workTypes] = await Promise.all([
    em.execute<({ assignment_id: number; student_id: number; work_type_id: number } & Record<`n${Mark}`, number>)[]>(
      `select l.assignment_id, k.student_id, k.work_type_id, ${MARKS.map(count).join(', ')}
         from mark k join lesson l on l.id = k.lesson_id
        where l.school_id = ? and l.date between ? and ? and l.assignment_id in (?)
        group by l.assignment_id, k.student_id, k.work_type_id`,
      [schoolId, range.from, range.to, [...new Set(assignmentIds)]]),
    em.execute<{ id: number; weight: string }[]>('select id, weight from work_type where school_id = ?', [schoolId]),
  ]);
  const weights = new Map(workTypes.map((w) => [w.id, Number(w.weight)]));
  for (const r of rows) {
    const key = `${r.assignment_id}:${r.student_id}`;
    const list = cells.get(key) ?? cells.set(key, []).get(key)!;
    for (const value of MARKS) {
      const n = r[`n${value}`];
      if (n > 0) list.push({ marks: Array<Mark>(n).fill(value), weight: weights.get(r.work_type_id)! });
    }
  }
  return cells;
}

/** The school's rounding threshold of proposed period marks (A14; 0.5 unless the school chose otherwise). */
export async function roundingThreshold(em: EntityManager, schoolId: number): Promise<number> {
  const [row] = await em.execute<{ rounding_threshold: string }[]>('select rounding_threshold from school where id = ?', [schoolId]);
  return Number(row!.rounding_threshold);
}

/** Who is exempt (осв.) in an assignment for any of the periods: `assignment:student`. */
export async function exemptions(em: EntityManager, assignmentIds: readonly number[], periodIds: readonly number[]): Promise<Set<string>> {
  if (assignmentIds.length === 0 || periodIds.length === 0) return new Set();
  const rows = await em.execute<{ assignment_id: number; student_id: number }[]>(
    `select distinct assignment_id, student_id from period_mark where period_id in (?) and assignment_id in (?) and value = 'exempt'`,
    [[...new Set(periodIds)], [...new Set(assignmentIds)]]);
  return new Set(rows.map((r) => `${r.assignment_id}:${r.student_id}`));
}
