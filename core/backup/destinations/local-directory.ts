import fs from 'node:fs/promises';
import path from 'node:path';
import { BACKUP_NAME } from '../backup-set.js';
import type { BackupDestination } from './destination.js';

/** Where a backup is written before it is delivered: a hidden directory beside the finished ones. */
export const stagingName = (name: string) => `.partial-${name}`;

/**
 * BACKUP_DIR: each backup a directory of its own, moved into place whole (a rename) once written and signed,
 * so a directory with a backup's name always holds a complete set.
 */
export class LocalDirectory implements BackupDestination {
  readonly id = 'local';

  constructor(
    readonly dir: string,
    private readonly keep: number,
  ) {}

  location(name: string): string {
    return path.join(this.dir, name);
  }

  async store(staging: string, name: string): Promise<void> {
    const target = this.location(name);
    if (path.dirname(staging) === this.dir) await fs.rename(staging, target);
    else await fs.cp(staging, target, { recursive: true, errorOnExist: true, force: false });
  }

  /** The oldest backups beyond `keep`; nothing else in the directory, and the leftovers of runs that died. */
  async prune(): Promise<string[]> {
    const entries = await fs.readdir(this.dir, { withFileTypes: true });
    const backups = entries.filter((e) => e.isDirectory() && BACKUP_NAME.test(e.name)).map((e) => e.name).sort();
    const expired = backups.slice(0, Math.max(0, backups.length - this.keep));
    for (const name of expired) await fs.rm(this.location(name), { recursive: true, force: true });
    return expired;
  }

  /** Partial sets of runs that died midway (one run at a time: none of them is being written now). */
  async removeLeftovers(current: string): Promise<void> {
    const entries = await fs.readdir(this.dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const name = e.name.replace(/^\.partial-/, '');
      if (e.isDirectory() && e.name !== stagingName(current) && e.name.startsWith('.partial-') && BACKUP_NAME.test(name)) {
        await fs.rm(path.join(this.dir, e.name), { recursive: true, force: true });
      }
    }
  }
}
