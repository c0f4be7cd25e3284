import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from './school.entity.js';

/** A subject under its full name, never abbreviated (S0 §4.3), with the A4 flags. */
export const Subject = defineEntity({
  name: 'Subject',
  tableName: 'subject',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    name: p.string(),
    withoutAttestation: p.boolean().default(false),
    doubleMarksAllowed: p.boolean().default(false),
    schoolComponent: p.boolean().default(false),
    ...timestamps,
  },
  uniques: [{ properties: ['school', 'name'] }],
});
export type Subject = InferEntity<typeof Subject>;
