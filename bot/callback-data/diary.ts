// The diary's buttons: `d1:<op>:<studentId>:<n>…`, numbers only. The student id in them is only a wish: the
// core re-checks on each tap that the user is that student or one of its guardians.
import { defineCallbackOps, int, type ButtonOf } from './define.js';

const n = int();

/** Each operation and its numeric fields, the student's id first. */
export const diaryData = defineCallbackOps('d1', {
  h: { studentId: n }, // the diary's sections
  mr: { studentId: n, page: n }, // recent marks
  ms: { studentId: n }, // marks by subject
  mj: { studentId: n, subjectId: n }, // one subject: marks, averages, forecast, fives to the next mark
  pm: { studentId: n }, // period and year marks
  ab: { studentId: n, page: n }, // absences and lateness
  hw: { studentId: n, range: n }, // homework: index in HOMEWORK_RANGES
  sc: { studentId: n, range: n }, // schedule: index in SCHEDULE_RANGES
  tc: { studentId: n, page: n }, // lesson topics and teachers' comments
  rt: { studentId: n }, // place in the group rating
  an: { studentId: n, page: n }, // announcements
  ch: { studentId: n, subjectId: n }, // the marks chart as a photo (subjectId 0: every subject)
});

export type DiaryButton = ButtonOf<typeof diaryData>;
export type DiaryOp = DiaryButton['op'];
export const { encode: encodeDiary, decode: decodeDiary, pattern: diaryPattern } = diaryData;
