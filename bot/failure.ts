import type { Update } from 'telegraf/types';
import type { Core } from '../core/core.js';
import { translator } from '../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE } from '../core/i18n/languages.js';
import type { BotContext } from './context.js';

/** The kind of an update (message, callback_query…), or undefined for one Telegram would never send. */
export function updateTypeOf(update: Update): string | undefined {
  return Object.keys(update).find((key) => key !== 'update_id');
}

/**
 * Tells the user that the update failed (`key`: what to say, by default that something went wrong): as the
 * answer of its button while the button still waits for one (or its answer is only held, see
 * middlewares/callback-answer.ts), otherwise (the handler answered before failing: «Готовлю график…» then
 * sendPhoto; or Telegram no longer takes an answer) as a message in the chat, so a failure is never silent.
 */
export async function tellFailure(core: Core, ctx: BotContext, key = 'common:errors.generic'): Promise<void> {
  const t = ctx.t ?? translator(core.i18n, DEFAULT_LANGUAGE);
  const text = t(key);
  // Read afresh: answering changes it (to 'answered', or 'gone' when Telegram no longer takes the answer).
  const answerState = () => ctx.callbackAnswer;
  try {
    let told = false;
    // A held answer has not reached the user (it rides on the webhook's reply): the failure replaces it, so a
    // tap that failed never shows a success toast.
    if (answerState() === 'held') ctx.dropHeldAnswer();
    if (ctx.callbackQuery && answerState() === 'pending') {
      await ctx.answerCbQuery(text);
      told = answerState() === 'answered' || answerState() === 'held';
    }
    if (!told && ctx.chat) await ctx.reply(text);
  } catch (replyErr) {
    core.log.warn({ err: replyErr }, 'could not tell the user about the failure');
  }
}
