import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { AcademicYear } from './academic-year.entity.js';
import { School } from './school.entity.js';

export const PERIOD_TYPES = ['quarter', 'trimester', 'half', 'semester', 'year'] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

/** четверть, триместр, полугодие, семестр, год: periods of one type do not overlap (A2). */
export const Period = defineEntity({
  name: 'Period',
  tableName: 'period',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    year: () => p.manyToOne(AcademicYear).index(),
    type: p.enum([...PERIOD_TYPES]),
    number: p.integer(),
    name: p.string(),
    startDate: p.date(),
    endDate: p.date(),
    ...timestamps,
  },
});
export type Period = InferEntity<typeof Period>;
