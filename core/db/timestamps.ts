import { p } from '@mikro-orm/core';

/**
 * created_at / updated_at, defaulted by the database (so upserts and raw inserts have them too). Bookkeeping
 * only: nothing compares them with the clock, except where a row is written with them from the clock
 * (a notification's created_at, see enqueue).
 */
export const timestamps = {
  createdAt: p.datetime().defaultRaw('now()'),
  // eslint-disable-next-line no-restricted-syntax -- a stamp of the last change, never compared with the Clock
  updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
};
