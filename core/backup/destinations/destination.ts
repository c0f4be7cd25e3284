import type { BackupDestinationId } from '../backup-run.entity.js';

/** A place backups go to. Each is tried on its own: one failing does not stop the other. */
export interface BackupDestination {
  readonly id: BackupDestinationId;
  /** Where the backup `name` is (or would be) kept, for people: a directory, or s3://bucket/prefix/name. */
  location(name: string): string;
  /** Stores the backup's files (names relative to `staging`; the manifest last, so a complete set ends with it). */
  store(staging: string, name: string, files: string[]): Promise<void>;
  /** Deletes this product's oldest backups beyond the destination's retention count; the names deleted. */
  prune(): Promise<string[]>;
}
