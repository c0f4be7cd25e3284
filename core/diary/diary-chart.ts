import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFound } from '../base/errors.js';
import { average, weightedAverage } from '../journal/formulas/index.js';
import { Subject } from '../school/subject.entity.js';
import { cellsOf, marksBetween, type DiaryMark } from './diary-marks.js';
import { yearFor, type DiaryScope } from './diary-scope.js';

/** A subject's marks over time: per day the day's average, and the weighted average up to that day. */
export interface ChartSubject {
  subjectId: number;
  subject: string;
  points: { date: string; average: number; running: number }[];
}

export interface MarksChartData {
  /** The subject asked for, by name; undefined for every subject. */
  subject?: string;
  from: string;
  to: string;
  subjects: ChartSubject[];
}

/** The data of the marks chart: the academic year so far, every subject or the one chosen. */
export async function chartData(em: EntityManager, scope: DiaryScope, subjectId?: number): Promise<MarksChartData> {
  const chosen = subjectId === undefined ? undefined : await em.findOne(Subject, { id: subjectId, school: scope.school.id });
  if (subjectId !== undefined && !chosen) throw new NotFound('Subject');
  const year = await yearFor(em, scope);
  const from = year?.startDate ?? scope.today;
  const marks = (await marksBetween(em, scope, from, scope.today)).filter((m) => subjectId === undefined || m.subjectId === subjectId);
  const bySubject = new Map<number, DiaryMark[]>();
  for (const m of marks) bySubject.set(m.subjectId, [...(bySubject.get(m.subjectId) ?? []), m]);
  const subjects = [...bySubject.values()].map((own): ChartSubject => {
    const dates = [...new Set(own.map((m) => m.date))];
    return {
      subjectId: own[0]!.subjectId,
      subject: own[0]!.subject,
      points: dates.map((date) => ({
        date,
        average: average(cellsOf(own.filter((m) => m.date === date)))!,
        running: weightedAverage(cellsOf(own.filter((m) => m.date <= date))) ?? average(cellsOf(own.filter((m) => m.date <= date)))!,
      })),
    };
  });
  subjects.sort((a, b) => a.subject.localeCompare(b.subject, 'ru') || a.subjectId - b.subjectId);
  return { ...(chosen ? { subject: chosen.name } : {}), from, to: scope.today, subjects };
}
