import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { Period } from '../school/period.entity.js';
import { School } from '../school/school.entity.js';

/**
 * The journal of an assignment for a period, closed once its period marks are set (C7): the teacher can
 * no longer change the period's lessons until the administrator unlocks it (`locked` false, who and when).
 */
export const PeriodLock = defineEntity({
  name: 'PeriodLock',
  tableName: 'period_lock',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    assignment: () => p.manyToOne(TeachingAssignment).index(),
    period: () => p.manyToOne(Period).index(),
    locked: p.boolean().default(true),
    lockedAt: p.datetime(),
    unlockedAt: p.datetime().nullable(),
    unlockedBy: p.string().nullable(),
    version: p.integer().version(),
    ...timestamps,
  },
  uniques: [{ properties: ['assignment', 'period'] }],
});
export type PeriodLock = InferEntity<typeof PeriodLock>;
