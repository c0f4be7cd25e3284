import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { TeachingAssignment } from './teaching-assignment.entity.js';

/** One line of a КТП: the topics of an assignment in teaching order, with their hours (A10). */
export const ThematicPlanTopic = defineEntity({
  name: 'ThematicPlanTopic',
  tableName: 'thematic_plan_topic',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    assignment: () => p.manyToOne(TeachingAssignment).index().deleteRule('cascade'),
    position: p.integer(),
    title: p.text(),
    hours: p.integer().default(1),
    ...timestamps,
  },
  uniques: [{ properties: ['assignment', 'position'] }],
});
export type ThematicPlanTopic = InferEntity<typeof ThematicPlanTopic>;
