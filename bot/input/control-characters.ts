import { Composer } from 'telegraf';
import { message } from 'telegraf/filters';
import type { BotContext } from '../context.js';

/**
 * C0 and C1 control characters other than tab and line breaks: never part of text a person means to type
 * (PostgreSQL refuses NUL in text outright), so typed text holding one is refused with a clear message.
 */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const hasControlCharacters = (text: string) => CONTROL.test(text);

/**
 * The one check of typed text, before any flow or command sees it: a message with control characters is
 * answered with what is wrong and goes no further (a wait for typed input goes on: the user types it again).
 */
export function refuseControlCharacters() {
  const composer = new Composer<BotContext>();
  composer.on(message('text'), async (ctx, next) => {
    if (!hasControlCharacters(ctx.message.text)) return next();
    await ctx.reply(ctx.t('bot:input.controlCharacters'));
  });
  return composer;
}
