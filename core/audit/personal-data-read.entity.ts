import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { Staff } from '../people/staff.entity.js';
import { School } from '../school/school.entity.js';
import { AUDIT_ACTOR_KINDS, AUDIT_SOURCES } from './audit-entry.entity.js';

/**
 * What was read (G4): a person's record opened, a list with names (a panel list page, the bot's class list of
 * a lesson), the journal, an export, a statement, a report, an archive.
 */
export const READ_KINDS = ['record', 'list', 'journal', 'export', 'statement', 'report', 'archive'] as const;
export type ReadKind = (typeof READ_KINDS)[number];

/**
 * One read of personal data by a member of staff (G4, 152-ФЗ): who (actor, staff, panel account), what (kind,
 * the resource — «Student», a report kind, «Journal» —, the record, details such as the format), how many
 * people it showed, when (the one clock), from where (channel and client address). A list is one line with
 * its count. Append-only: the migration adds a trigger that refuses UPDATE, DELETE and TRUNCATE, and there
 * are no foreign keys (a key's «on delete set null» would be an update): lines outlive the people they name.
 */
export const PersonalDataRead = defineEntity({
  name: 'PersonalDataRead',
  tableName: 'personal_data_read',
  properties: {
    id: p.bigint('number').primary(),
    at: p.datetime(),
    school: () => p.manyToOne(School).nullable().createForeignKeyConstraint(false),
    channel: p.enum([...AUDIT_SOURCES]),
    address: p.string().length(64).nullable(),
    actorKind: p.enum([...AUDIT_ACTOR_KINDS]),
    actorStaff: () => p.manyToOne(Staff).nullable().createForeignKeyConstraint(false),
    actorAccountId: p.integer().nullable(),
    kind: p.enum([...READ_KINDS]),
    /** The entity («Student»), report kind («E3»), or «Journal», «Statement», «Archive». */
    resource: p.string().length(64),
    recordId: p.string().length(64).nullable(),
    /** What else says what was read: a format, a class, a period, a page. Never names. */
    detail: p.string().length(255).nullable(),
    /** How many people the read showed. */
    people: p.integer(),
  },
  indexes: [{ properties: ['school', 'at'] }, { properties: ['actorStaff', 'at'] }],
});
export type PersonalDataRead = InferEntity<typeof PersonalDataRead>;
