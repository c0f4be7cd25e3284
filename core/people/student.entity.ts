import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { personName } from './person-name.js';

export const STUDENT_STATUSES = ['studying', 'academic_leave', 'expelled', 'graduated'] as const;
export type StudentStatus = (typeof STUDENT_STATUSES)[number];

/** A student (A8). Without a guardian's consent only ФИО, date of birth and sex are kept (G2). */
export const Student = defineEntity({
  name: 'Student',
  tableName: 'student',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    ...personName,
    birthDate: p.date(),
    sex: p.enum(['m', 'f']),
    /** Set once when the consent behind the person was withdrawn (G3): «Ученик N», N unique in the school. */
    pseudonymNo: p.integer().nullable(),
    individualPlan: p.boolean().default(false),
    status: p.enum([...STUDENT_STATUSES]).default('studying'),
    version: p.integer().version(),
    ...timestamps,
  },
  uniques: [{ name: 'student_school_id_pseudonym_no_unique', properties: ['school', 'pseudonymNo'] }],
});
export type Student = InferEntity<typeof Student>;
