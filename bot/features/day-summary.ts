import { can } from '../../core/access/policy.js';
import type { Core } from '../../core/core.js';
import { summaryMessage } from '../../core/day-summary/summary-text.js';
import { AccessDenied } from '../../core/base/errors.js';
import type { BotIdentity } from '../../core/telegram/bot-identity.js';
import type { BotContext } from '../context.js';
import { notSignedInText } from '../ui/answer.js';

/** Whether the menu offers «Сводка дня»: the school's heads and class teachers (summary.view). */
export const offersDaySummary = (identity: BotIdentity): boolean => identity.actor.kind === 'staff' && can(identity.actor, 'summary.view');

/**
 * «Сводка дня» (issue 13): today at the school in one message — the whole school for its heads, its class for
 * a class teacher. The core checks the rights on every press, so a button forged by a teacher or a parent
 * gets a refusal and nothing of the school's day.
 */
export async function openDaySummary(ctx: BotContext, core: Core): Promise<void> {
  if (!ctx.identity) {
    await ctx.reply(notSignedInText(ctx.t));
    return;
  }
  let text: string;
  try {
    text = summaryMessage(ctx.t, await core.daySummary.headsSummary(ctx.identity.actor));
  } catch (err) {
    if (!(err instanceof AccessDenied)) throw err;
    text = ctx.t('summary:bot.refused');
  }
  await ctx.reply(text);
}
