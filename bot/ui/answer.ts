import type { DomainError } from '../../core/base/errors.js';
import { describeProblem, type TFunction } from '../../core/i18n/i18n.js';
import type { BotContext } from '../context.js';

/** Telegram shows at most 200 characters in a callback answer. */
export const MAX_ANSWER = 200;

/**
 * Every callback query is answered, so the user's spinner stops: with nothing, a toast, or an alert to
 * close. A text too long for Telegram's answer is cut, or, with `overflow`, answered with that short text
 * and sent in full as a message.
 */
export async function answer(ctx: BotContext, text?: string, options: { alert?: boolean; overflow?: string } = {}): Promise<void> {
  if (!text) {
    await ctx.answerCbQuery();
    return;
  }
  const extra = options.alert ? { show_alert: true } : undefined;
  if (text.length <= MAX_ANSWER) {
    await ctx.answerCbQuery(text, extra);
    return;
  }
  if (options.overflow) {
    await ctx.answerCbQuery(options.overflow, extra);
    await ctx.reply(text);
    return;
  }
  await ctx.answerCbQuery(`${text.slice(0, MAX_ANSWER - 1)}…`, extra);
}

/** A button of an older release, or one nobody made: it changes nothing. */
export const answerStale = (ctx: BotContext) => ctx.answerCbQuery(ctx.t('common:errors.staleButton'));

/** What the core refused, in the user's language, one problem a line. */
export const problemsText = (t: TFunction, err: DomainError) => err.problems.map((p) => describeProblem(t, p)).join('\n');

/** The account is bound to nobody: how access is issued. */
export const notSignedInText = (t: TFunction) => `${t('bot:menu.notSignedIn')}\n\n${t('bot:start.howToGetAccess')}`;
