import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { DEFAULT_POOL_SIZE } from './base/config.js';
import type { Logger } from './base/logger.js';
import type { PgConnection } from './db/connection.js';
import { entities } from './entities.js';
import { StringLimits } from './db/string-limits-subscriber.js';
import { pipelineTransactionEdges } from './db/pipelined-transaction.js';

// Same relative place from core/*.ts and from dist/core/*.js.
export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

/**
 * The ORM's pool of `max` connections; each holds its transaction's BEGIN for the first statement and sends
 * the statements to run before COMMIT with it (pipelined-transaction.ts).
 */
export const poolOptions = (max: number) => ({
  min: 0,
  max,
  afterCreate(connection: pg.Client, done: (err: Error | null, connection: pg.Client) => void) {
    pipelineTransactionEdges(connection);
    done(null, connection);
  },
});

export function ormOptions(connection: PgConnection, log?: Logger, extra: Partial<Options> = {}): Options {
  return defineConfig({
    entities,
    host: connection.host,
    port: connection.port,
    user: connection.user,
    ...(connection.password ? { password: connection.password } : {}),
    dbName: connection.database,
    ...(connection.ssl ? { driverOptions: { connection: { ssl: connection.ssl } } } : {}),
    pool: poolOptions(DEFAULT_POOL_SIZE),
    // No string reaches PostgreSQL longer than its column or with a NUL in it (see StringLimits).
    subscribers: [new StringLimits()],
    migrations: {
      path: MIGRATIONS_DIR,
      pathTs: MIGRATIONS_DIR,
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
    },
    // Vitest and tsx resolve modules themselves; let them load migration files.
    dynamicImportProvider: (id: string) => import(id),
    discovery: { warnWhenNoEntities: false },
    forceUtcTimezone: true,
    // Rules query the database about a row before it is saved; an automatic flush would save it first.
    flushMode: 'commit',
    // No entity declares an ORM filter: the check of every to-one relation for one, on every find, is work for nothing.
    autoJoinRefsForFilters: false,
    debug: false,
    logger: (message: string) => log?.debug({ orm: message }, 'orm'),
    ...extra,
  });
}
