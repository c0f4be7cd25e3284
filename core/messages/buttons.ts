// The buttons of messages, announcements and digests: `g1:<op>:<n>:<n>…`, numbers only, versioned so
// that buttons of an older release read as stale. Shared by the bot's handlers and by the notification
// renderers (which core owns). Every id in them is only a wish: the core re-checks the rights on each tap.

const OPS = {
  w: [], // a guardian: whom to write to about the active child
  wt: ['studentId', 'staffId'], // a guardian: write to that teacher about that child (typed text follows)
  t: ['page'], // the person's own threads
  o: ['threadId'], // open a thread
  r: ['threadId'], // answer in a thread (typed text follows)
  b: [], // a class teacher: which class's parents to write to
  bg: ['groupId'], // write to the parents of that class (typed text follows)
  a: ['digestId'], // «Ознакомлен» under a weekly digest
  k: [], // a class teacher: who acknowledged, which class
  kg: ['groupId', 'page'], // who acknowledged the latest digest in that class
  x: [], // stop waiting for typed text
} as const satisfies Record<string, readonly string[]>;

export type MessagesOp = keyof typeof OPS;
type Args<O extends MessagesOp> = { [K in (typeof OPS)[O][number]]: number };
export type MessagesButton = { [O in MessagesOp]: { op: O } & Args<O> }[MessagesOp];

const PREFIX = 'g1:';
export const messagesPattern = /^g1:/;

export function encodeMessages<O extends MessagesOp>(op: O, ...[args]: (typeof OPS)[O] extends readonly [] ? [] : [Args<O>]): string {
  const names = OPS[op] as readonly string[];
  const values = args as Record<string, number> | undefined;
  const data = PREFIX + [op, ...names.map((name) => String(values?.[name]))].join(':');
  // Telegram refuses a keyboard with longer data; this can only be a programming error.
  if (Buffer.byteLength(data) > 64) throw new Error(`callback data over 64 bytes: ${op}`);
  return data;
}

export function decodeMessages(data: string): MessagesButton | undefined {
  if (!data.startsWith(PREFIX)) return undefined;
  const [op, ...parts] = data.slice(PREFIX.length).split(':');
  if (!op || !Object.hasOwn(OPS, op)) return undefined;
  const names = OPS[op as MessagesOp] as readonly string[];
  if (parts.length !== names.length || !parts.every((p) => /^\d{1,12}$/.test(p))) return undefined;
  const args = Object.fromEntries(names.map((name, i) => [name, Number(parts[i])]));
  return { op, ...args } as MessagesButton;
}
