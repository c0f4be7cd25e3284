import type { Middleware } from 'telegraf';
import type { Core } from '../../core/core.js';
import type { BotContext } from '../context.js';

/**
 * Who the user acts as on this update (ctx.identity), read fresh from the database after the locale: a
 * revoked binding, a role taken away or a child no longer linked takes effect at once. Read with the
 * update's claim (unit-of-work.ts), in the same statement.
 */
export function identity(core: Core): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.identity = ctx.from && !ctx.from.is_bot ? await core.botIdentities.current(ctx.from.id, ctx.updateStart) : undefined;
    return next();
  };
}
