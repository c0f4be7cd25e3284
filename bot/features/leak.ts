import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { leakAnswer } from '../callback-data/leak.js';
import type { BotContext } from '../context.js';
import { button } from '../ui/keyboard.js';
import { onButton } from '../ui/on-button.js';
import { show } from '../ui/screen.js';

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
    await show(ctx, {
      text: ctx.t('bot:leak.confirm'),
      keyboard: [[button(ctx.t('bot:leak.yes'), leakAnswer.encode({ answer: 'yes' })), button(ctx.t('bot:leak.no'), leakAnswer.encode({ answer: 'no' }))]],
    });
  });

  onButton(composer, leakAnswer, async (ctx, { answer }) => {
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
