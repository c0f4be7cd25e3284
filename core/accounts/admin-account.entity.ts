import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Staff } from '../people/staff.entity.js';

/**
 * A login to the web panel. The password is stored only as an argon2 hash. An account linked to a member
 * of staff acts in that person's school with that person's roles. The deployment's own administrator,
 * who administers every school, is the account whose `deployment` flag is set: by the start-up
 * (ADMIN_EMAIL, or the demo account) or the CLI, never by anything done in the panel. An account with
 * neither opens nothing (see panel-actor.ts); the staff link cannot be cut by deleting the staff record
 * (the foreign key restricts, and the record service refuses first). A member of staff's account is given,
 * disabled, re-enabled and reset by the school's administrator (staff-accounts.ts); a disabled one
 * (`disabledAt`) opens nothing until it is enabled again.
 */
export const AdminAccount = defineEntity({
  name: 'AdminAccount',
  tableName: 'admin_account',
  properties: {
    id: p.integer().primary(),
    email: p.string().unique(),
    passwordHash: p.string().hidden(),
    staff: () => p.manyToOne(Staff).nullable().unique().deleteRule('restrict'),
    deployment: p.boolean().default(false),
    mustChangePassword: p.boolean().default(false),
    lastLoginAt: p.datetime().nullable(),
    disabledAt: p.datetime().nullable(),
    ...timestamps,
  },
  // A deployment account belongs to no school: it is never also a member of staff's.
  checks: [{ name: 'admin_account_deployment_has_no_staff', expression: 'not (deployment and staff_id is not null)' }],
});
export type AdminAccount = InferEntity<typeof AdminAccount>;
