import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { Actor } from '../access/actor.js';
import type { Source } from '../access/roles.js';
import { Staff } from '../people/staff.entity.js';
import { School } from '../school/school.entity.js';
import { CompromiseReport } from './compromise-report.entity.js';

export const AUDIT_SOURCES = ['bot', 'miniApp', 'panel', 'cli', 'job', 'import'] as const satisfies readonly Source[];
export const AUDIT_ACTOR_KINDS = ['staff', 'deployment', 'system', 'guardian', 'student'] as const satisfies readonly Actor['kind'][];
/**
 * `rollback`: the administrator undid the operations of a compromised access (core/security): the report's
 * own line, and one line per journal entry put back, linked to the report (`compromiseReport`). `withdrawal`:
 * a guardian's consent was withdrawn and the person (and perhaps its child) pseudonymised (core/privacy);
 * `export`: everything held about a person was given out on request (152-ФЗ art. 14).
 */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'movement', 'rollback', 'withdrawal', 'export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One line of the audit log (B4): who changed what, from where and when, with the row as it was before
 * and as it is after. Written by the services in the transaction of the change itself, never edited.
 * The school is empty for deployment-level rows; rows outlive the staff and schools they name.
 */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p.bigint('number').primary(),
    school: () => p.manyToOne(School).nullable().deleteRule('set null'),
    at: p.datetime().defaultRaw('now()'),
    source: p.enum([...AUDIT_SOURCES]),
    actorKind: p.enum([...AUDIT_ACTOR_KINDS]),
    actorStaff: () => p.manyToOne(Staff).nullable().index().deleteRule('set null'),
    actorAccountId: p.integer().nullable(),
    action: p.enum([...AUDIT_ACTIONS]),
    /** The entity's name, as the ORM knows it: «Student», «StudentMovement»… */
    entity: p.string(),
    entityId: p.string(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    /** The report of leaked access whose rollback wrote this line (action `rollback`). */
    compromiseReport: () => p.manyToOne(CompromiseReport).nullable().deleteRule('set null'),
  },
  indexes: [{ properties: ['school', 'at'] }, { properties: ['entity', 'entityId'] }],
});
export type AuditEntry = InferEntity<typeof AuditEntry>;
