import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The bot-wide send schedule every dispatcher instance shares (shared-slots.ts): the next free moment to
 * send and the end of a flood pause, both on the database's clock. One row per bot (`telegram`).
 */
export const PacerState = defineEntity({
  name: 'PacerState',
  tableName: 'pacer_state',
  properties: {
    name: p.string().length(50).primary(),
    nextAt: p.datetime(),
    pausedUntil: p.datetime().nullable(),
  },
});
export type PacerState = InferEntity<typeof PacerState>;
