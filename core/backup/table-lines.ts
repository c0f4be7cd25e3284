import { createHash } from 'node:crypto';
import type { SqlSession } from './sql-session.js';

const FETCH_ROWS = 5000;

/**
 * The lines a statement answers, read through a cursor in batches: a table of a million rows never sits in
 * memory whole. Runs inside the caller's transaction (a cursor lives in one).
 */
export async function* cursorLines(session: SqlSession, sql: string): AsyncGenerator<string[]> {
  await session.query(`declare backup_rows no scroll cursor for ${sql}`);
  try {
    for (;;) {
      const { rows } = await session.query<{ line: string }>(`fetch forward ${FETCH_ROWS} from backup_rows`);
      if (rows.length === 0) return;
      yield rows.map((r) => r.line);
    }
  } finally {
    await session.query('close backup_rows');
  }
}

/** A table's row count and checksum: SHA-256 over its rows' JSON lines, each ended by a newline, in key order. */
export class TableDigest {
  private readonly hash = createHash('sha256');
  rows = 0;

  add(lines: readonly string[]): void {
    for (const line of lines) this.hash.update(`${line}\n`);
    this.rows += lines.length;
  }

  result(): { rows: number; sha256: string } {
    return { rows: this.rows, sha256: this.hash.digest('hex') };
  }
}
