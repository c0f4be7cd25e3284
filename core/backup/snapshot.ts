import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { setCanonicalOutput, type SqlSession } from './sql-session.js';
import { cursorLines, TableDigest } from './table-lines.js';
import { applicationTables, MIGRATIONS_TABLE, rowsAsJsonSql, type TableInfo } from './table-order.js';

export interface TableSnapshot {
  name: string;
  /** The gzip NDJSON file, relative to the backup's directory. */
  file: string;
  rows: number;
  /** SHA-256 of the table's JSON lines (not of the file): compared again after a restore. */
  sha256: string;
}

/** What a snapshot holds besides its files: it goes into the signed manifest's meta. */
export interface SnapshotContents {
  /** The PostgreSQL it was taken from (`server_version`). */
  server: string;
  /** Applied migrations, in order: a restore runs exactly these before loading the rows. */
  migrations: string[];
  /** In load order: each table after those its foreign keys point to. */
  tables: TableSnapshot[];
  /** Each sequence's last value, set again after the load. */
  sequences: { name: string; value: string }[];
}

/**
 * A consistent logical snapshot of the whole database into `dir`: one REPEATABLE READ READ ONLY transaction
 * sees every table at the same instant while the school keeps working, and each table goes into its own gzip
 * NDJSON file (a row a line, as PostgreSQL's row_to_json writes it), read through a cursor.
 */
export async function writeSnapshot(session: SqlSession, dir: string): Promise<SnapshotContents> {
  await fs.mkdir(path.join(dir, 'tables'), { recursive: true });
  await session.query('begin isolation level repeatable read read only');
  try {
    await setCanonicalOutput(session);
    const server = (await session.query<{ v: string }>(`select current_setting('server_version') as v`)).rows[0]?.v ?? '';
    const migrations = (await session.query<{ name: string }>(`select name from ${MIGRATIONS_TABLE} order by id`)).rows.map((r) => r.name);
    const { rows: sequences } = await session.query<{ name: string; value: string }>(
      `select sequencename as name, last_value::text as value from pg_sequences where schemaname = current_schema() and last_value is not null order by 1`,
    );
    const tables: TableSnapshot[] = [];
    for (const table of await applicationTables(session)) tables.push(await writeTable(session, table, dir));
    await session.query('commit');
    return { server, migrations, tables, sequences };
  } catch (err) {
    await session.query('rollback').catch(() => undefined);
    throw err;
  }
}

async function writeTable(session: SqlSession, table: TableInfo, dir: string): Promise<TableSnapshot> {
  const file = `tables/${table.name}.ndjson.gz`;
  const digest = new TableDigest();
  async function* lines() {
    for await (const batch of cursorLines(session, rowsAsJsonSql(table))) {
      digest.add(batch);
      yield Buffer.from(batch.map((l) => `${l}\n`).join(''));
    }
  }
  await pipeline(Readable.from(lines()), createGzip({ level: 6 }), createWriteStream(path.join(dir, file)));
  return { name: table.name, file, ...digest.result() };
}
