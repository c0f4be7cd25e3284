import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays } from '../time/local-date.js';
import { average, fivesToReach, isMark, proposedPeriodMark, weightedAverage, type Mark as Grade, type MarkCell } from '../journal/formulas/index.js';
import { Mark } from '../journal/mark.entity.js';
import type { DiaryScope } from './diary-scope.js';
import type { PeriodInfo } from './period-info.js';

// One collator for every comparison: localeCompare with a locale builds one per call.
const byName = new Intl.Collator('ru');

/** One mark as the diary shows it (D1, D6). */
export interface DiaryMark {
  markId: number;
  date: string;
  lessonNumber: number;
  subjectId: number;
  subject: string;
  value: number;
  /** The second mark of a double mark 5/4. */
  second: number | null;
  workType: string;
  weight: number;
  comment: string | null;
  /** Work made up after an absence. */
  makeUp: boolean;
}

/** A subject of the period with the student's marks, averages and what they lead to (D1, S3 §7.2). */
export interface SubjectMarks {
  subjectId: number;
  subject: string;
  withoutAttestation: boolean;
  marks: DiaryMark[];
  average: number | null;
  weightedAverage: number | null;
  /** The period mark the weighted average rounds to by the school's rule; null without marks or attestation. */
  forecast: Grade | null;
  /** How many fives of weight 1 lift the forecast to the next mark; null when there is none to reach. */
  fivesToNext: { target: Grade; count: number } | null;
}

export interface MarksBySubject {
  period: PeriodInfo | null;
  roundingThreshold: number;
  subjects: SubjectMarks[];
}

/** The weight of the fives «how many fives to the next mark» counts: an ordinary answer in class. */
export const FIVE_WEIGHT = 1;

/** The student's marks of lessons dated from `from` to `to`, oldest first. */
export async function marksBetween(em: EntityManager, scope: DiaryScope, from: string, to: string): Promise<DiaryMark[]> {
  const marks = await em.find(Mark, {
    student: scope.student.id,
    school: scope.school.id,
    lesson: { date: { $gte: from, $lte: to } },
  }, { populate: ['lesson.assignment.subject', 'workType'], orderBy: { lesson: { date: 'asc', lessonNumber: 'asc' }, id: 'asc' } });
  return marks.map((m) => ({
    markId: m.id,
    date: m.lesson.date,
    lessonNumber: m.lesson.lessonNumber,
    subjectId: m.lesson.assignment.subject.id,
    subject: m.lesson.assignment.subject.name,
    value: m.value,
    second: m.second ?? null,
    workType: m.workType.name,
    weight: Number(m.workType.weight),
    comment: m.comment ?? null,
    makeUp: m.makeUp,
  }));
}

/** Journal cells of marks: a double mark counts as two marks of the cell's weight. */
export const cellsOf = (marks: readonly DiaryMark[]): MarkCell[] =>
  marks.map((m) => ({ marks: [m.value, m.second].filter((v): v is Grade => isMark(v)), weight: m.weight }));

/** Recent marks (D1): lessons of the last `days` days up to today, newest first. */
export async function recentMarks(em: EntityManager, scope: DiaryScope, days: number): Promise<DiaryMark[]> {
  const marks = await marksBetween(em, scope, addDays(scope.today, -(days - 1)), scope.today);
  return marks.reverse();
}

/** A subject the student is taught (or has marks in) as D1 lists it. */
export interface TaughtSubject {
  name: string;
  withoutAttestation: boolean;
}

/**
 * D1 by subject: every subject taught (`subjects`, by id) with the marks of the period, oldest first, and what
 * they lead to; a subject with marks that is not taught now is listed too. By name, then id.
 */
export function subjectRows(subjects: ReadonlyMap<number, TaughtSubject>, marks: readonly DiaryMark[], threshold: number): SubjectMarks[] {
  const all = new Map(subjects);
  const marksOf = new Map<number, DiaryMark[]>();
  for (const m of marks) {
    if (!all.has(m.subjectId)) all.set(m.subjectId, { name: m.subject, withoutAttestation: false });
    const list = marksOf.get(m.subjectId);
    if (list) list.push(m);
    else marksOf.set(m.subjectId, [m]);
  }
  const rows = [...all].map(([subjectId, subject]) => summarize(subjectId, subject, marksOf.get(subjectId) ?? [], threshold));
  return rows.sort((a, b) => byName.compare(a.subject, b.subject) || a.subjectId - b.subjectId);
}

function summarize(subjectId: number, subject: TaughtSubject, marks: DiaryMark[], threshold: number): SubjectMarks {
  const cells = cellsOf(marks);
  const forecast = subject.withoutAttestation ? undefined : proposedPeriodMark(cells, threshold);
  let fivesToNext: SubjectMarks['fivesToNext'] = null;
  if (forecast !== undefined && forecast < 5) {
    const target = (forecast + 1) as Grade;
    const count = fivesToReach(cells, target, FIVE_WEIGHT, threshold);
    if (count !== undefined) fivesToNext = { target, count };
  }
  return {
    subjectId,
    subject: subject.name,
    withoutAttestation: subject.withoutAttestation,
    marks,
    average: average(cells) ?? null,
    weightedAverage: weightedAverage(cells) ?? null,
    forecast: forecast ?? null,
    fivesToNext,
  };
}
