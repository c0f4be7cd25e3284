import { TelegramError, type Middleware } from 'telegraf';
import type { Core } from '../../core/core.js';
import type { BotContext } from '../context.js';

/** Telegram's refusal of an answer to a query answered already, or too old (a redelivered update). */
export const isQueryGone = (err: unknown) =>
  err instanceof TelegramError && err.code === 400 && /query is too old|query id is invalid/i.test(err.description);

/**
 * A callback query is answered once: the first answer stops the button's spinner, and Telegram refuses any
 * later one. This wraps ctx.answerCbQuery so that the context knows whether the query was answered
 * (ctx.callbackAnswer: the error handler then tells the user in the chat instead, see create-bot.ts), a
 * second answer is not sent, and a query Telegram no longer takes (the update came again after a restart,
 * or the answer came too late) counts as answered instead of failing the update: the tap's work still counts.
 */
export function callbackAnswer(core: Core): Middleware<BotContext> {
  return (ctx, next) => {
    if (!ctx.callbackQuery) return next();
    ctx.callbackAnswer = 'pending';
    const send = ctx.answerCbQuery.bind(ctx);
    ctx.answerCbQuery = async (...args: Parameters<typeof send>) => {
      if (ctx.callbackAnswer !== 'pending') return true;
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
    return next();
  };
}
