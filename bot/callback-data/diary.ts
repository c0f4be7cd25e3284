// The diary's buttons: `d1:<op>:<studentId>:<n>…`, numbers only, versioned so that buttons of an older release
// read as stale. The student id in them is only a wish: the core re-checks on each tap that the user is that
// student or one of its guardians.

/** Each operation and the names of its numeric arguments after the student's id, in order. */
const OPS = {
  h: [], // the diary's sections
  mr: ['page'], // recent marks
  ms: [], // marks by subject
  mj: ['subjectId'], // one subject: marks, averages, forecast, fives to the next mark
  pm: [], // period and year marks
  ab: ['page'], // absences and lateness
  hw: ['range'], // homework: index in HOMEWORK_RANGES
  sc: ['range'], // schedule: index in SCHEDULE_RANGES
  tc: ['page'], // lesson topics and teachers' comments
  rt: [], // place in the group rating
  an: ['page'], // announcements
  ch: ['subjectId'], // the marks chart as a photo (subjectId 0: every subject)
} as const satisfies Record<string, readonly string[]>;

export type DiaryOp = keyof typeof OPS;
type Args<O extends DiaryOp> = { studentId: number } & { [K in (typeof OPS)[O][number]]: number };
export type DiaryButton = { [O in DiaryOp]: { op: O } & Args<O> }[DiaryOp];

const PREFIX = 'd1:';
export const diaryPattern = /^d1:/;

export function encodeDiary<O extends DiaryOp>(op: O, args: Args<O>): string {
  const names = ['studentId', ...(OPS[op] as readonly string[])];
  const data = PREFIX + [op, ...names.map((name) => String((args as Record<string, number>)[name]))].join(':');
  // Telegram refuses a keyboard with longer data; this can only be a programming error.
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${op}`);
  return data;
}

export function decodeDiary(data: string): DiaryButton | undefined {
  if (!data.startsWith(PREFIX)) return undefined;
  const [op, ...parts] = data.slice(PREFIX.length).split(':');
  if (!op || !Object.hasOwn(OPS, op)) return undefined;
  const names = ['studentId', ...(OPS[op as DiaryOp] as readonly string[])];
  if (parts.length !== names.length || !parts.every((p) => /^\d{1,12}$/.test(p))) return undefined;
  const args = Object.fromEntries(names.map((name, i) => [name, Number(parts[i])]));
  return { op, ...args } as DiaryButton;
}
