import fs from 'node:fs/promises';
import path from 'node:path';
import { NotFound } from '../base/errors.js';

/**
 * Where archive sets live: ARCHIVE_DIR/<school id>/<year id>/<class id>/<made at>/, each set its own directory
 * (a class archived again gets a new set; no set is ever rewritten). Rows keep paths relative to the root, and
 * every path read back is resolved inside it, whatever a row says.
 */
export class ArchiveStore {
  constructor(readonly root: string) {}

  /**
   * A new, empty set directory for a class, named after the instant it is made (UTC, «20270615-090000»);
   * another set made the same second gets «-2», «-3»…: mkdir fails on a name taken, so two makers never share one.
   */
  async newSet(ids: { school: number; year: number; group: number }, madeAt: Date): Promise<{ dir: string; relative: string }> {
    const parent = path.join(String(ids.school), String(ids.year), String(ids.group));
    await fs.mkdir(path.join(this.root, parent), { recursive: true });
    const stamp = madeAt.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    for (let n = 1; ; n++) {
      const relative = path.join(parent, n === 1 ? stamp : `${stamp}-${n}`);
      try {
        await fs.mkdir(path.join(this.root, relative));
        return { dir: path.join(this.root, relative), relative: relative.split(path.sep).join('/') };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw err;
      }
    }
  }

  /**
   * The absolute path of a stored relative one, refused (as not found) when it would leave the root: `..`,
   * an absolute path or a NUL in a row can never reach another file of the server.
   */
  resolve(relative: string): string {
    const root = path.resolve(this.root);
    const absolute = path.resolve(root, relative);
    if (relative.includes('\0') || path.isAbsolute(relative) || !absolute.startsWith(root + path.sep)) throw new NotFound('JournalArchive');
    return absolute;
  }

  async remove(relative: string): Promise<void> {
    await fs.rm(this.resolve(relative), { force: true });
  }

  /** Removes a set's directory once none of its files is kept any more (its manifest and signature go with it). */
  async removeSet(relative: string): Promise<void> {
    await fs.rm(this.resolve(relative), { recursive: true, force: true });
  }
}
