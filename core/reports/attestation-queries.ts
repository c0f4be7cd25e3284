import type { EntityManager } from '@mikro-orm/postgresql';
import { isMark, type Mark, type MarkCell } from '../journal/formulas/index.js';

/**
 * The current marks of the assignments' lessons in the range as journal cells, per `assignment:student`:
 * one SQL aggregate counts each (mark, weight) pair, a double mark 5/4 being two marks of its cell's weight,
 * so a whole school's year comes back as a few rows per student and subject, not a row per mark.
 */
export async function markCells(em: EntityManager, schoolId: number, assignmentIds: readonly number[], range: { from: string; to: string }): Promise<Map<string, MarkCell[]>> {
  const cells = new Map<string, MarkCell[]>();
  if (assignmentIds.length === 0) return cells;
  const rows = await em.execute<{ assignment_id: number; student_id: number; value: number; weight: string; n: number }[]>(
    `select l.assignment_id, k.student_id, v.value, w.weight, count(*)::int as n
       from mark k join lesson l on l.id = k.lesson_id join work_type w on w.id = k.work_type_id
       cross join lateral (values (k.value), (k.second)) as v(value)
      where l.school_id = ? and l.date between ? and ? and l.assignment_id in (?) and v.value is not null
      group by l.assignment_id, k.student_id, v.value, w.weight`,
    [schoolId, range.from, range.to, [...new Set(assignmentIds)]],
  );
  for (const r of rows) {
    const value = r.value;
    if (!isMark(value)) continue;
    const key = `${r.assignment_id}:${r.student_id}`;
    const list = cells.get(key) ?? cells.set(key, []).get(key)!;
    list.push({ marks: Array<Mark>(r.n).fill(value), weight: Number(r.weight) });
  }
  return cells;
}

/** The school's rounding threshold of proposed period marks (A14; 0.5 unless the school chose otherwise). */
export async function roundingThreshold(em: EntityManager, schoolId: number): Promise<number> {
  const [row] = await em.execute<{ rounding_threshold: string }[]>('select rounding_threshold from school where id = ?', [schoolId]);
  return Number(row!.rounding_threshold);
}
