import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { TeachingAssignment } from './teaching-assignment.entity.js';

/** график контрольных работ: a planned control work with its form of control (A12), ВШК/ВТК when internal. */
export const ControlWork = defineEntity({
  name: 'ControlWork',
  tableName: 'control_work',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    assignment: () => p.manyToOne(TeachingAssignment).index(),
    date: p.date(),
    form: p.string(),
    title: p.string().nullable(),
    internalControl: p.boolean().default(false),
    ...timestamps,
  },
});
export type ControlWork = InferEntity<typeof ControlWork>;
