// The journal's buttons: `j1:<op>:<n>:<n>…`, numbers only. Every id in them is only a wish: the core
// re-checks the actor's rights on each tap. Codes and values travel as positions in their lists (the cycle
// of attendance codes, ABSENCE_CODES, PERIOD_MARK_VALUES), which the handlers check.
import { defineCallbackOps, int, type ButtonOf } from './define.js';

const n = int();

/** Each operation and its numeric fields, in order. */
export const journalData = defineCallbackOps('j1', {
  d: { date: n }, // a teacher's day (YYYYMMDD)
  o: { assignmentId: n, date: n, lessonNumber: n }, // open a timetabled lesson
  l: { lessonId: n }, // the lesson card
  t: { lessonId: n }, // the topic menu
  tp: { lessonId: n, topicId: n }, // take a plan topic
  tl: { lessonId: n, page: n }, // the plan's topics
  tx: { lessonId: n }, // type a topic
  r: { lessonId: n, page: n }, // the roll call
  rs: { lessonId: n, studentId: n, version: n, code: n, page: n }, // next attendance code after `code` (index in the cycle) for a student
  ra: { lessonId: n }, // all present
  rd: { lessonId: n }, // roll call done
  m: { lessonId: n, page: n }, // the marks list
  ms: { lessonId: n, studentId: n, workTypeId: n }, // a student's marks keyboard
  md: { lessonId: n, studentId: n, workTypeId: n }, // double marks keyboard
  mt: { lessonId: n, studentId: n }, // choose a work type
  mg: { lessonId: n, studentId: n, workTypeId: n, value: n, second: n, seen: n }, // give a mark (second 0: single; seen: the student's marks in the lesson when drawn)
  me: { markId: n }, // a mark given
  mx: { markId: n, version: n, value: n }, // change its value
  mr: { markId: n, version: n }, // remove it
  mc: { markId: n }, // comment on it
  h: { lessonId: n }, // homework
  ht: { lessonId: n, studentId: n }, // type homework (studentId 0: the group's)
  hn: { lessonId: n }, // no homework
  hs: { lessonId: n, page: n }, // students for individual homework
  hr: { homeworkId: n }, // remove homework
  u: { lessonId: n }, // undo the last action
  x: { lessonId: n }, // stop waiting for typed input
  pa: {}, // the teacher's assignments, for period marks
  pp: { assignmentId: n }, // the periods of an assignment's year
  ps: { assignmentId: n, periodId: n, page: n }, // the period-mark sheet
  pe: { assignmentId: n, periodId: n, studentId: n }, // one student's period mark
  pv: { assignmentId: n, periodId: n, studentId: n, version: n, value: n }, // set it (value: index in PERIOD_MARK_VALUES)
  pd: { assignmentId: n, periodId: n, studentId: n, version: n, weeks: n }, // defer it by weeks after the period
  pk: { assignmentId: n, periodId: n }, // accept every proposed mark not yet set
  ca: { page: n }, // the class teacher's list of absences
  ce: { attendanceId: n }, // one absence: choose its reason
  cx: { attendanceId: n, version: n, code: n }, // record the reason (code: index in ABSENCE_CODES)
});

export type JournalButton = ButtonOf<typeof journalData>;
export type JournalOp = JournalButton['op'];
export const { encode: encodeJournal, decode: decodeJournal, pattern: journalPattern } = journalData;

/** 2026-11-23 ⇄ 20261123, a date as a button carries it. */
export const dateArg = (date: string) => Number(date.replaceAll('-', ''));
export function dateOfArg(n: number): string | undefined {
  const s = String(n);
  if (!/^\d{8}$/.test(s)) return undefined;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
