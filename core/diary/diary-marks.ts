import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays } from '../time/local-date.js';
import { average, fivesToReach, isMark, proposedPeriodMark, weightedAverage, type Mark as Grade, type MarkCell } from '../journal/formulas/index.js';
import { Mark } from '../journal/mark.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import type { Period } from '../school/period.entity.js';
import { enrollmentOverlaps, type DiaryScope } from './diary-scope.js';
import { periodInfo, type PeriodInfo } from './period-info.js';

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

/** D1 by subject: every subject the student is taught in the period, with its marks and what they lead to. */
export async function marksBySubject(em: EntityManager, scope: DiaryScope, period: Period | undefined): Promise<MarksBySubject> {
  const threshold = Number(scope.school.roundingThreshold);
  if (!period) return { period: null, roundingThreshold: threshold, subjects: [] };
  const marks = await marksBetween(em, scope, period.startDate, period.endDate);
  const subjects = await subjectsTaught(em, scope, period);
  for (const m of marks) if (!subjects.has(m.subjectId)) subjects.set(m.subjectId, { name: m.subject, withoutAttestation: false });
  const rows = [...subjects].map(([subjectId, subject]) => summarize(subjectId, subject, marks.filter((m) => m.subjectId === subjectId), threshold));
  rows.sort((a, b) => a.subject.localeCompare(b.subject, 'ru') || a.subjectId - b.subjectId);
  return { period: periodInfo(period), roundingThreshold: threshold, subjects: rows };
}

function summarize(subjectId: number, subject: { name: string; withoutAttestation: boolean }, marks: DiaryMark[], threshold: number): SubjectMarks {
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

/** The subjects of the assignments of the student's groups (and subgroups) during the period. */
async function subjectsTaught(em: EntityManager, scope: DiaryScope, period: Period): Promise<Map<number, { name: string; withoutAttestation: boolean }>> {
  const groups = scope.enrollments.filter((e) => enrollmentOverlaps(e, period.startDate, period.endDate)).map((e) => e.group.id);
  const subjects = new Map<number, { name: string; withoutAttestation: boolean }>();
  if (!groups.length) return subjects;
  const assignments = await em.find(TeachingAssignment, {
    school: scope.school.id,
    year: period.year.id,
    group: { $in: groups },
    $or: [{ subgroup: null }, ...(scope.subgroupIds.length ? [{ subgroup: { $in: scope.subgroupIds } }] : [])],
  }, { populate: ['subject'] });
  for (const a of assignments) subjects.set(a.subject.id, { name: a.subject.name, withoutAttestation: a.subject.withoutAttestation });
  return subjects;
}
