import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Telegram delivers updates at least once; a row here means the update was handled, committed with its effects. */
export const ProcessedUpdate = defineEntity({
  name: 'ProcessedUpdate',
  tableName: 'processed_update',
  properties: {
    botId: p.bigint('number').primary().autoincrement(false),
    updateId: p.bigint('number').primary().autoincrement(false),
    receivedAt: p.datetime().defaultRaw('now()').index(),
  },
  primaryKeys: ['botId', 'updateId'],
});
export type ProcessedUpdate = InferEntity<typeof ProcessedUpdate>;
