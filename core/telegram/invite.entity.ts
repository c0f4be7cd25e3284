import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Staff } from '../people/staff.entity.js';
import { School } from '../school/school.entity.js';
import { PERSON_KINDS } from '../people/person-kinds.js';

export { PERSON_KINDS, type PersonKind } from '../people/person-kinds.js';

/**
 * A one-time, expiring invitation to the bot (B1). Only the SHA-256 of the code is kept: whoever reads
 * the database cannot use an invite. Issuing a new one revokes the person's earlier unused ones.
 */
export const Invite = defineEntity({
  name: 'Invite',
  tableName: 'invite',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    personKind: p.enum([...PERSON_KINDS]),
    personId: p.integer(),
    codeHash: p.string().length(64).unique(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    issuedByStaff: () => p.manyToOne(Staff).nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
  indexes: [{ properties: ['personKind', 'personId'] }],
});
export type Invite = InferEntity<typeof Invite>;

/** A code that did not match any invite, kept to slow down whoever guesses codes from one account. */
export const InviteFailure = defineEntity({
  name: 'InviteFailure',
  tableName: 'invite_failure',
  properties: {
    id: p.integer().primary(),
    telegramAccountId: p.bigint('number').index(),
    at: p.datetime().defaultRaw('now()'),
  },
});
export type InviteFailure = InferEntity<typeof InviteFailure>;
