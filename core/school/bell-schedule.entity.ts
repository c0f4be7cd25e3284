import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from './school.entity.js';

/** расписание звонков, possibly one per shift (A3). */
export const BellSchedule = defineEntity({
  name: 'BellSchedule',
  tableName: 'bell_schedule',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    name: p.string(),
    ...timestamps,
  },
});
export type BellSchedule = InferEntity<typeof BellSchedule>;

/** Lesson number → start and end time ("HH:MM", the school's time zone). */
export const BellSlot = defineEntity({
  name: 'BellSlot',
  tableName: 'bell_slot',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    schedule: () => p.manyToOne(BellSchedule).index().deleteRule('cascade'),
    lessonNumber: p.integer(),
    startsAt: p.string().length(5),
    endsAt: p.string().length(5),
  },
  uniques: [{ properties: ['schedule', 'lessonNumber'] }],
});
export type BellSlot = InferEntity<typeof BellSlot>;
