/** н (absent, reason unknown), б (ill), п (valid reason), оп (late) — S0 §4.8, S4 §3.9. */
export const ATTENDANCE_CODES = ['n', 'b', 'p', 'op'] as const;
export type AttendanceCode = (typeof ATTENDANCE_CODES)[number];
/** The codes that mean the student was not in the lesson (late is present). */
export const ABSENCE_CODES: readonly AttendanceCode[] = ['n', 'b', 'p'];
