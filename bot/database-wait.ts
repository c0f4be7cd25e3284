import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import type { Core } from '../core/core.js';
import { DatabaseUnavailable } from '../core/base/errors.js';
import { sleep } from '../core/base/sleep.js';
import type { BotContext } from './context.js';

const FIRST_WAIT_MS = 500;
const LONGEST_WAIT_MS = 10_000;

/**
 * Updates taken by long polling wait for a database that is away (stopped, restarting) instead of being
 * lost: telegraf confirms a batch to Telegram once its handlers return, so an update that failed for want
 * of a database would be gone. Its handler gave up with nothing kept (see unitOfWork), so it runs again,
 * after a wait doubling up to 10 s, until the database answers; meanwhile no more updates are taken.
 * Webhook updates do not come this way: the webhook refuses them (503) and Telegram delivers them again.
 * `abandon()` (on stop) ends the waits and keeps the batch unconfirmed, so Telegram still holds it for the
 * next start.
 */
export function waitForDatabaseWhilePolling(telegraf: Telegraf<BotContext>, core: Core): { abandon(): void } {
  const abort = new AbortController();
  const handle = telegraf.handleUpdate.bind(telegraf);
  let waiting = 0;
  telegraf.handleUpdate = async (update: Update, webhookResponse?: Parameters<typeof handle>[1]) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await handle(update, webhookResponse);
        if (attempt > 0 && --waiting === 0) core.log.info('database back: waiting updates handled');
        return;
      } catch (err) {
        if (!(err instanceof DatabaseUnavailable)) throw err;
        if (attempt === 0 && waiting++ === 0) core.log.warn({ reason: err.reason }, 'database unavailable: updates wait for it (Telegram keeps the rest)');
        if (abort.signal.aborted) throw err;
        await sleep(Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** attempt), abort.signal);
        if (abort.signal.aborted) {
          // Unconfirmed, Telegram delivers the batch again to the next start (telegraf's own field, no API for it).
          const polling = (telegraf as unknown as { polling?: { skipOffsetSync: boolean } }).polling;
          if (polling) polling.skipOffsetSync = true;
          core.log.warn({ updateId: update.update_id }, 'stopping while the database is unavailable: the update is left to Telegram');
          throw err;
        }
      }
    }
  };
  return { abandon: () => abort.abort() };
}
