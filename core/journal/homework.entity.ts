import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Student } from '../people/student.entity.js';
import { School } from '../school/school.entity.js';
import { Lesson } from './lesson.entity.js';

/**
 * Homework set in a lesson (C5): for the whole group, or for one student (`student`); `none` records
 * «без домашнего задания» explicitly.
 */
export const Homework = defineEntity({
  name: 'Homework',
  tableName: 'homework',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    lesson: () => p.manyToOne(Lesson).index().deleteRule('cascade'),
    text: p.text().nullable(),
    student: () => p.manyToOne(Student).nullable().index(),
    none: p.boolean().default(false),
    /** The day it is due: by default the assignment's next lesson in the timetable after the lesson. */
    dueDate: p.date().nullable(),
    ...timestamps,
  },
});
export type Homework = InferEntity<typeof Homework>;
