import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { personName } from './person-name.js';
import { Student } from './student.entity.js';

/** A parent or other legal representative (A8). */
export const Guardian = defineEntity({
  name: 'Guardian',
  tableName: 'guardian',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    ...personName,
    /** Set once when the consent behind the person was withdrawn (G3): «Родитель N», N unique in the school. */
    pseudonymNo: p.integer().nullable(),
    phone: p.string().nullable(),
    email: p.string().nullable(),
    ...timestamps,
  },
  uniques: [{ name: 'guardian_school_id_pseudonym_no_unique', properties: ['school', 'pseudonymNo'] }],
});
export type Guardian = InferEntity<typeof Guardian>;

export const GUARDIAN_RELATIONS = ['mother', 'father', 'grandmother', 'grandfather', 'guardian', 'other'] as const;
export type GuardianRelation = (typeof GUARDIAN_RELATIONS)[number];

/** Students and guardians are many-to-many: siblings share parents, a child has two. */
export const StudentGuardian = defineEntity({
  name: 'StudentGuardian',
  tableName: 'student_guardian',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    student: () => p.manyToOne(Student).index().deleteRule('cascade'),
    guardian: () => p.manyToOne(Guardian).index().deleteRule('cascade'),
    relation: p.enum([...GUARDIAN_RELATIONS]),
  },
  uniques: [{ properties: ['student', 'guardian'] }],
});
export type StudentGuardian = InferEntity<typeof StudentGuardian>;
