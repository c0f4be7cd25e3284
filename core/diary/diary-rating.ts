import type { EntityManager } from '@mikro-orm/postgresql';
import { isMark, rankStudents, weightedAverage, type Mark as Grade, type MarkCell } from '../journal/formulas/index.js';
import { studentsOf } from '../access/relations.js';
import type { Period } from '../school/period.entity.js';
import { groupOn, type DiaryScope } from './diary-scope.js';
import { periodInfo, type PeriodInfo } from './period-info.js';

/**
 * The child's place in its group (D7, S0 §5.1): only the child's own place, average and the group's size are
 * given out, never another child's name or average.
 */
export interface RatingView {
  period: PeriodInfo | null;
  group: string | null;
  /** Students in the group. */
  size: number;
  /** Students with at least one mark, who have a place. */
  rated: number;
  /** 1-based; null when the child has no marks in the period. */
  place: number | null;
  /** Whether other students share the place. */
  shared: boolean;
  weightedAverage: number | null;
}

/** D7: the group's students ranked by the weighted average of all their marks in the period (formulas' rankStudents). */
export async function rating(em: EntityManager, scope: DiaryScope, period: Period | undefined): Promise<RatingView> {
  const empty: RatingView = { period: period ? periodInfo(period) : null, group: null, size: 0, rated: 0, place: null, shared: false, weightedAverage: null };
  if (!period) return empty;
  const reference = scope.today < period.endDate ? scope.today : period.endDate;
  const stretch = groupOn(scope, reference);
  if (!stretch) return empty;
  // The group as it was on that day (or on the child's last day in it).
  const at = stretch.endDate && stretch.endDate < reference ? stretch.endDate : reference;
  const members = await studentsOf(em, [stretch.group.id], at);
  const ids = [...new Set([scope.student.id, ...members])].sort((a, b) => a - b);
  // em.execute, not em.getConnection().execute: inside a bot update's transaction it must not take a second connection.
  const rows = await em.execute<{ student_id: number; value: number; second: number | null; weight: string }[]>(
    `select m.student_id, m.value, m.second, w.weight
       from mark m join lesson l on l.id = m.lesson_id join work_type w on w.id = m.work_type_id
      where m.school_id = ? and m.student_id in (${ids.map(() => '?').join(', ')}) and l.date between ? and ?`,
    [scope.school.id, ...ids, period.startDate, period.endDate],
  );
  const cells = new Map<number, MarkCell[]>(ids.map((id) => [id, []]));
  for (const row of rows) {
    cells.get(row.student_id)?.push({ marks: [row.value, row.second].filter((v): v is Grade => isMark(v)), weight: Number(row.weight) });
  }
  const ranked = rankStudents(ids.map((id) => ({ studentId: id, weightedAverage: weightedAverage(cells.get(id)!) })));
  const own = ranked.find((r) => r.studentId === scope.student.id)!;
  return {
    period: periodInfo(period),
    group: stretch.group.name,
    size: ids.length,
    rated: ranked.filter((r) => r.place !== undefined).length,
    place: own.place ?? null,
    shared: own.place !== undefined && ranked.filter((r) => r.place === own.place).length > 1,
    weightedAverage: own.weightedAverage ?? null,
  };
}
