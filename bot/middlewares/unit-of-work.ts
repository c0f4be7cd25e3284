import type { Middleware } from 'telegraf';
import type { Core } from '../../core/core.js';
import type { BotContext } from '../context.js';

/**
 * Outermost middleware: gives the update its own EntityManager fork, lets only the first delivery of an
 * update_id through, counts outcomes, and keeps in-flight updates visible so shutdown can wait for them.
 */
export function unitOfWork(core: Core, botId: number, inFlight: Set<Promise<unknown>>): Middleware<BotContext> {
  const { telegramUpdates } = core.metrics;
  return (ctx, next) => {
    const type = ctx.updateType;
    const work = core.unitOfWork(async () => {
      if (!(await core.updates.claim(botId, ctx.update.update_id))) {
        telegramUpdates.inc({ type, outcome: 'duplicate' });
        core.log.info({ updateId: ctx.update.update_id }, 'duplicate update skipped');
        return;
      }
      try {
        await next();
        telegramUpdates.inc({ type, outcome: 'handled' });
      } catch (err) {
        telegramUpdates.inc({ type, outcome: 'failed' });
        throw err;
      }
    });
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };
}
