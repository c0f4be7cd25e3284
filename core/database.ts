import { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from './base/config.js';
import type { Logger } from './base/logger.js';
import { openDatabaseServer, type DatabaseServer, type PgConnection } from './db/connection.js';
import { withAdvisoryLockWaiting } from './jobs/advisory-lock.js';
import { ormOptions, poolOptions } from './orm-options.js';
import { assertSupportedServer, serverVersionNum } from './db/server-version.js';
import { anyMigrationPending, migratorOf } from './db/migrator.js';

export interface Database {
  orm: MikroORM;
  server: DatabaseServer;
  close(): Promise<void>;
}

/** Connects, and refuses a server older than the product supports (UnsupportedDatabaseServer) before any write. */
export async function connectOrm(connection: PgConnection, log?: Logger, poolSize?: number): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(connection, log, poolSize ? { pool: poolOptions(poolSize) } : {}));
  try {
    assertSupportedServer(await serverVersionNum(orm));
  } catch (err) {
    await orm.close(true);
    throw err;
  }
  return orm;
}

/** Applies every pending migration; each runs in a transaction and the whole batch is all or nothing. */
export async function migrate(orm: MikroORM, log?: Logger): Promise<string[]> {
  if (!(await anyMigrationPending(orm))) return [];
  const applied = await (await migratorOf(orm)).up();
  if (applied.length > 0) log?.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  return applied.map((m) => m.name);
}

/**
 * The lock every instance takes for the start-up's writes (migrations, first-run set-up), so that instances
 * started together on one database do them one after another: the first does them, the others find them done.
 */
export const SET_UP_LOCK = 'klassny:set-up';

/** Runs the start-up's writes of `work` after those of any other instance starting now (see SET_UP_LOCK). */
export function settingUp<T>(orm: MikroORM, work: () => Promise<T>): Promise<T> {
  return withAdvisoryLockWaiting(orm, SET_UP_LOCK, work);
}

/** Starts (or reaches) the database server, connects, and brings the schema up to date. */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const server = await openDatabaseServer(config, log);
  try {
    const orm = await connectOrm(server.connection, log, config.database.poolSize);
    // Two instances migrating at once would both create the same tables, and one would fail.
    await settingUp(orm, () => migrate(orm, log));
    return {
      orm,
      server,
      async close() {
        await orm.close(true);
        await server.stop();
      },
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
