import type { EntityManager } from '@mikro-orm/postgresql';
import { Enrollment } from '../people/enrollment.entity.js';
import { Student } from '../people/student.entity.js';
import { SubgroupMember } from '../people/subgroup.entity.js';
import { fullName } from '../school/rules/names.js';
import type { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import type { Period } from '../school/period.entity.js';
import { average, isMark, proposedPeriodMark, weightedAverage, type Mark as Grade, type MarkCell } from './formulas/index.js';
import { Mark } from './mark.entity.js';
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

const collator = new Intl.Collator('ru');

/**
 * The students who studied in the assignment's group (and subgroup) at any time during the period, by ФИО.
 * A student who left in the middle of the period is still attested for the part studied.
 */
export async function studentsOfPeriod(em: EntityManager, assignment: TeachingAssignment, period: Period): Promise<Student[]> {
  const enrollments = await em.find(Enrollment, {
    group: assignment.group.id,
    startDate: { $lte: period.endDate },
    $or: [{ endDate: null }, { endDate: { $gte: period.startDate } }],
  }, { fields: ['student'] });
  let ids = [...new Set(enrollments.map((e) => e.student.id))];
  if (assignment.subgroup && ids.length) {
    const members = await em.find(SubgroupMember, { subgroup: assignment.subgroup.id, student: { $in: ids } }, { fields: ['student'] });
    const inSubgroup = new Set(members.map((m) => m.student.id));
    ids = ids.filter((id) => inSubgroup.has(id));
  }
  if (!ids.length) return [];
  const students = await em.find(Student, { id: { $in: ids } });
  return students.sort((a, b) => collator.compare(fullName(a), fullName(b)) || a.id - b.id);
}

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
      fullName: fullName(student),
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
