import { Composer, Markup, TelegramError } from 'telegraf';
import { message } from 'telegraf/filters';
import type { InlineKeyboardButton } from 'telegraf/types';
import type { Core } from '../../../core/core.js';
import { AccessDenied, DomainError, NotFound } from '../../../core/errors.js';
import { describeProblem, type TFunction } from '../../../core/i18n/i18n.js';
import type { BotIdentity } from '../../../core/telegram/bot-identity.js';
import { decodeMessages, encodeMessages, messagesPattern, type MessagesButton } from '../../callback-data/messages.js';
import type { BotContext } from '../../context.js';
import { show, type Screen } from '../journal/screen.js';
import { acknowledgedClassesScreen, acknowledgedScreen, askBroadcast, broadcastScreen, sendBroadcast } from './class-screens.js';
import { messagesFlow, type MessagesFlow } from './flow.js';
import { askWrite, sendWrite, teachersScreen } from './guardian-screens.js';
import { awaitedInput, stopAwaiting, type MessagesInput } from './input.js';
import { askReply, sendReply, threadScreen, threadsScreen } from './thread-screens.js';

/** Telegram shows at most 200 characters in a callback answer. */
const MAX_ANSWER = 200;

/** The main menu's entries of the messages: for a guardian with a child, for teachers, for class teachers. */
export function messagesMenuRows(t: TFunction, identity: BotIdentity): InlineKeyboardButton[][] {
  const item = (key: string, data: string) => Markup.button.callback(t(`messages:menu.${key}`), data);
  const roles = new Set(identity.roles);
  if (identity.personKind === 'guardian') return identity.activeChildId ? [[item('write', encodeMessages('w')), item('threads', encodeMessages('t', { page: 0 }))]] : [];
  if (identity.actor.kind !== 'staff') return [];
  const rows: InlineKeyboardButton[][] = [];
  if (roles.has('teacher') || roles.has('class_teacher')) rows.push([item('threads', encodeMessages('t', { page: 0 }))]);
  if (roles.has('class_teacher')) rows.push([item('broadcast', encodeMessages('b')), item('acknowledged', encodeMessages('k'))]);
  return rows;
}

/**
 * Messages (D9), the class teacher's letter to parents (D8) and the weekly digest's «Ознакомлен» (D11) in
 * the bot. Register before the journal: its typed input shares the session key, and this composer takes
 * only its own kinds of wait (`g.…`) and passes every other text on.
 */
export function messages(core: Core) {
  const composer = new Composer<BotContext>();

  composer.action(messagesPattern, async (ctx) => {
    const button = 'data' in ctx.callbackQuery ? decodeMessages(ctx.callbackQuery.data) : undefined;
    const flow = messagesFlow(ctx, core);
    if (!button || !flow) {
      await ctx.answerCbQuery(ctx.t(button ? 'messages:errors.unavailable' : 'common:errors.staleButton'));
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
    await answer(ctx, toast, alert);
  });

  composer.on(message('text'), async (ctx, next) => {
    if (!ctx.from) return next();
    const awaited = await awaitedInput(core, ctx.from.id);
    if (!awaited) return next();
    if (ctx.message.text.startsWith('/')) {
      await stopAwaiting(core, ctx.from.id);
      return next();
    }
    const flow = messagesFlow(ctx, core);
    let screen: Screen;
    try {
      if (!flow) throw new AccessDenied('messages.write');
      screen = await send(flow, awaited, ctx.message.text);
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err instanceof AccessDenied || err instanceof NotFound) {
        // The wait is void: the person no longer may (a child unlinked, a class handed over, a role switched).
        await stopAwaiting(core, ctx.from.id);
        await ctx.reply(ctx.t('messages:input.unavailable'));
        return;
      }
      // The wait goes on: the text is corrected and sent again, or cancelled.
      await ctx.reply(`${err.problems.map((p) => describeProblem(ctx.t, p)).join('\n')}\n\n${ctx.t('messages:input.tryAgain')}`);
      return;
    }
    await stopAwaiting(core, ctx.from.id);
    await show(ctx, screen, 'new');
  });

  return composer;
}

function send(flow: MessagesFlow, awaited: MessagesInput, text: string): Promise<Screen> {
  switch (awaited.kind) {
    case 'g.write': return sendWrite(flow, awaited.studentId, awaited.staffId, text);
    case 'g.reply': return sendReply(flow, awaited.threadId, text);
    case 'g.broadcast': return sendBroadcast(flow, awaited.groupId, text);
  }
}

async function handle(flow: MessagesFlow, b: Exclude<MessagesButton, { op: 'a' }>): Promise<Screen> {
  switch (b.op) {
    case 'w': return teachersScreen(flow);
    case 'wt': return askWrite(flow, b.studentId, b.staffId);
    case 't': return threadsScreen(flow, b.page);
    case 'o': return threadScreen(flow, b.threadId);
    case 'r': return askReply(flow, b.threadId);
    case 'b': return broadcastScreen(flow);
    case 'bg': return askBroadcast(flow, b.groupId);
    case 'k': return acknowledgedClassesScreen(flow);
    case 'kg': return acknowledgedScreen(flow, b.groupId, b.page);
    case 'x': {
      await stopAwaiting(flow.core, flow.userId);
      const list = await threadsScreen(flow, 0);
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
  try {
    await ctx.editMessageReplyMarkup(rest.length ? { inline_keyboard: rest } : undefined);
  } catch (err) {
    if (!(err instanceof TelegramError && err.description.includes('message is not modified'))) throw err;
  }
  return ctx.t('messages:digest.thanks');
}

function explain(flow: MessagesFlow, err: unknown): string {
  const { t } = flow.ctx;
  if (err instanceof AccessDenied || err instanceof NotFound) return t('messages:errors.unavailable');
  if (err instanceof DomainError) return err.problems.map((p) => describeProblem(t, p)).join('\n');
  throw err;
}

/** Every callback query is answered; a refusal goes as an alert to close. */
async function answer(ctx: BotContext, text: string | undefined, alert: boolean): Promise<void> {
  if (!text) {
    await ctx.answerCbQuery();
    return;
  }
  await ctx.answerCbQuery(text.length > MAX_ANSWER ? `${text.slice(0, MAX_ANSWER - 1)}…` : text, { show_alert: alert });
}
