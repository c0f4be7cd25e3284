import { p } from '@mikro-orm/core';

/** created_at / updated_at, defaulted by the database (so upserts and raw inserts have them too). */
export const timestamps = {
  createdAt: p.datetime().defaultRaw('now()'),
  updatedAt: p.datetime().defaultRaw('now()').onUpdate(() => new Date()),
};
