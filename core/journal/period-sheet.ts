import type { EntityManager } from '@mikro-orm/postgresql';
import type { Student } from '../people/student.entity.js';
import { studentName, type NameParts } from '../people/display-name.js';
import type { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import type { Period } from '../school/period.entity.js';
import { average, isMark, proposedPeriodMark, weightedAverage, type Mark as Grade, type MarkCell } from './formulas/index.js';
import { Mark } from './mark.entity.js';
import { assignmentStudents } from './roster.js';
import type { PeriodLock } from './period-lock.entity.js';
import { PeriodMark, type PeriodMarkValue } from './period-mark.entity.js';

/** One mark of the period as the sheet shows it. */
export interface PeriodSheetMark {
  markId: number;
  lessonId: number;
  date: string;
  value: number;
  second: number | null;
  weight: number;
}

export interface PeriodSheetRow {
  studentId: number;
  fullName: string;
  /** The name's parts, for the forms a renderer needs (display-name.ts; a pseudonym in the reader's language). */
  name: NameParts;
  marks: PeriodSheetMark[];
  /** Null when the student has no marks in the period. */
  average: number | null;
  weightedAverage: number | null;
  /** The weighted average rounded by the school's rule; null without marks. */
  proposed: Grade | null;
  periodMark: { id: number; value: PeriodMarkValue | null; deferredUntil: string | null; version: number } | null;
}

export interface PeriodLockState {
  locked: boolean;
  lockedAt: Date;
  unlockedAt: Date | null;
  unlockedBy: string | null;
  version: number;
}

/** The period marks of an assignment: one row per student, with what the journal proposes. */
export interface PeriodSheet {
  assignment: TeachingAssignment;
  period: Period;
  roundingThreshold: number;
  rows: PeriodSheetRow[];
  lock: PeriodLockState | null;
}

/** The students attested for the period: those who studied with the assignment at any time in it (by ФИО). */
export const studentsOfPeriod = (em: EntityManager, assignment: TeachingAssignment, period: Period): Promise<Student[]> =>
  assignmentStudents(em, assignment, period.startDate, period.endDate);

/** The sheet's rows: each student's marks of the assignment dated inside the period and their averages. */
export async function periodRows(em: EntityManager, assignment: TeachingAssignment, period: Period, threshold: number): Promise<PeriodSheetRow[]> {
  const students = await studentsOfPeriod(em, assignment, period);
  if (!students.length) return [];
  const ids = students.map((s) => s.id);
  const [marks, periodMarks] = await Promise.all([
    em.find(Mark, {
      student: { $in: ids },
      lesson: { assignment: assignment.id, date: { $gte: period.startDate, $lte: period.endDate } },
    }, { populate: ['lesson', 'workType'], orderBy: { lesson: { date: 'asc', lessonNumber: 'asc' }, id: 'asc' } }),
    em.find(PeriodMark, { assignment: assignment.id, period: period.id, student: { $in: ids } }),
  ]);
  return students.map((student) => {
    const own = marks.filter((m) => m.student.id === student.id);
    const cells: MarkCell[] = own.map((m) => ({
      marks: [m.value, m.second].filter((v): v is Grade => isMark(v)),
      weight: Number(m.workType.weight),
    }));
    const row = periodMarks.find((pm) => pm.student.id === student.id);
    return {
      studentId: student.id,
      fullName: studentName(student),
      name: { lastName: student.lastName, firstName: student.firstName, middleName: student.middleName ?? null, pseudonymNo: student.pseudonymNo ?? null },
      marks: own.map((m) => ({
        markId: m.id,
        lessonId: m.lesson.id,
        date: m.lesson.date,
        value: m.value,
        second: m.second ?? null,
        weight: Number(m.workType.weight),
      })),
      average: average(cells) ?? null,
      weightedAverage: weightedAverage(cells) ?? null,
      proposed: proposedPeriodMark(cells, threshold) ?? null,
      periodMark: row ? { id: row.id, value: row.value ?? null, deferredUntil: row.deferredUntil ?? null, version: row.version } : null,
    };
  });
}

export function lockState(lock: PeriodLock | null): PeriodLockState | null {
  if (!lock) return null;
  return { locked: lock.locked, lockedAt: lock.lockedAt, unlockedAt: lock.unlockedAt ?? null, unlockedBy: lock.unlockedBy ?? null, version: lock.version };
}
