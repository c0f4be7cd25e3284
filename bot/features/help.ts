import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';

export const help = new Composer<BotContext>();

help.help(async (ctx) => {
  await ctx.reply(ctx.t('bot:help.text'));
});
