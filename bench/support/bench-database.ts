import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig, type Config } from '../../core/base/config.js';
import { configFromEnvironment } from '../../core/config.js';
import { openDatabaseServer, type PgConnection } from '../../core/db/connection.js';
import { adminQuery } from '../../test/support/pg-admin.js';
import { connectOrm, migrate } from '../../core/database.js';
import type { Logger } from '../../core/base/logger.js';

export interface Cleanup {
  what: string;
  run: () => Promise<unknown>;
}

/**
 * Runs `cleanups` once, last first, when the bench ends or fails (`cleanUp`) or is interrupted (SIGINT,
 * SIGTERM: then it exits with 130), so no throwaway database or server outlives it; `started` tells whether
 * a cleanup began (an error after an interrupt is the interrupt's, not worth printing).
 */
export function cleanUpOnce(cleanups: Cleanup[]): { cleanUp: () => Promise<void>; started: () => boolean } {
  let cleaning: Promise<void> | undefined;
  const cleanUp = () => (cleaning ??= (async () => {
    for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
  })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  return { cleanUp, started: () => cleaning !== undefined };
}

/** A temp directory for one benchmark, removed by its cleanups. */
export async function benchTempDir(cleanups: Cleanup[]): Promise<string> {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-bench-'));
  cleanups.push({ what: 'temp dir', run: () => fs.rm(tmp, { recursive: true, force: true }) });
  await fs.chmod(tmp, 0o755); // under root PostgreSQL runs as "postgres", which must reach its data directory
  return tmp;
}

/** A benchmark's configuration: the server of DATABASE_URL if set, else an embedded one under `tmp`; plus `settings`. */
export function benchConfig(tmp: string, settings: Record<string, string> = {}): Config {
  const fromEnv = configFromEnvironment().database;
  const database = 'url' in fromEnv ? { DATABASE_URL: fromEnv.url } : { EMBEDDED_PG_DIR: path.join(tmp, 'pg') };
  return loadConfig({ ...database, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...settings });
}

/**
 * A migrated database of its own for one benchmark: the embedded server of `config` (a temp dir), or a
 * throwaway database on the server in DATABASE_URL — or, given `keep`, the database of that name there,
 * created if missing and left in place, so that a benchmark can build its data once and find it on the next
 * run. What to undo is pushed onto `cleanups`.
 */
export async function openBenchDatabase(config: Config, log: Logger, cleanups: Cleanup[], keep?: string): Promise<{ orm: MikroORM; connection: PgConnection; embedded: boolean }> {
  const dbServer = await openDatabaseServer(config, log);
  cleanups.push({ what: 'PostgreSQL', run: () => dbServer.stop() });
  let connection: PgConnection = dbServer.connection;
  if (!dbServer.embedded) {
    if (keep !== undefined && !/^[a-z_][a-z0-9_]*$/.test(keep)) throw new Error(`not a plain database name: ${keep}`);
    const name = keep ?? `klassny_bench_${randomBytes(5).toString('hex')}`;
    const admin = (sql: string) => adminQuery(dbServer.connection, sql);
    if (keep === undefined) {
      await admin(`create database ${name}`);
      cleanups.push({ what: `database ${name}`, run: () => admin(`drop database if exists ${name} with (force)`) });
    } else await admin(`create database ${name}`).catch((err: unknown) => {
      if ((err as { code?: string }).code !== '42P04') throw err; // duplicate_database: there from an earlier run
    });
    connection = { ...dbServer.connection, database: name };
  }
  const orm = await connectOrm(connection, log, config.database.poolSize);
  cleanups.push({ what: 'ORM', run: () => orm.close(true) });
  await migrate(orm, log);
  return { orm, connection, embedded: dbServer.embedded };
}
