import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../time/clock.js';
import { ProcessedUpdate } from './processed-update.entity.js';

export const UPDATE_MEMORY_HOURS = 24;

/**
 * Remembers which Telegram updates were taken, so that an update delivered twice (a webhook retry, two
 * instances, a restart mid-batch) is processed once. The claim is an insert that only one caller wins.
 */
export class UpdateLedger {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  async claim(botId: number, updateId: number): Promise<boolean> {
    // Stamped by the clock that prune() later compares it with.
    const rows = await this.em().getConnection().execute<{ update_id: string }[]>(
      `insert into processed_update (bot_id, update_id, received_at) values (?, ?, ?)
       on conflict do nothing returning update_id`,
      [botId, updateId, this.clock.now()],
    );
    return rows.length === 1;
  }

  /** Forgets the updates taken more than UPDATE_MEMORY_HOURS ago. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - UPDATE_MEMORY_HOURS * 3600_000);
    return this.em().nativeDelete(ProcessedUpdate, { receivedAt: { $lt: cutoff } });
  }
}
