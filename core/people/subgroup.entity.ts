import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { Group } from './group.entity.js';
import { Student } from './student.entity.js';

/** Part of a group taught separately, e.g. the two halves of a class in English (S0 §6.9). */
export const Subgroup = defineEntity({
  name: 'Subgroup',
  tableName: 'subgroup',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    group: () => p.manyToOne(Group).index().deleteRule('cascade'),
    name: p.string(),
    ...timestamps,
  },
  uniques: [{ properties: ['group', 'name'] }],
});
export type Subgroup = InferEntity<typeof Subgroup>;

export const SubgroupMember = defineEntity({
  name: 'SubgroupMember',
  tableName: 'subgroup_member',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    subgroup: () => p.manyToOne(Subgroup).index().deleteRule('cascade'),
    student: () => p.manyToOne(Student).index().deleteRule('cascade'),
  },
  uniques: [{ properties: ['subgroup', 'student'] }],
});
export type SubgroupMember = InferEntity<typeof SubgroupMember>;
