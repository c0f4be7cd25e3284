import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Staff } from '../people/staff.entity.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { ThematicPlanTopic } from '../schedule/thematic-plan-topic.entity.js';
import { School } from '../school/school.entity.js';

/**
 * One lesson given (a column of the journal): an assignment on a date at a lesson number, with its topic
 * (free text or a line of the КТП, C2), when its roll call was taken (C3) and, for a substitution, the teacher
 * who gave it (C6).
 */
export const Lesson = defineEntity({
  name: 'Lesson',
  tableName: 'lesson',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    assignment: () => p.manyToOne(TeachingAssignment).index(),
    date: p.date(),
    lessonNumber: p.integer(),
    topic: p.text().nullable(),
    planTopic: () => p.manyToOne(ThematicPlanTopic).nullable().deleteRule('set null'),
    substituteTeacher: () => p.manyToOne(Staff).nullable().index(),
    /** When the roll call was finished: with no absences there are no attendance rows to show it was taken. */
    attendanceTakenAt: p.datetime().nullable(),
    version: p.integer().version(),
    ...timestamps,
  },
  uniques: [{ properties: ['assignment', 'date', 'lessonNumber'] }],
});
export type Lesson = InferEntity<typeof Lesson>;
