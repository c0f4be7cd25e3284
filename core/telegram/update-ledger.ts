import type { EntityManager } from '@mikro-orm/postgresql';
import { asDatabaseUnavailable, isDatabaseUnavailable } from '../base/database-errors.js';
import type { Clock } from '../time/clock.js';
import { ProcessedUpdate } from './processed-update.entity.js';
import { claimAndRead, type UpdateStart } from './update-start.js';

export const UPDATE_MEMORY_HOURS = 24;

/** What became of an update given to handleOnce. */
export type LedgerOutcome = 'handled' | 'duplicate';

/**
 * Remembers which Telegram updates were handled, so that an update delivered twice (a webhook retry, two
 * instances, a restart mid-batch) is handled once. The row is written in the transaction of the update's
 * own effects: a process killed half-way leaves neither, and the redelivered update runs again.
 */
export class UpdateLedger {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  /**
   * Runs `handle` in one transaction with the claim of the update: the services it calls nest their own
   * transactions in it (savepoints), so the update's writes and its row here commit together or not at
   * all. A second delivery while the first is still running waits on the claim's row and then skips.
   * Everything `handle` does must use the unit of work's EntityManager (never a connection of its own):
   * the transaction holds one connection of the pool until the update is done. A database that cannot be
   * reached fails it with DatabaseUnavailable (nothing kept: the update may simply come again).
   * With `reader` (a user's update), the statement of the claim also reads the user's account, and in a
   * private chat its bindings and sessions (update-start.ts), handed to `handle`.
   */
  async handleOnce(
    botId: number,
    updateId: number,
    handle: (start: UpdateStart) => Promise<void>,
    reader?: { telegramId: number; withBindings: boolean },
  ): Promise<LedgerOutcome> {
    try {
      return await this.em().transactional(async (em) => {
        const start = await claimAndRead(em, { botId, updateId, now: this.clock.now() }, reader);
        if (!start.claimed) return 'duplicate';
        await handle(start);
        return 'handled';
      });
    } catch (err) {
      // The database went away: nothing was kept, the update is to be delivered again (DatabaseUnavailable).
      throw isDatabaseUnavailable(err) ? asDatabaseUnavailable(err) : err;
    }
  }

  /** Takes the update outside any handler (tests, tools): true for the first caller only. */
  async claim(botId: number, updateId: number): Promise<boolean> {
    return this.claimIn(this.em(), botId, updateId);
  }

  /** Forgets the updates taken more than UPDATE_MEMORY_HOURS ago. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - UPDATE_MEMORY_HOURS * 3600_000);
    return this.em().nativeDelete(ProcessedUpdate, { receivedAt: { $lt: cutoff } });
  }

  private async claimIn(em: EntityManager, botId: number, updateId: number): Promise<boolean> {
    // em.execute runs in the em's transaction (getConnection().execute would take another connection).
    // Stamped by the clock that prune() later compares it with.
    const rows = await em.execute<{ update_id: string }[]>(
      `insert into processed_update (bot_id, update_id, received_at) values (?, ?, ?)
       on conflict do nothing returning update_id`,
      [botId, updateId, this.clock.now()],
    );
    return rows.length === 1;
  }
}
