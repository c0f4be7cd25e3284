import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';

/** A login to the web panel. The password is stored only as an argon2 hash. */
export const AdminAccount = defineEntity({
  name: 'AdminAccount',
  tableName: 'admin_account',
  properties: {
    id: p.integer().primary(),
    email: p.string().unique(),
    passwordHash: p.string().hidden(),
    mustChangePassword: p.boolean().default(false),
    lastLoginAt: p.datetime().nullable(),
    ...timestamps,
  },
});
export type AdminAccount = InferEntity<typeof AdminAccount>;
