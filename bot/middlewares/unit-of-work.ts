import type { Middleware } from 'telegraf';
import type { Core } from '../../core/core.js';
import type { BotContext } from '../context.js';
import { updateTypeOf } from '../failure.js';
import { Semaphore } from './semaphore.js';

/** Connections of the pool the bot's updates leave to the panel, the health check and the dispatcher. */
export const RESERVED_CONNECTIONS = 4;

/**
 * Updates handled at once by one process: the pool (DATABASE_POOL_SIZE) but RESERVED_CONNECTIONS. Each
 * holds a database connection for its whole transaction (see UpdateLedger.handleOnce), so a burst of a
 * hundred updates queues here rather than in front of the panel; sixteen taps at once (the default pool of
 * 20) all run.
 */
export const concurrentUpdates = (poolSize: number) => Math.max(1, poolSize - RESERVED_CONNECTIONS);

/**
 * Outermost middleware: gives the update its own EntityManager fork and one transaction with the claim of
 * its update_id, so only the first delivery runs and a delivery cut short (a crash, an error) leaves nothing
 * and runs again when Telegram redelivers it (a database that is away fails it with DatabaseUnavailable,
 * which create-bot.ts turns into «deliver it again»); then runs what the handlers left for after the commit
 * (ctx.afterCommit: the journal's screen), outside the request context and the update's slot; counts
 * outcomes, and keeps in-flight updates visible so shutdown can wait for them.
 */
export function unitOfWork(core: Core, botId: number, inFlight: Set<Promise<unknown>>): Middleware<BotContext> {
  const { telegramUpdates } = core.metrics;
  const slots = new Semaphore(concurrentUpdates(core.config.database.poolSize));
  return (ctx, next) => {
    const type = updateTypeOf(ctx.update);
    if (!type) {
      // Nothing Telegram sends ({"update_id": 1} and no more, through the webhook): nothing to handle.
      core.log.warn({ updateId: ctx.update.update_id }, 'update of no known kind ignored');
      return Promise.resolve();
    }
    const from = ctx.from && !ctx.from.is_bot ? ctx.from : undefined;
    // The user's bindings and sessions are read for a private chat only: a group never gets anyone's data.
    const reader = from ? { telegramId: from.id, withBindings: ctx.chat?.type === 'private' } : undefined;
    const committed: (() => Promise<unknown>)[] = [];
    ctx.afterCommit = (work) => committed.push(work);
    const work = (async () => {
      try {
        const outcome = await slots.run(() => core.unitOfWork(() => core.updates.handleOnce(botId, ctx.update.update_id, async (start) => {
          ctx.updateStart = start;
          if (from && start.sessions) core.botSessions.open(from.id, start.sessions);
          await next();
          // The sessions the update changed, in its transaction: one statement (see BotSessions).
          await core.botSessions.flush();
        }, reader)));
        telegramUpdates.inc({ type, outcome });
        if (outcome === 'duplicate') core.log.info({ updateId: ctx.update.update_id }, 'duplicate update skipped');
        // Past its slot: the transaction is over and its connection back in the pool, so the Bot API's round
        // trip of a screen shown after the commit holds neither.
        for (const after of committed) await after();
      } catch (err) {
        telegramUpdates.inc({ type, outcome: 'failed' });
        throw err;
      }
    })();
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  };
}
