import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { AcademicYear } from './academic-year.entity.js';
import { School } from './school.entity.js';

/** каникулы and public holidays: no lessons are expected on these dates. */
export const Holiday = defineEntity({
  name: 'Holiday',
  tableName: 'holiday',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    year: () => p.manyToOne(AcademicYear).index(),
    name: p.string(),
    startDate: p.date(),
    endDate: p.date(),
    ...timestamps,
  },
});
export type Holiday = InferEntity<typeof Holiday>;
