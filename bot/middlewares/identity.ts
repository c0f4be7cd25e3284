import type { Middleware } from 'telegraf';
import type { Core } from '../../core/core.js';
import type { BotContext } from '../context.js';

/**
 * Who the user acts as on this update (ctx.identity), read fresh from the database after the locale: a
 * revoked binding, a role taken away or a child no longer linked takes effect at once.
 */
export function identity(core: Core): Middleware<BotContext> {
  return async (ctx, next) => {
    ctx.identity = ctx.from && !ctx.from.is_bot ? await core.botIdentities.current(ctx.from.id) : undefined;
    return next();
  };
}
