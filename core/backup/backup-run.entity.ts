import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const BACKUP_DESTINATIONS = ['local', 's3'] as const;
export type BackupDestinationId = (typeof BACKUP_DESTINATIONS)[number];
export const BACKUP_STATUSES = ['success', 'failed'] as const;
export type BackupStatus = (typeof BACKUP_STATUSES)[number];
export const BACKUP_SOURCES = ['job', 'panel', 'cli'] as const;
export type BackupSource = (typeof BACKUP_SOURCES)[number];

/**
 * One backup delivered (or not) to one destination (F2): each destination succeeds or fails on its own, and
 * the panel shows the last runs. `error` is what went wrong in words, without credentials; `accountId` the
 * panel login that asked for it (none: the schedule or the command line).
 */
export const BackupRun = defineEntity({
  name: 'BackupRun',
  tableName: 'backup_run',
  properties: {
    id: p.integer().primary(),
    name: p.string().length(64),
    destination: p.enum([...BACKUP_DESTINATIONS]),
    status: p.enum([...BACKUP_STATUSES]),
    location: p.text().nullable(),
    sizeBytes: p.bigint('number').nullable(),
    error: p.text().nullable(),
    source: p.enum([...BACKUP_SOURCES]),
    accountId: p.integer().nullable(),
    startedAt: p.datetime(),
    finishedAt: p.datetime(),
  },
  indexes: [{ properties: ['finishedAt'] }],
});
export type BackupRun = InferEntity<typeof BackupRun>;
