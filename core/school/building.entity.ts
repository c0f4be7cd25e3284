import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from './school.entity.js';

export const Building = defineEntity({
  name: 'Building',
  tableName: 'building',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    name: p.string(),
    address: p.string().nullable(),
    ...timestamps,
  },
});
export type Building = InferEntity<typeof Building>;

export const Room = defineEntity({
  name: 'Room',
  tableName: 'room',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    building: () => p.manyToOne(Building).index(),
    name: p.string(),
    capacity: p.integer().nullable(),
    ...timestamps,
  },
  uniques: [{ properties: ['building', 'name'] }],
});
export type Room = InferEntity<typeof Room>;
