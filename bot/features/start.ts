import { Composer } from 'telegraf';
import type { BotContext } from '../context.js';

export const start = new Composer<BotContext>();

start.start(async (ctx) => {
  await ctx.reply(`${ctx.t('bot:start.greeting')}\n\n${ctx.t('bot:start.howToGetAccess')}`);
});
