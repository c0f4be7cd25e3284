import { TelegramError, type Middleware } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Core } from '../../core/core.js';
import type { BotContext } from '../context.js';

/** Telegram's refusal of an answer to a query answered already, or too old (a redelivered update). */
export const isQueryGone = (err: unknown) =>
  err instanceof TelegramError && err.code === 400 && /query is too old|query id is invalid/i.test(err.description);

/** What answerCallbackQuery carries besides the query's id (the Bot API's optional fields, nothing else). */
export interface CallbackAnswerFields {
  text?: string;
  show_alert?: boolean;
  url?: string;
  cache_time?: number;
}

/**
 * A webhook's HTTP reply that is a Bot API call: Telegram runs one method call given as the answer to its
 * POST. The bot gives only this one: the answer to the update's own callback query.
 */
export interface CallbackAnswerReply extends CallbackAnswerFields {
  method: 'answerCallbackQuery';
  callback_query_id: string;
}

/**
 * The button answer of an update that came through the webhook, held until the update has ended
 * (create-bot.ts handleWebhookUpdate): `open` while the update runs; once closed the reply has taken the
 * answer (or dropped it), and nothing more is held or sent in its name.
 */
export interface AnswerHold {
  open: boolean;
  answer?: CallbackAnswerFields;
}

/** The updates of the webhook, each with its hold; keyed by the update object telegraf hands to the context. */
export type WebhookUpdates = WeakMap<Update, AnswerHold>;

/** The methods that change the button's own message: they leave a held answer held (see below). */
const EDITS = new Set(['editMessageText', 'editMessageReplyMarkup', 'editMessageCaption', 'editMessageMedia']);

/** Only the fields answerCallbackQuery has, of the right types: the reply is a Bot API call Telegram must accept. */
function answerFields(text: unknown, extra: unknown): CallbackAnswerFields {
  const e = (typeof extra === 'object' && extra !== null ? extra : {}) as Record<string, unknown>;
  return {
    ...(typeof text === 'string' ? { text } : {}),
    ...(typeof e.show_alert === 'boolean' ? { show_alert: e.show_alert } : {}),
    ...(typeof e.url === 'string' ? { url: e.url } : {}),
    ...(Number.isInteger(e.cache_time) ? { cache_time: e.cache_time as number } : {}),
  };
}

/** The reply of a webhook update whose answer is held: the call that answers the update's own query. */
export function replyOf(update: Update, hold: AnswerHold): CallbackAnswerReply | undefined {
  if (!hold.answer || !('callback_query' in update)) return undefined;
  const id: unknown = update.callback_query.id;
  return typeof id === 'string' ? { method: 'answerCallbackQuery', callback_query_id: id, ...hold.answer } : undefined;
}

/**
 * A callback query is answered once: the first answer stops the button's spinner, and Telegram refuses any
 * later one. This wraps ctx.answerCbQuery so that the context knows whether the query was answered
 * (ctx.callbackAnswer: the error handler then tells the user in the chat instead, see create-bot.ts), a
 * second answer is not sent, and a query Telegram no longer takes (the update came again after a restart,
 * or the answer came too late) counts as answered instead of failing the update: the tap's work still counts.
 *
 * An update of the webhook holds its answer instead of calling answerCallbackQuery: the answer rides on the
 * webhook's HTTP reply, sent once the update's transaction has committed, which saves a round trip to the
 * Bot API per tap. A held answer is still the query's one answer (a later one is not kept), but the error
 * handler may drop it (ctx.dropHeldAnswer) for the failure's text: a tap that failed never shows success.
 * It goes out through the API at once (ctx.flushAnswer) when the handler asks, and before any other Bot API
 * call of the update but an edit of the button's own message: whatever else the user sees (a new message, a
 * photo on its way) the toast comes first, as without the webhook; the edit of a journal tap leaves it held.
 */
export function callbackAnswer(core: Core, webhookUpdates: WebhookUpdates): Middleware<BotContext> {
  const nothing = async () => {};
  return (ctx, next) => {
    if (!ctx.callbackQuery) {
      ctx.flushAnswer = nothing;
      ctx.dropHeldAnswer = () => {};
      return next();
    }
    ctx.callbackAnswer = 'pending';
    const send = ctx.answerCbQuery.bind(ctx);
    const viaApi = async (...args: Parameters<typeof send>) => {
      try {
        const answered = await send(...args);
        ctx.callbackAnswer = 'answered';
        return answered;
      } catch (err) {
        if (!isQueryGone(err)) throw err;
        ctx.callbackAnswer = 'gone';
        core.log.info({ updateId: ctx.update.update_id }, 'callback query no longer answerable; the tap is handled without its answer');
        return true;
      }
    };
    const hold = typeof ctx.callbackQuery.id === 'string' ? webhookUpdates.get(ctx.update) : undefined;
    ctx.answerCbQuery = async (...args: Parameters<typeof send>) => {
      if (ctx.callbackAnswer !== 'pending') return true;
      if (hold?.open) {
        hold.answer = answerFields(args[0], args[1]);
        ctx.callbackAnswer = 'held';
        return true;
      }
      return viaApi(...args);
    };
    ctx.dropHeldAnswer = () => {
      if (ctx.callbackAnswer !== 'held' || !hold?.open) return;
      delete hold.answer;
      ctx.callbackAnswer = 'pending';
    };
    ctx.flushAnswer = async () => {
      if (ctx.callbackAnswer !== 'held' || !hold?.open || !hold.answer) return;
      const { text, ...extra } = hold.answer;
      delete hold.answer;
      ctx.callbackAnswer = 'pending';
      await viaApi(text, extra);
    };
    if (hold) {
      const telegram = ctx.telegram;
      const call = telegram.callApi.bind(telegram);
      const message = ctx.callbackQuery.message;
      const inlineId = ctx.callbackQuery.inline_message_id;
      const ownEdit = (method: string, p: Record<string, unknown>) => EDITS.has(method)
        && (p.inline_message_id !== undefined ? p.inline_message_id === inlineId : message !== undefined && p.message_id === message.message_id && p.chat_id === message.chat.id);
      telegram.callApi = (async (method: string, payload: Record<string, unknown>, options?: unknown) => {
        if (ctx.callbackAnswer === 'held' && method !== 'answerCallbackQuery' && !ownEdit(method, payload ?? {})) await ctx.flushAnswer();
        return call(method as never, payload as never, options as never);
      });
    }
    return next();
  };
}
