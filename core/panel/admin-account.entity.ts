import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Staff } from '../people/staff.entity.js';

/**
 * A login to the web panel. The password is stored only as an argon2 hash. An account linked to a member
 * of staff acts in that person's school with that person's roles; an unlinked one is the deployment's
 * administrator (ADMIN_EMAIL), who administers every school.
 */
export const AdminAccount = defineEntity({
  name: 'AdminAccount',
  tableName: 'admin_account',
  properties: {
    id: p.integer().primary(),
    email: p.string().unique(),
    passwordHash: p.string().hidden(),
    staff: () => p.manyToOne(Staff).nullable().unique(),
    mustChangePassword: p.boolean().default(false),
    lastLoginAt: p.datetime().nullable(),
    ...timestamps,
  },
});
export type AdminAccount = InferEntity<typeof AdminAccount>;
