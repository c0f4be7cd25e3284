import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Guardian } from '../people/guardian.entity.js';
import { Staff } from '../people/staff.entity.js';
import { School } from '../school/school.entity.js';
import { CONSENT_STATUSES } from './consent-statuses.js';

export { CONSENT_STATUSES, type ConsentStatus } from './consent-statuses.js';

/**
 * One line of the consent registry (G1): a guardian's consent to the processing of personal data under
 * 152-ФЗ given, refused or withdrawn on a date. Lines are only added, never changed: the registry keeps
 * the whole history, and the guardian's current status is its latest line.
 */
export const Consent = defineEntity({
  name: 'Consent',
  tableName: 'consent',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    guardian: () => p.manyToOne(Guardian).index(),
    status: p.enum([...CONSENT_STATUSES]),
    date: p.date(),
    /** Who entered it; empty when the system (an import, the CLI) did. */
    recordedBy: () => p.manyToOne(Staff).nullable(),
    note: p.string().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type Consent = InferEntity<typeof Consent>;
