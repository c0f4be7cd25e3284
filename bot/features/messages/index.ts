import { Composer } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { Core } from '../../../core/core.js';
import { AccessDenied, DomainError, NotFound } from '../../../core/base/errors.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { BotIdentity } from '../../../core/telegram/bot-identity.js';
import { encodeMessages, messagesData, type MessagesButton } from '../../callback-data/messages.js';
import type { BotContext } from '../../context.js';
import type { InputFlow } from '../../input/typed-input.js';
import { answer, problemsText } from '../../ui/answer.js';
import { button } from '../../ui/keyboard.js';
import { onButton } from '../../ui/on-button.js';
import { show, type Screen } from '../../ui/screen.js';
import { ignoreNotModified } from '../../ui/telegram-errors.js';
import { acknowledgedClassesScreen, acknowledgedScreen, askBroadcast, broadcastScreen, sendBroadcast } from './class-screens.js';
import { messagesFlow, type MessagesFlow } from './flow.js';
import { askWrite, sendWrite, teachersScreen } from './guardian-screens.js';
import { MESSAGES_INPUT, MESSAGES_WAITS, stopAwaiting, type MessagesWait } from './input.js';
import { askReply, sendReply, threadScreen, threadsScreen } from './thread-screens.js';

/** The main menu's entries of the messages: for a guardian with a child, for teachers, for class teachers. */
export function messagesMenuRows(t: TFunction, identity: BotIdentity): InlineKeyboardButton[][] {
  const item = (key: string, data: string) => button(t(`messages:menu.${key}`), data);
  const roles = new Set(identity.roles);
  if (identity.personKind === 'guardian') return identity.activeChildId ? [[item('write', encodeMessages('w')), item('threads', encodeMessages('t', { page: 0 }))]] : [];
  if (identity.actor.kind !== 'staff') return [];
  const rows: InlineKeyboardButton[][] = [];
  if (roles.has('teacher') || roles.has('class_teacher')) rows.push([item('threads', encodeMessages('t', { page: 0 }))]);
  if (roles.has('class_teacher')) rows.push([item('broadcast', encodeMessages('b')), item('acknowledged', encodeMessages('k'))]);
  return rows;
}

/** Messages (D9), the class teacher's letter to parents (D8) and the weekly digest's «Ознакомлен» (D11) in the bot. */
export function messages(core: Core) {
  const composer = new Composer<BotContext>();

  onButton(composer, messagesData, async (ctx, button) => {
    const flow = messagesFlow(ctx, core);
    if (!flow) {
      await ctx.answerCbQuery(ctx.t('messages:errors.unavailable'));
      return;
    }
    let toast: string | undefined;
    let alert = true;
    try {
      if (button.op === 'a') {
        toast = await acknowledge(flow, button.digestId);
        alert = false;
      } else {
        await show(ctx, await handle(flow, button));
      }
    } catch (err) {
      toast = explain(flow, err);
    }
    await answer(ctx, toast, { alert });
  });

  return composer;
}

/** The typed text the messages flows asked for (a message, an answer, a letter to a class), routed here by typed-input.ts. */
export function messagesInput(core: Core): InputFlow<MessagesWait> {
  return {
    name: MESSAGES_INPUT,
    kinds: MESSAGES_WAITS,
    async take(ctx, wait, text) {
      const flow = messagesFlow(ctx, core);
      if (!flow) throw new AccessDenied('messages.write');
      switch (wait.kind) {
        case 'write': return sendWrite(flow, wait.studentId, wait.staffId, text);
        case 'reply': return sendReply(flow, wait.threadId, text);
        case 'broadcast': return sendBroadcast(flow, wait.groupId, text);
      }
    },
    refused(ctx, err) {
      // The wait is void: the person no longer may (a child unlinked, a class handed over, a role switched).
      if (err instanceof AccessDenied || err instanceof NotFound) return { text: ctx.t('messages:input.unavailable'), waitOn: false };
      // The wait goes on: the text is corrected and sent again, or cancelled.
      return { text: `${problemsText(ctx.t, err)}\n\n${ctx.t('messages:input.tryAgain')}`, waitOn: true };
    },
  };
}

async function handle(flow: MessagesFlow, b: Exclude<MessagesButton, { op: 'a' }>): Promise<Screen> {
  switch (b.op) {
    case 'w': return teachersScreen(flow);
    case 'wt': return askWrite(flow, b.studentId, b.staffId);
    // Opened here, the screens that name parents and children are reads (G4); «Кто ознакомился» always is.
    case 't': return threadsScreen(flow, b.page, true);
    case 'o': return threadScreen(flow, b.threadId, undefined, true);
    case 'r': return askReply(flow, b.threadId);
    case 'b': return broadcastScreen(flow);
    case 'bg': return askBroadcast(flow, b.groupId);
    case 'k': return acknowledgedClassesScreen(flow);
    case 'kg': return acknowledgedScreen(flow, b.groupId, b.page);
    case 'x': {
      await stopAwaiting(flow);
      const list = await threadsScreen(flow, 0, true);
      return { ...list, text: `${flow.ctx.t('messages:input.cancelled')}\n\n${list.text}` };
    }
  }
}

/**
 * «Ознакомлен»: the core records it only for the digest's own guardian. The pressed button leaves the
 * message's keyboard; the rest (a digest of another child) stays.
 */
async function acknowledge(flow: MessagesFlow, digestId: number): Promise<string> {
  if (flow.by.kind !== 'guardian') throw new AccessDenied('digests.acknowledge');
  await flow.core.digests.acknowledge(digestId, flow.by);
  const { ctx } = flow;
  const markup = ctx.callbackQuery?.message && 'reply_markup' in ctx.callbackQuery.message ? ctx.callbackQuery.message.reply_markup : undefined;
  const pressed = encodeMessages('a', { digestId });
  const rest = (markup?.inline_keyboard ?? [])
    .map((row) => row.filter((b) => !('callback_data' in b) || b.callback_data !== pressed))
    .filter((row) => row.length > 0);
  await ignoreNotModified(ctx.editMessageReplyMarkup(rest.length ? { inline_keyboard: rest } : undefined));
  return ctx.t('messages:digest.thanks');
}

function explain(flow: MessagesFlow, err: unknown): string {
  const { t } = flow.ctx;
  if (err instanceof AccessDenied || err instanceof NotFound) return t('messages:errors.unavailable');
  if (err instanceof DomainError) return problemsText(t, err);
  throw err;
}
