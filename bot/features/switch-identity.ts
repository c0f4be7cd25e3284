import { Composer } from 'telegraf';
import type { Core } from '../../core/core.js';
import { childChoicePattern, decodeChildChoice, decodeRoleChoice, roleChoicePattern } from '../callback-data/identity.js';
import type { BotContext } from '../context.js';
import { mainMenu, offerChildren, offerRoles } from './main-menu.js';

/**
 * `/role` and `/child`, and their buttons. A button only names a wish: the server checks that the binding
 * is this account's and in force, and that the child is this guardian's, before storing anything.
 */
export function switchIdentity(core: Core) {
  const composer = new Composer<BotContext>();

  composer.command('role', (ctx) => offerRoles(ctx));
  composer.command('child', (ctx) => offerChildren(ctx));

  composer.action(roleChoicePattern, async (ctx) => {
    const bindingId = 'data' in ctx.callbackQuery ? decodeRoleChoice(ctx.callbackQuery.data) : undefined;
    const chosen = bindingId === undefined ? undefined : await core.botIdentities.chooseBinding(ctx.from.id, bindingId);
    if (!chosen) {
      await ctx.answerCbQuery(ctx.t(bindingId === undefined ? 'common:errors.staleButton' : 'bot:role.unavailable'));
      return;
    }
    ctx.identity = chosen;
    await ctx.answerCbQuery();
    const { text, markup } = mainMenu(core, ctx.t, chosen);
    await ctx.editMessageText(text, markup);
  });

  composer.action(childChoicePattern, async (ctx) => {
    const studentId = 'data' in ctx.callbackQuery ? decodeChildChoice(ctx.callbackQuery.data) : undefined;
    const chosen = studentId === undefined ? undefined : await core.botIdentities.chooseChild(ctx.from.id, studentId);
    if (!chosen) {
      await ctx.answerCbQuery(ctx.t(studentId === undefined ? 'common:errors.staleButton' : 'bot:child.unavailable'));
      return;
    }
    ctx.identity = chosen;
    await ctx.answerCbQuery();
    const { text, markup } = mainMenu(core, ctx.t, chosen);
    await ctx.editMessageText(text, markup);
  });

  return composer;
}
