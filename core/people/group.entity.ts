import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { BellSchedule } from '../school/bell-schedule.entity.js';
import { School } from '../school/school.entity.js';
import { Staff } from './staff.entity.js';

/** A class ("5А") or a college group ("ТМ-21") of one academic year, with its class teacher (A7). */
export const Group = defineEntity({
  name: 'Group',
  tableName: 'school_group',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    year: () => p.manyToOne(AcademicYear).index(),
    name: p.string(),
    gradeLevel: p.integer(),
    classTeacher: () => p.manyToOne(Staff).nullable().index(),
    bellSchedule: () => p.manyToOne(BellSchedule).nullable(),
    ...timestamps,
  },
  uniques: [{ properties: ['year', 'name'] }],
});
export type Group = InferEntity<typeof Group>;
