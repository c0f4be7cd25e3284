import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Student } from '../people/student.entity.js';
import { School } from '../school/school.entity.js';
import { Lesson } from './lesson.entity.js';
import { WorkType } from '../school/work-type.entity.js';

/**
 * A mark 2–5 for a piece of work in a lesson (C4), with its work type (and so its weight). `second` makes
 * a double mark 5/4 where the subject allows it; `makeUp` is a mark for work made up after an absence,
 * which leaves the absence recorded. A student may get several marks in one lesson.
 */
export const Mark = defineEntity({
  name: 'Mark',
  tableName: 'mark',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    lesson: () => p.manyToOne(Lesson).index(),
    student: () => p.manyToOne(Student).index(),
    value: p.smallint(),
    second: p.smallint().nullable(),
    workType: () => p.manyToOne(WorkType).index(),
    comment: p.text().nullable(),
    makeUp: p.boolean().default(false),
    /**
     * The lesson's date, copied by the database's triggers (migration mark_date) so that a student's marks of
     * some dates are one index range: read it, never write it (whatever is written, the lesson's date wins).
     */
    date: p.date().nullable(),
    /**
     * The lesson's assignment, copied the same way (migration mark_assignment_and_times) so that a student's marks
     * in an assignment over some dates are one index range (the journal-filling report): read it, never write it.
     */
    assignmentId: p.integer().nullable(),
    version: p.integer().version(),
    ...timestamps,
  },
});
export type Mark = InferEntity<typeof Mark>;
