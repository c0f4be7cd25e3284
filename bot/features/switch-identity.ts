import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { childChoice, roleChoice } from '../callback-data/identity.js';
import type { BotContext } from '../context.js';
import { onButton } from '../ui/on-button.js';
import { ignoreNotModified } from '../ui/telegram-errors.js';
import { mainMenu, offerChildren, offerRoles } from './main-menu.js';

/**
 * `/role` and `/child`, and their buttons. A button only names a wish: the server checks that the binding
 * is this account's and in force, and that the child is this guardian's, before storing anything.
 */
export function switchIdentity(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('role', (ctx) => offerRoles(ctx));
  composer.command('child', (ctx) => offerChildren(ctx));

  onButton(composer, roleChoice, async (ctx, { bindingId }) => {
    const chosen = await core.botIdentities.chooseBinding(ctx.from.id, bindingId);
    if (!chosen) {
      await ctx.answerCbQuery(ctx.t('bot:role.unavailable'));
      return;
    }
    ctx.identity = chosen;
    await ctx.answerCbQuery();
    const { text, markup } = await mainMenu(core, ctx.t, chosen, ctx.miniAppOrigin);
    await ignoreNotModified(ctx.editMessageText(text, markup));
  });

  onButton(composer, childChoice, async (ctx, { studentId }) => {
    const chosen = await core.botIdentities.chooseChild(ctx.from.id, studentId);
    if (!chosen) {
      await ctx.answerCbQuery(ctx.t('bot:child.unavailable'));
      return;
    }
    ctx.identity = chosen;
    await ctx.answerCbQuery();
    const { text, markup } = await mainMenu(core, ctx.t, chosen, ctx.miniAppOrigin);
    await ignoreNotModified(ctx.editMessageText(text, markup));
  });

  return composer;
}
