// The journal's buttons: `j1:<op>:<n>:<n>…`, numbers only, versioned so that buttons of an older release
// read as stale. Every id in them is only a wish: the core re-checks the actor's rights on each tap.

/** Each operation and the names of its numeric arguments, in order. */
const OPS = {
  d: ['date'], // a teacher's day (YYYYMMDD)
  o: ['assignmentId', 'date', 'lessonNumber'], // open a timetabled lesson
  l: ['lessonId'], // the lesson card
  t: ['lessonId'], // the topic menu
  tp: ['lessonId', 'topicId'], // take a plan topic
  tl: ['lessonId', 'page'], // the plan's topics
  tx: ['lessonId'], // type a topic
  r: ['lessonId', 'page'], // the roll call
  rs: ['lessonId', 'studentId', 'version', 'code', 'page'], // next attendance code after `code` (index in the cycle) for a student
  ra: ['lessonId'], // all present
  rd: ['lessonId'], // roll call done
  m: ['lessonId', 'page'], // the marks list
  ms: ['lessonId', 'studentId', 'workTypeId'], // a student's marks keyboard
  md: ['lessonId', 'studentId', 'workTypeId'], // double marks keyboard
  mt: ['lessonId', 'studentId'], // choose a work type
  mg: ['lessonId', 'studentId', 'workTypeId', 'value', 'second'], // give a mark (second 0: single)
  me: ['markId'], // a mark given
  mx: ['markId', 'version', 'value'], // change its value
  mr: ['markId', 'version'], // remove it
  mc: ['markId'], // comment on it
  h: ['lessonId'], // homework
  ht: ['lessonId', 'studentId'], // type homework (studentId 0: the group's)
  hn: ['lessonId'], // no homework
  hs: ['lessonId', 'page'], // students for individual homework
  hr: ['homeworkId'], // remove homework
  u: ['lessonId'], // undo the last action
  x: ['lessonId'], // stop waiting for typed input
  pa: [], // the teacher's assignments, for period marks
  pp: ['assignmentId'], // the periods of an assignment's year
  ps: ['assignmentId', 'periodId', 'page'], // the period-mark sheet
  pe: ['assignmentId', 'periodId', 'studentId'], // one student's period mark
  pv: ['assignmentId', 'periodId', 'studentId', 'version', 'value'], // set it (value: index in PERIOD_MARK_VALUES)
  pd: ['assignmentId', 'periodId', 'studentId', 'version', 'weeks'], // defer it by weeks after the period
  pk: ['assignmentId', 'periodId'], // accept every proposed mark not yet set
  ca: ['page'], // the class teacher's list of absences
  ce: ['attendanceId'], // one absence: choose its reason
  cx: ['attendanceId', 'version', 'code'], // record the reason (code: index in ABSENCE_CODES)
} as const satisfies Record<string, readonly string[]>;

export type JournalOp = keyof typeof OPS;
type Args<O extends JournalOp> = { [K in (typeof OPS)[O][number]]: number };
export type JournalButton = { [O in JournalOp]: { op: O } & Args<O> }[JournalOp];

const PREFIX = 'j1:';
export const journalPattern = /^j1:/;

export function encodeJournal<O extends JournalOp>(op: O, args: Args<O>): string {
  const names = OPS[op] as readonly string[];
  const data = PREFIX + [op, ...names.map((name) => String((args as Record<string, number>)[name]))].join(':');
  // Telegram refuses a keyboard with longer data; this can only be a programming error.
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${op}`);
  return data;
}

export function decodeJournal(data: string): JournalButton | undefined {
  if (!data.startsWith(PREFIX)) return undefined;
  const [op, ...parts] = data.slice(PREFIX.length).split(':');
  if (!op || !Object.hasOwn(OPS, op)) return undefined;
  const names = OPS[op as JournalOp] as readonly string[];
  if (parts.length !== names.length || !parts.every((p) => /^\d{1,12}$/.test(p))) return undefined;
  const args = Object.fromEntries(names.map((name, i) => [name, Number(parts[i])]));
  return { op, ...args } as JournalButton;
}

/** 2026-11-23 ⇄ 20261123, a date as a button carries it. */
export const dateArg = (date: string) => Number(date.replaceAll('-', ''));
export function dateOfArg(n: number): string | undefined {
  const s = String(n);
  if (!/^\d{8}$/.test(s)) return undefined;
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}
