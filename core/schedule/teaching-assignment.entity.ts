import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Group } from '../people/group.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Subgroup } from '../people/subgroup.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { School } from '../school/school.entity.js';
import { Subject } from '../school/subject.entity.js';

/** нагрузка: a teacher teaches a subject to a group (or one of its subgroups) in a year, for planned hours (A9). */
export const TeachingAssignment = defineEntity({
  name: 'TeachingAssignment',
  tableName: 'teaching_assignment',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    year: () => p.manyToOne(AcademicYear).index(),
    teacher: () => p.manyToOne(Staff).index(),
    subject: () => p.manyToOne(Subject).index(),
    group: () => p.manyToOne(Group).index(),
    subgroup: () => p.manyToOne(Subgroup).nullable(),
    plannedHours: p.integer(),
    ...timestamps,
  },
});
export type TeachingAssignment = InferEntity<typeof TeachingAssignment>;
