import type { EntityManager } from '@mikro-orm/postgresql';
import { Attendance, ATTENDANCE_CODES, type AttendanceCode } from '../journal/attendance.entity.js';
import { attendancePercent, isAbsence } from '../journal/formulas/index.js';
import { Lesson } from '../journal/lesson.entity.js';
import type { Period } from '../school/period.entity.js';
import { lessonsOfStudent, type DiaryScope } from './diary-scope.js';
import { periodInfo, type PeriodInfo } from './period-info.js';

/** One absence or lateness (D3). */
export interface DiaryAbsence {
  date: string;
  lessonNumber: number;
  subject: string;
  code: AttendanceCode;
}

export interface AbsencesView {
  period: PeriodInfo | null;
  /** Lessons per code: н, б, п, and оп (late). */
  counts: Record<AttendanceCode, number>;
  /** Lessons missed (н, б, п; lateness is no absence). */
  missed: number;
  /** Lessons of the student whose roll call was taken, up to today. */
  held: number;
  /** (held − missed) ÷ held × 100; null when no roll call was taken yet. */
  percent: number | null;
  /** Newest first. */
  absences: DiaryAbsence[];
}

/** D3: the student's absences and lateness in the period up to today, counted by code and listed by date. */
export async function absences(em: EntityManager, scope: DiaryScope, period: Period | undefined): Promise<AbsencesView> {
  const counts = Object.fromEntries(ATTENDANCE_CODES.map((c) => [c, 0])) as Record<AttendanceCode, number>;
  const scopeOfLessons = lessonsOfStudent(scope);
  if (!period) return { period: null, counts, missed: 0, held: 0, percent: null, absences: [] };
  const to = period.endDate < scope.today ? period.endDate : scope.today;
  const rows = period.startDate > to ? [] : await em.find(Attendance, {
    student: scope.student.id,
    school: scope.school.id,
    lesson: { date: { $gte: period.startDate, $lte: to } },
  }, { populate: ['lesson.assignment.subject'], orderBy: { lesson: { date: 'desc', lessonNumber: 'desc' }, id: 'desc' } });
  const taken = !scopeOfLessons || period.startDate > to ? [] : await em.find(Lesson, {
    $and: [scopeOfLessons, { school: scope.school.id, date: { $gte: period.startDate, $lte: to }, attendanceTakenAt: { $ne: null } }],
  }, { fields: ['id'], disableIdentityMap: true });
  const held = new Set([...taken.map((l) => l.id), ...rows.map((r) => r.lesson.id)]).size;
  let missed = 0;
  for (const row of rows) {
    counts[row.code] += 1;
    if (isAbsence(row.code)) missed += 1;
  }
  const percent = attendancePercent(held, missed);
  return {
    period: periodInfo(period),
    counts,
    missed,
    held,
    percent: percent ?? null,
    absences: rows.map((r) => ({ date: r.lesson.date, lessonNumber: r.lesson.lessonNumber, subject: r.lesson.assignment.subject.name, code: r.code })),
  };
}
