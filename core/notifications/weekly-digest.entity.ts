import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Guardian } from '../people/guardian.entity.js';
import { Student } from '../people/student.entity.js';
import { School } from '../school/school.entity.js';

/** The week's digest for a guardian about a child (D11), and when the guardian pressed «Ознакомлен». */
export const WeeklyDigest = defineEntity({
  name: 'WeeklyDigest',
  tableName: 'weekly_digest',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    guardian: () => p.manyToOne(Guardian).index(),
    student: () => p.manyToOne(Student).index(),
    /** The Monday of the week. */
    weekStart: p.date(),
    sentAt: p.datetime().nullable(),
    acknowledgedAt: p.datetime().nullable(),
    ...timestamps,
  },
  uniques: [{ properties: ['guardian', 'student', 'weekStart'] }],
});
export type WeeklyDigest = InferEntity<typeof WeeklyDigest>;
