import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { Group } from '../people/group.entity.js';
import { Staff } from '../people/staff.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { School } from '../school/school.entity.js';

/** The two files of an archive set: the whole journal, and the summary sheet kept five times as long (F4). */
export const ARCHIVE_KINDS = ['journal', 'summary'] as const;
export type ArchiveKind = (typeof ARCHIVE_KINDS)[number];

/**
 * What the last check of a file found: `ok`, or the manifest's word for the trouble (core/integrity):
 * changed, missing, bad-signature, no-manifest.
 */
export const VERIFY_STATES = ['ok', 'changed', 'missing', 'extra', 'bad-signature', 'no-manifest'] as const;
export type VerifyState = (typeof VERIFY_STATES)[number];

/**
 * One file of a year-end archive set (F1, F4): a class's journal or its summary sheet, written under ARCHIVE_DIR
 * with a signed manifest beside it (F3). The class and the year keep their names here: the row outlives them
 * (25 years for a summary sheet), and after the retention ends the file goes but the row stays, `deletedAt` set.
 */
export const JournalArchive = defineEntity({
  name: 'JournalArchive',
  tableName: 'journal_archive',
  properties: {
    id: p.integer().primary(),
    school: () => p.manyToOne(School).index(),
    group: () => p.manyToOne(Group).nullable().index().deleteRule('set null'),
    year: () => p.manyToOne(AcademicYear).nullable().index().deleteRule('set null'),
    className: p.string(),
    yearName: p.string(),
    kind: p.enum([...ARCHIVE_KINDS]),
    /** The set's directory, relative to ARCHIVE_DIR: the manifest that covers this file is there. */
    setDir: p.string().length(500),
    /** The file, relative to ARCHIVE_DIR (never absolute: the directory may move with the deployment). */
    path: p.string().length(500),
    sha256: p.string().length(64),
    size: p.bigint('number'),
    madeAt: p.datetime(),
    madeByStaff: () => p.manyToOne(Staff).nullable().deleteRule('set null'),
    /** Who made it, as the title page names them (a staff member's name, or the scheduled job). */
    madeBy: p.string(),
    /** The first day the file may be deleted (archive-retention.ts). */
    expiresOn: p.date(),
    verifiedAt: p.datetime().nullable(),
    verifyState: p.enum([...VERIFY_STATES]).nullable(),
    deletedAt: p.datetime().nullable(),
    ...timestamps,
  },
  indexes: [{ properties: ['school', 'year', 'group'] }, { properties: ['expiresOn'] }],
});
export type JournalArchive = InferEntity<typeof JournalArchive>;
