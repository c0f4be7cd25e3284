import type { MikroORM } from '@mikro-orm/postgresql';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Logger } from '../base/logger.js';
import { verifyManifest, type IntegrityProblem } from '../integrity/manifest.js';
import { backupMetaOf, type BackupMeta } from './backup-set.js';
import { ident, setCanonicalOutput, withSqlSession, type SqlSession } from './sql-session.js';
import { withConstraintsDeferred } from './bulk-load.js';
import { cursorLines, TableDigest } from './table-lines.js';
import { applicationTables, MIGRATIONS_TABLE, rowsAsJsonSql, type TableInfo } from './table-order.js';
import { migratorOf } from '../db/migrator.js';

/** Why a restore did not start or was undone; `problems` name the files or tables concerned. */
export class RestoreRefused extends Error {
  constructor(
    readonly reason: 'tampered' | 'not-a-backup' | 'not-empty' | 'newer-backup' | 'newer-database' | 'mismatch',
    readonly details: string[] = [],
    readonly problems: IntegrityProblem[] = [],
  ) {
    super(`restore refused (${reason})${details.length ? `: ${details.join(', ')}` : ''}`);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreResult {
  name: string;
  tables: number;
  rows: number;
  migrations: number;
}

const BATCH_ROWS = 5000;
const BATCH_BYTES = 8 * 1024 * 1024;

/**
 * Restores a backup set in `dir` into an empty database: the signed manifest first (a changed, missing or
 * extra file, a foreign key: refused, nothing touched), then the backup's migrations (exactly those, so the
 * tables are as they were), then every table's rows in one transaction (foreign keys and indexes put back
 * after the rows: bulk-load.ts), the sequences, and each table's row count and checksum compared with the
 * backup's before the transaction commits.
 */
export async function restoreBackup(orm: MikroORM, dir: string, publicKeyPem: string, log?: Logger): Promise<RestoreResult> {
  const verification = await verifyManifest(dir, publicKeyPem);
  if (!verification.ok) throw new RestoreRefused('tampered', [], verification.problems);
  const meta = backupMetaOf(verification.manifest!.meta);
  if (!meta) throw new RestoreRefused('not-a-backup');
  await withSqlSession(orm, (session) => requireEmpty(session));
  const migrations = await migrateTo(orm, meta.migrations);
  log?.info({ backup: meta.name, migrations }, 'restore: schema at the backup\'s migrations');
  const rows = await withSqlSession(orm, (session) => load(session, dir, meta, log));
  return { name: meta.name, tables: meta.tables.length, rows, migrations };
}

/** Refuses a database with any row in any table: a restore never mixes with data already there. */
async function requireEmpty(session: SqlSession): Promise<void> {
  const { rows: tables } = await session.query<{ name: string }>(
    `select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p') and relname <> $1 order by 1`, [MIGRATIONS_TABLE],
  );
  const filled: string[] = [];
  for (const { name } of tables) {
    const { rows } = await session.query<{ any: boolean }>(`select exists (select from ${ident(name)}) as any`);
    if (rows[0]?.any) filled.push(name);
  }
  if (filled.length) throw new RestoreRefused('not-empty', filled);
}

/**
 * Runs the backup's migrations, no more: the code may know newer ones, which `npm start` applies after. By
 * name, not "up to the last": migrations merged from branches may have run in an order their names do not have.
 */
async function migrateTo(orm: MikroORM, wanted: string[]): Promise<number> {
  const migrator = await migratorOf(orm);
  const executed = (await migrator.getExecutedMigrations()).map((m) => m.name);
  const beyond = executed.filter((name) => !wanted.includes(name));
  if (beyond.length) throw new RestoreRefused('newer-database', beyond);
  const pending = (await migrator.getPendingMigrations()).map((m) => m.name);
  const missing = wanted.filter((name) => !executed.includes(name));
  const unknown = missing.filter((name) => !pending.includes(name));
  if (unknown.length) throw new RestoreRefused('newer-backup', unknown);
  if (missing.length === 0) return 0;
  return (await migrator.up({ migrations: missing })).length;
}

async function load(session: SqlSession, dir: string, meta: BackupMeta, log?: Logger): Promise<number> {
  await session.query('begin');
  try {
    await setCanonicalOutput(session);
    const tables = new Map((await applicationTables(session)).map((t) => [t.name, t]));
    const missing = meta.tables.filter((t) => !tables.has(t.name)).map((t) => t.name);
    if (missing.length) throw new RestoreRefused('mismatch', missing);
    const rows = await withConstraintsDeferred(session, async () => {
      let loaded = 0;
      for (const saved of meta.tables) {
        loaded += await loadTable(session, tables.get(saved.name)!, path.join(dir, saved.file));
        log?.debug({ table: saved.name, rows: saved.rows }, 'restore: table loaded');
      }
      return loaded;
    });
    log?.debug('restore: indexes and foreign keys back');
    for (const { name, value } of meta.sequences) await session.query(`select setval($1::regclass, $2::bigint, true)`, [ident(name), value]);
    const wrong: string[] = [];
    for (const saved of meta.tables) {
      const digest = new TableDigest();
      for await (const batch of cursorLines(session, rowsAsJsonSql(tables.get(saved.name)!))) digest.add(batch);
      const { rows: count, sha256 } = digest.result();
      if (count !== saved.rows || sha256 !== saved.sha256) wrong.push(`${saved.name} (${count}/${saved.rows})`);
    }
    if (wrong.length) throw new RestoreRefused('mismatch', wrong);
    await session.query('commit');
    return rows;
  } catch (err) {
    await session.query('rollback').catch(() => undefined);
    throw err;
  }
}

/** A table's lines, inserted a batch at a time: PostgreSQL itself turns each JSON row back into the row. */
async function loadTable(session: SqlSession, table: TableInfo, file: string): Promise<number> {
  const columns = table.columns.map(ident).join(', ');
  const insert = `insert into ${ident(table.name)} (${columns}) overriding system value select ${columns} from json_populate_recordset(null::${ident(table.name)}, $1::json)`;
  let batch: string[] = [];
  let bytes = 0;
  let rows = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await session.query(insert, [`[${batch.join(',')}]`]);
    rows += batch.length;
    batch = [];
    bytes = 0;
  };
  const gunzip = createGunzip();
  const lines = createInterface({ input: createReadStream(file).on('error', (err) => gunzip.destroy(err)).pipe(gunzip), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES) await flush();
  }
  await flush();
  return rows;
}
