import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { Group } from './group.entity.js';
import { Student } from './student.entity.js';

export const ENROLLMENT_STARTS = ['admission', 'transfer', 'return', 'promotion'] as const;
export const ENROLLMENT_ENDS = ['transfer', 'expulsion', 'academic_leave', 'promotion', 'graduation'] as const;
export type EnrollmentStart = (typeof ENROLLMENT_STARTS)[number];
export type EnrollmentEnd = (typeof ENROLLMENT_ENDS)[number];

/**
 * One stretch of a student's membership of a group (A16). A student's stretches never overlap and, while
 * studying, leave no gaps; old stretches are never rewritten, so past journals stay as they were.
 */
export const Enrollment = defineEntity({
  name: 'Enrollment',
  tableName: 'enrollment',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    student: () => p.manyToOne(Student).index(),
    group: () => p.manyToOne(Group).index(),
    startDate: p.date(),
    endDate: p.date().nullable(),
    startReason: p.enum([...ENROLLMENT_STARTS]),
    endReason: p.enum([...ENROLLMENT_ENDS]).nullable(),
    ...timestamps,
  },
});
export type Enrollment = InferEntity<typeof Enrollment>;
