import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { School } from '../school/school.entity.js';
import { Group } from './group.entity.js';
import { Student } from './student.entity.js';

export const MOVEMENT_KINDS = ['transfer', 'expulsion', 'academic_leave', 'return', 'promotion'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * A line of the книга движения учащихся (A16): a transfer to another group, an expulsion, an academic
 * leave, a return from it, or the promotion of a whole group. Written once, never changed; applying it
 * closes and opens the students' group stretches, so old journals keep who was in the group then.
 */
export const StudentMovement = defineEntity({
  name: 'StudentMovement',
  tableName: 'student_movement',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    kind: p.enum([...MOVEMENT_KINDS]),
    /** Empty for the promotion of a whole group. */
    student: () => p.manyToOne(Student).nullable().index(),
    /** The group moved into (transfer, return) or the group promoted (promotion). */
    group: () => p.manyToOne(Group).nullable(),
    date: p.date(),
    orderNumber: p.string().nullable(),
    note: p.string().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type StudentMovement = InferEntity<typeof StudentMovement>;
