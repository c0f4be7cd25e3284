/**
 * Attendance (D3, E3), SPEC «Formulas»: a lesson is missed when the student missed more than half of it;
 * attendance % = (lessons held − missed) ÷ held × 100; lateness does not reduce it.
 */

/** Roll-call codes: present; н (absent, reason unknown), б (ill), п (valid reason); оп (late). */
export type AttendanceCode = 'present' | 'n' | 'b' | 'p' | 'op';

/** The codes that mean the lesson was missed. Lateness (оп) is not one of them. */
export const ABSENCE_CODES: ReadonlySet<AttendanceCode> = new Set<AttendanceCode>(['n', 'b', 'p']);

export function isAbsence(code: AttendanceCode): boolean {
  return ABSENCE_CODES.has(code);
}

/**
 * Whether a student who was away `minutesAway` of a `lessonMinutes` lesson missed it: strictly more
 * than half (so a student late by more than half the lesson is absent, not late; exactly half is late).
 */
export function missedMoreThanHalf(minutesAway: number, lessonMinutes: number): boolean {
  if (!(lessonMinutes > 0) || !(minutesAway >= 0)) {
    throw new RangeError('Lesson length must be positive and the time away non-negative');
  }
  return 2 * minutesAway > lessonMinutes;
}

/** (held − missed) ÷ held × 100, unrounded; undefined when no lesson was held. */
export function attendancePercent(held: number, missed: number): number | undefined {
  if (!Number.isFinite(held) || !Number.isFinite(missed) || held < 0 || missed < 0 || missed > held) {
    throw new RangeError(`Need 0 ≤ missed ≤ held, got held ${String(held)}, missed ${String(missed)}`);
  }
  return held === 0 ? undefined : ((held - missed) / held) * 100;
}

/** One lesson held for the student: its roll-call code and its length in academic hours (1 by default). */
export interface LessonAttendance {
  readonly code: AttendanceCode;
  readonly hours?: number;
}

export interface AttendanceSummary {
  readonly held: number;
  readonly heldHours: number;
  readonly missed: number;
  readonly missedHours: number;
  /** Lessons per code, late (оп) included. */
  readonly byCode: Readonly<Record<AttendanceCode, number>>;
  /** Hours per code. */
  readonly hoursByCode: Readonly<Record<AttendanceCode, number>>;
  /** attendancePercent(held, missed), over lessons; undefined when none was held. */
  readonly percent: number | undefined;
}

export function summarizeAttendance(lessons: readonly LessonAttendance[]): AttendanceSummary {
  const byCode: Record<AttendanceCode, number> = { present: 0, n: 0, b: 0, p: 0, op: 0 };
  const hoursByCode: Record<AttendanceCode, number> = { present: 0, n: 0, b: 0, p: 0, op: 0 };
  let heldHours = 0;
  let missed = 0;
  let missedHours = 0;
  for (const lesson of lessons) {
    const hours = lesson.hours ?? 1;
    if (!Number.isFinite(hours) || hours <= 0) {
      throw new RangeError(`A lesson lasts a positive number of hours, got ${String(hours)}`);
    }
    if (!(lesson.code in byCode)) throw new RangeError(`Unknown attendance code ${String(lesson.code)}`);
    byCode[lesson.code] += 1;
    hoursByCode[lesson.code] += hours;
    heldHours += hours;
    if (isAbsence(lesson.code)) {
      missed += 1;
      missedHours += hours;
    }
  }
  const held = lessons.length;
  return { held, heldHours, missed, missedHours, byCode, hoursByCode, percent: attendancePercent(held, missed) };
}
