import type { EntityManager } from '@mikro-orm/postgresql';
import { PeriodMark, type PeriodMarkValue } from '../journal/period-mark.entity.js';
import type { DiaryScope } from './diary-scope.js';
import { yearFor } from './diary-scope.js';
import { periodInfo, type PeriodInfo } from './period-info.js';

/** A subject's mark for a period: 2–5, зачёт, незачёт, н/а, осв., or deferred (D2). */
export interface DiaryPeriodMark {
  subjectId: number;
  subject: string;
  value: PeriodMarkValue | null;
  deferredUntil: string | null;
}

export interface PeriodMarksView {
  year: { id: number; name: string } | null;
  /** The terms in order, the year's marks last; only periods with at least one mark. */
  periods: { period: PeriodInfo; marks: DiaryPeriodMark[] }[];
}

/** D2: the student's period and year marks of the current academic year, as the teachers set them. */
export async function periodMarks(em: EntityManager, scope: DiaryScope): Promise<PeriodMarksView> {
  const year = await yearFor(em, scope);
  if (!year) return { year: null, periods: [] };
  const rows = await em.find(PeriodMark, {
    student: scope.student.id,
    school: scope.school.id,
    period: { year: year.id },
    $or: [{ value: { $ne: null } }, { deferredUntil: { $ne: null } }],
  }, { populate: ['period', 'assignment.subject'] });
  const byPeriod = new Map<number, { period: PeriodInfo; marks: DiaryPeriodMark[] }>();
  for (const row of rows) {
    const entry = byPeriod.get(row.period.id) ?? { period: periodInfo(row.period), marks: [] };
    byPeriod.set(row.period.id, entry);
    entry.marks.push({
      subjectId: row.assignment.subject.id,
      subject: row.assignment.subject.name,
      value: row.value ?? null,
      deferredUntil: row.deferredUntil ?? null,
    });
  }
  const periods = [...byPeriod.values()];
  for (const p of periods) p.marks.sort((a, b) => a.subject.localeCompare(b.subject, 'ru') || a.subjectId - b.subjectId);
  periods.sort((a, b) => Number(a.period.type === 'year') - Number(b.period.type === 'year') || a.period.startDate.localeCompare(b.period.startDate) || a.period.id - b.period.id);
  return { year: { id: year.id, name: year.name }, periods };
}
