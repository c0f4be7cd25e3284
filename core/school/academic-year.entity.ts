import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from './school.entity.js';

export const AcademicYear = defineEntity({
  name: 'AcademicYear',
  tableName: 'academic_year',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    name: p.string(),
    startDate: p.date(),
    endDate: p.date(),
    ...timestamps,
  },
  uniques: [{ properties: ['school', 'name'] }],
});
export type AcademicYear = InferEntity<typeof AcademicYear>;
