import type { Clock } from '../time/clock.js';
import type { SnapshotContents } from './snapshot.js';

/** A backup's name: the product's prefix and the UTC time it was taken, so names sort by age. */
export const BACKUP_NAME = /^klassny-backup-\d{8}T\d{6}Z(-\d+)?$/;

export function backupName(clock: Clock): string {
  const stamp = clock.now().toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  return `klassny-backup-${stamp}`;
}

/** The signed manifest's meta of a backup: enough to restore it and to check the restore. */
export interface BackupMeta extends SnapshotContents {
  kind: 'klassny-backup';
  format: 1;
  name: string;
  appVersion: string;
}

/** The backup meta of a verified manifest, or undefined when the set is something else (an archive). */
export function backupMetaOf(meta: Record<string, unknown>): BackupMeta | undefined {
  if (meta.kind !== 'klassny-backup' || meta.format !== 1) return undefined;
  if (!Array.isArray(meta.tables) || !Array.isArray(meta.migrations) || !Array.isArray(meta.sequences)) return undefined;
  return meta as unknown as BackupMeta;
}
