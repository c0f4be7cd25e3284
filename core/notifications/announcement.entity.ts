import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Group } from '../people/group.entity.js';
import { Staff } from '../people/staff.entity.js';
import { School } from '../school/school.entity.js';

/** An announcement (D8) to the whole school, or to one class's guardians and students (`group`). */
export const Announcement = defineEntity({
  name: 'Announcement',
  tableName: 'announcement',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    group: () => p.manyToOne(Group).nullable().index(),
    author: () => p.manyToOne(Staff).nullable(),
    title: p.string().nullable(),
    text: p.text(),
    ...timestamps,
  },
});
export type Announcement = InferEntity<typeof Announcement>;
