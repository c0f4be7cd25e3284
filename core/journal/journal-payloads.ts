import type { AttendanceCode } from './attendance-codes.js';

// What the journal's notifications carry: everything the message needs, so that rendering reads no other
// table (the row may be sent long after, when the mark has changed again or the student has left).

/** The lesson an event is about, and the child («Алексеев Пётр»), shown to guardians. */
export interface LessonEventPayload {
  lessonId: number;
  subject: string;
  /** The lesson's date, YYYY-MM-DD. */
  date: string;
  lessonNumber: number;
  studentName: string;
  studentSex: 'm' | 'f';
}

/** `mark` (given), `markChanged` (with the value before) and `markRemoved` (the value removed). */
export interface MarkPayload extends LessonEventPayload {
  markId: number;
  value: number;
  second: number | null;
  workType: string;
  comment: string | null;
  makeUp: boolean;
  oldValue?: number;
  oldSecond?: number | null;
}

/** `mark` with `period`: a period mark (C7) set for a period («I четверть»); no lesson. */
export interface PeriodMarkPayload {
  period: string;
  periodMarkId: number;
  subject: string;
  studentName: string;
  /** Absent from rows written before it was carried: the neutral wording («освобождение»). */
  studentSex?: 'm' | 'f';
  /** 2–5 or a word: «зачёт», «н/а»… as the journal shows it. */
  value: string;
}

/** `absence`: an absence or lateness that appeared (`oldCode` null), changed, or disappeared (`code` null). */
export interface AbsencePayload extends LessonEventPayload {
  code: AttendanceCode | null;
  oldCode: AttendanceCode | null;
}

/** `homework`: the group's (or, `individual`, the child's own) homework of a lesson. */
export interface HomeworkPayload extends LessonEventPayload {
  homeworkId: number;
  text: string | null;
  none: boolean;
  dueDate: string | null;
  individual: boolean;
}

/** `schedule`: a substitution registered (`substitute` is the teacher's name) or cancelled (null). */
export interface SchedulePayload extends LessonEventPayload {
  substitute: string | null;
}

/** What a rollback of leaked access (B3) can cancel and tell the family about. */
export type CancelledEntry = 'mark' | 'absence' | 'periodMark' | 'homework';

/**
 * `cancelled`: an entry made through leaked access was undone by the administrator's rollback (B3).
 * `cancelled` is what the intruder's entry said («5», «n», the homework's text), null when it removed one;
 * `restored` is what stands again, null when nothing does. A period mark has `period` and no lesson.
 */
export interface CancelledPayload extends Omit<LessonEventPayload, 'lessonId' | 'date' | 'lessonNumber'> {
  entry: CancelledEntry;
  /** The mark's, attendance row's, period mark's or homework's id as the rollback found it. */
  entryId: number;
  lessonId?: number;
  date?: string;
  lessonNumber?: number;
  period?: string;
  cancelled: string | null;
  restored: string | null;
}
