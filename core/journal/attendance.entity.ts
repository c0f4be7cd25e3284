import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Student } from '../people/student.entity.js';
import { School } from '../school/school.entity.js';
import { Lesson } from './lesson.entity.js';

/** н (absent, reason unknown), б (ill), п (valid reason), оп (late) — S0 §4.8, S4 §3.9. */
export const ATTENDANCE_CODES = ['n', 'b', 'p', 'op'] as const;
export type AttendanceCode = (typeof ATTENDANCE_CODES)[number];
/** The codes that mean the student was not in the lesson (late is present). */
export const ABSENCE_CODES: readonly AttendanceCode[] = ['n', 'b', 'p'];

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
