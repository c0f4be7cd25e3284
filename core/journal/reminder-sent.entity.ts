import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Staff } from '../people/staff.entity.js';
import { School } from '../school/school.entity.js';

/**
 * A reminder item already delivered to a teacher (C9), so that the next run does not repeat it: `item` is
 * e.g. `lesson:42:topic`, `control:7`, `period:3:12`.
 */
export const ReminderSent = defineEntity({
  name: 'ReminderSent',
  tableName: 'reminder_sent',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    staff: () => p.manyToOne(Staff).index(),
    item: p.string(),
    sentAt: p.datetime(),
  },
  uniques: [{ properties: ['staff', 'item'] }],
});
export type ReminderSent = InferEntity<typeof ReminderSent>;
