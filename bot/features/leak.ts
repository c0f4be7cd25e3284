import { Composer, Markup } from 'telegraf';
import type { Core } from '../../core/core.js';
import { decodeLeakAnswer, encodeLeakAnswer, leakAnswerPattern } from '../callback-data/leak.js';
import type { BotContext } from '../context.js';

/**
 * `/leak` (B3): the person says their access leaked. After a confirmation every person this Telegram
 * account acts as is reported, so the account is signed out at once; the administrator then sees the
 * operations made through it and can roll them back.
 */
export function leak(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('leak', async (ctx) => {
    if (!(await core.invites.bindingsOf(ctx.from.id)).length) {
      await ctx.reply(ctx.t('bot:leak.notBound'));
      return;
    }
    await ctx.reply(ctx.t('bot:leak.confirm'), Markup.inlineKeyboard([
      Markup.button.callback(ctx.t('bot:leak.yes'), encodeLeakAnswer('yes')),
      Markup.button.callback(ctx.t('bot:leak.no'), encodeLeakAnswer('no')),
    ]));
  });

  composer.action(leakAnswerPattern, async (ctx) => {
    const answer = 'data' in ctx.callbackQuery ? decodeLeakAnswer(ctx.callbackQuery.data) : undefined;
    if (!answer) {
      await ctx.answerCbQuery(ctx.t('common:errors.staleButton'));
      return;
    }
    await ctx.answerCbQuery();
    if (answer === 'no') {
      await ctx.editMessageText(ctx.t('bot:leak.cancelled'));
      return;
    }
    const reports = await core.security.reportOwnAccess(ctx.from.id);
    await ctx.editMessageText(ctx.t(reports.length ? 'bot:leak.done' : 'bot:leak.notBound'));
  });

  return composer;
}
