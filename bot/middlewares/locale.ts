import type { Middleware } from 'telegraf';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE } from '../../core/i18n/languages.js';
import type { BotContext } from '../context.js';

/** Russian unless the user chose otherwise with /language; the choice lives in the database. */
export function locale(core: Core): Middleware<BotContext> {
  return async (ctx, next) => {
    const account = ctx.from && !ctx.from.is_bot ? await core.telegramAccounts.touch(ctx.from.id) : undefined;
    ctx.language = account?.language ?? DEFAULT_LANGUAGE;
    ctx.t = translator(core.i18n, ctx.language);
    return next();
  };
}
