import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { personName } from './person-name.js';
import type { StaffRole } from '../access/staff-roles.js';

export { STAFF_ROLES, type StaffRole } from '../access/staff-roles.js';

/** A member of staff under the full ФИО (A6). */
export const Staff = defineEntity({
  name: 'Staff',
  tableName: 'staff',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    ...personName,
    position: p.string().nullable(),
    email: p.string().nullable(),
    phone: p.string().nullable(),
    roles: p.array<StaffRole>().default([]),
    active: p.boolean().default(true),
    ...timestamps,
  },
});
export type Staff = InferEntity<typeof Staff>;
