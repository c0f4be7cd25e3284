import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Student } from '../people/student.entity.js';
import { School } from '../school/school.entity.js';
import { Lesson } from './lesson.entity.js';
import { ATTENDANCE_CODES } from './attendance-codes.js';

// The vocabulary lives in its own module (the bot reads it without the entity); still exported from here.
export { ABSENCE_CODES, ATTENDANCE_CODES, type AttendanceCode } from './attendance-codes.js';

/** A student's absence or lateness in a lesson (C3); a student with no row was present. */
export const Attendance = defineEntity({
  name: 'Attendance',
  tableName: 'attendance',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    lesson: () => p.manyToOne(Lesson).index().deleteRule('cascade'),
    student: () => p.manyToOne(Student).index(),
    code: p.enum([...ATTENDANCE_CODES]),
    version: p.integer().version(),
    ...timestamps,
  },
  uniques: [{ properties: ['lesson', 'student'] }],
});
export type Attendance = InferEntity<typeof Attendance>;
