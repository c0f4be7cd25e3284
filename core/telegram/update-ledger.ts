import type { EntityManager } from '@mikro-orm/postgresql';
import { ProcessedUpdate } from './processed-update.entity.js';

export const UPDATE_MEMORY_HOURS = 24;

/**
 * Remembers which Telegram updates were taken, so that an update delivered twice (a webhook retry, two
 * instances, a restart mid-batch) is processed once. The claim is an insert that only one caller wins.
 */
export class UpdateLedger {
  constructor(private readonly em: () => EntityManager) {}

  async claim(botId: number, updateId: number): Promise<boolean> {
    const rows = await this.em().getConnection().execute<{ update_id: string }[]>(
      `insert into processed_update (bot_id, update_id) values (?, ?)
       on conflict do nothing returning update_id`,
      [botId, updateId],
    );
    return rows.length === 1;
  }

  async prune(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - UPDATE_MEMORY_HOURS * 3600_000);
    return this.em().nativeDelete(ProcessedUpdate, { receivedAt: { $lt: cutoff } });
  }
}
