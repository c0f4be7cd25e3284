import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from './school.entity.js';

/** вид работы with its weight in the weighted average and its grading deadline in days (A13). */
export const WorkType = defineEntity({
  name: 'WorkType',
  tableName: 'work_type',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    name: p.string(),
    weight: p.decimal('number').precision(4).scale(2).default(1),
    gradingDeadlineDays: p.integer().nullable(),
    ...timestamps,
  },
  uniques: [{ properties: ['school', 'name'] }],
});
export type WorkType = InferEntity<typeof WorkType>;
