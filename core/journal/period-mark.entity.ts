import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Student } from '../people/student.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { Period } from '../school/period.entity.js';
import { School } from '../school/school.entity.js';
import { PERIOD_MARK_VALUES } from './period-mark-values.js';

// The vocabulary lives in its own module (the bot reads it without the entity); still exported from here.
export { PERIOD_MARK_VALUES, type PeriodMarkValue } from './period-mark-values.js';

/**
 * A student's mark for a period (четверть, полугодие, год…) in an assignment (C7). A deferred mark
 * (`deferredUntil`, for a student who was ill) has no value yet and does not block the period's lock.
 */
export const PeriodMark = defineEntity({
  name: 'PeriodMark',
  tableName: 'period_mark',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    assignment: () => p.manyToOne(TeachingAssignment).index(),
    period: () => p.manyToOne(Period).index(),
    student: () => p.manyToOne(Student).index(),
    value: p.enum([...PERIOD_MARK_VALUES]).nullable(),
    deferredUntil: p.date().nullable(),
    version: p.integer().version(),
    ...timestamps,
  },
  uniques: [{ properties: ['assignment', 'period', 'student'] }],
});
export type PeriodMark = InferEntity<typeof PeriodMark>;
