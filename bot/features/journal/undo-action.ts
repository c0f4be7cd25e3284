import type { AttendanceCode } from '../../../core/journal/attendance-codes.js';

/** What undoes the teacher's last journal action, kept in the session (C4: «отменить последнее действие»). */
export type Undo = { lessonId: number; label: string } & (
  | { kind: 'attendance'; studentId: number; code: AttendanceCode | null; version: number }
  | { kind: 'markGiven'; markId: number; version: number }
  | { kind: 'markChanged'; markId: number; version: number; value: number; second: number | null }
  | { kind: 'markRemoved'; studentId: number; value: number; second: number | null; workTypeId: number; comment: string | null; makeUp: boolean }
);
