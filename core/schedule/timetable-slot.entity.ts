import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Group } from '../people/group.entity.js';
import { Subgroup } from '../people/subgroup.entity.js';
import { Room } from '../school/building.entity.js';
import { School } from '../school/school.entity.js';
import { TeachingAssignment } from './teaching-assignment.entity.js';

/**
 * A weekly lesson: on `weekday` (1 = Monday) at `lessonNumber`, from `validFrom` to `validTo` (open when
 * null). The teacher is the assignment's. A teacher, a room and a group are never booked twice (A11).
 */
export const TimetableSlot = defineEntity({
  name: 'TimetableSlot',
  tableName: 'timetable_slot',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    assignment: () => p.manyToOne(TeachingAssignment).index(),
    group: () => p.manyToOne(Group).index(),
    subgroup: () => p.manyToOne(Subgroup).nullable(),
    room: () => p.manyToOne(Room).nullable(),
    weekday: p.integer(),
    lessonNumber: p.integer(),
    validFrom: p.date(),
    validTo: p.date().nullable(),
    ...timestamps,
  },
});
export type TimetableSlot = InferEntity<typeof TimetableSlot>;
