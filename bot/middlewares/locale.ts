import type { Middleware } from 'telegraf';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE } from '../../core/i18n/languages.js';
import type { BotContext } from '../context.js';

/** Russian unless the user chose otherwise with /language; the choice lives in the database. */
export function locale(core: Core): Middleware<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from && !ctx.from.is_bot ? ctx.from : undefined;
    // The account was read with the update's claim (unit-of-work.ts): written only on a first contact or an unblock.
    const account = from ? await (ctx.updateStart ? core.telegramAccounts.arrived(from.id, ctx.updateStart.account) : core.telegramAccounts.touch(from.id)) : undefined;
    ctx.language = account?.language ?? DEFAULT_LANGUAGE;
    ctx.t = translator(core.i18n, ctx.language);
    return next();
  };
}
