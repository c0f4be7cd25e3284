import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { PERSON_KINDS } from '../people/person-kinds.js';
import { Staff } from '../people/staff.entity.js';
import { School } from '../school/school.entity.js';

export const COMPROMISE_SOURCES = ['bot', 'panel', 'cli'] as const;
export type CompromiseSource = (typeof COMPROMISE_SOURCES)[number];

/**
 * A report that a person's access leaked (B3; S1 §5.3–5.4, S4 §4.3–4.4): the person themself (from the
 * bot) or the administrator says so; every binding and panel session of that person ended when it was
 * written. Operations made through that person between `leakedSince` and `reportedAt` are invalid and
 * can be rolled back once. `reportedBySelf` is true when the person reported it; otherwise
 * `reportedByStaff` names the member of staff (null: the deployment administrator or the CLI).
 */
export const CompromiseReport = defineEntity({
  name: 'CompromiseReport',
  tableName: 'compromise_report',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    personKind: p.enum([...PERSON_KINDS]),
    personId: p.integer(),
    reportedAt: p.datetime(),
    leakedSince: p.datetime(),
    reportedBySelf: p.boolean().default(false),
    reportedByStaff: () => p.manyToOne(Staff).nullable().deleteRule('set null'),
    source: p.enum([...COMPROMISE_SOURCES]),
    bindingsRevoked: p.integer().default(0),
    sessionsEnded: p.integer().default(0),
    rolledBackAt: p.datetime().nullable(),
    rolledBackBy: () => p.manyToOne(Staff).nullable().deleteRule('set null'),
  },
  indexes: [{ properties: ['personKind', 'personId'] }],
});
export type CompromiseReport = InferEntity<typeof CompromiseReport>;
