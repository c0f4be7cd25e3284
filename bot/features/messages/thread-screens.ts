import { dayTime } from '../../../core/time/format.js';
import { initials } from '../../../core/messages/renderers/format.js';
import { MAX_MESSAGE_LENGTH } from '../../../core/messages/text-rules.js';
import type { ThreadSummary, ThreadView } from '../../../core/messages/thread-queries.js';
import { encodeMessages } from '../../callback-data/messages.js';
import { button, pagedKeyboard } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { MessagesFlow } from './flow.js';
import { awaitInput } from './input.js';
import { sexContext } from '../../../core/people/sex-context.js';

const PAGE = 8;
/** Long conversations are cut from the top so that the screen stays within one Telegram message. */
const MAX_SCREEN = 3500;

/**
 * The person's threads, the latest first, with unread counts; a guardian can start a new one from here.
 * `opened`: the list opened by a teacher, a read of those it names (G4).
 */
export async function threadsScreen(flow: MessagesFlow, page: number, opened = false): Promise<Screen> {
  const { t } = flow.ctx;
  const { rows } = await flow.core.messages.threads(flow.by, {}, opened);
  const unread = rows.reduce((sum, r) => sum + r.unread, 0);
  const lines = [t('messages:threads.title'), rows.length ? (unread ? t('messages:threads.unread', { count: unread }) : t('messages:threads.allRead')) : t('messages:threads.empty')];
  const { keyboard } = pagedKeyboard(rows, {
    page, size: PAGE,
    to: (p) => encodeMessages('t', { page: p }),
    button: (r) => button(threadLabel(flow, r), encodeMessages('o', { threadId: r.id })),
  });
  if (flow.by.kind === 'guardian') keyboard.push([button(t('messages:menu.write'), encodeMessages('w'))]);
  return { text: lines.join('\n\n'), keyboard };
}

function threadLabel(flow: MessagesFlow, r: ThreadSummary): string {
  const { t } = flow.ctx;
  const label = flow.by.kind === 'guardian'
    ? t('messages:threads.itemGuardian', { teacher: initials(r.staff.name), student: initials(r.student.name) })
    : t('messages:threads.itemStaff', { guardian: initials(r.guardian.name), student: initials(r.student.name) });
  return r.unread ? `🔵 ${r.unread} · ${label}` : label;
}

/** The conversation's latest messages, as the thread's guardian or teacher sees it (it is read now). */
export function threadText(flow: MessagesFlow, view: ThreadView): string {
  const { t } = flow.ctx;
  const mine = flow.by.kind;
  const header = mine === 'staff'
    ? t('messages:thread.withGuardian', { guardian: view.guardian.name, student: view.student.name, context: sexContext({ sex: view.student.sex }) })
    : t('messages:thread.withTeacher', { teacher: view.staff.name, student: view.student.name });
  const lines = view.items.map((m) => t('messages:thread.line', {
    at: dayTime(m.createdAt, view.timeZone),
    author: m.author === mine ? t('messages:thread.you') : initials(m.author === 'staff' ? view.staff.name : view.guardian.name),
    text: m.text,
  }));
  let body = lines.length ? lines.join('\n\n') : t('messages:thread.empty');
  let earlier = view.earlier;
  while (body.length > MAX_SCREEN && lines.length > 1) {
    lines.shift();
    body = lines.join('\n\n');
    earlier = true;
  }
  return [header, ...(earlier ? [t('messages:thread.earlier')] : []), body].join('\n\n');
}

/** One thread; `opened`: opened by its teacher, a read of the parent and the child (G4); not when redrawn after a message. */
export async function threadScreen(flow: MessagesFlow, threadId: number, note?: string, opened = false): Promise<Screen> {
  const { t } = flow.ctx;
  const view = await flow.core.messages.open(threadId, flow.by, opened);
  return {
    text: [...(note ? [note] : []), threadText(flow, view)].join('\n\n'),
    keyboard: [[button(t('messages:thread.reply'), encodeMessages('r', { threadId })), button(t('messages:thread.back'), encodeMessages('t', { page: 0 }))]],
  };
}

/** The thread, and the bot waits for the answer (the core checks the thread is the person's own first). */
export async function askReply(flow: MessagesFlow, threadId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const view = await flow.core.messages.open(threadId, flow.by);
  await awaitInput(flow, { kind: 'reply', threadId });
  return {
    text: `${threadText(flow, view)}\n\n${t('messages:thread.askReply', { max: MAX_MESSAGE_LENGTH })}`,
    keyboard: [[button(t('messages:input.cancel'), encodeMessages('x'))]],
  };
}

export async function sendReply(flow: MessagesFlow, threadId: number, text: string): Promise<Screen> {
  await flow.core.messages.reply(threadId, text, flow.by);
  return threadScreen(flow, threadId, flow.ctx.t('messages:thread.sent'));
}
