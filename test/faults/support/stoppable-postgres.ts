import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connectOrm, migrate } from '../../../core/database.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../../core/db/embedded-postgres.js';
import { createLogger } from '../../../core/base/logger.js';
import { databaseUrl } from './database-of-its-own.js';

/** A PostgreSQL server of the scenario's own, which it may stop and start again while the product runs. */
export interface StoppablePostgres {
  /** DATABASE_URL of its migrated database. */
  url: string;
  /** Stops the server as a service restart does (pg_ctl stop -m fast: every connection is ended). */
  stop(): Promise<void>;
  /** Starts it again on the same data directory and socket. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  drop(): Promise<void>;
}

/**
 * Not the suite's server (the other scenarios' databases live there) and not the machine's: the product's
 * own embedded PostgreSQL launcher (core/db/embedded-postgres.ts) in a temporary directory, listening on
 * a socket there, migrated as `npm start` would.
 */
export async function stoppablePostgres(): Promise<StoppablePostgres> {
  const log = createLogger('silent');
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-faults-'));
  await fs.chmod(tmp, 0o755); // under root the server runs as "postgres", which must reach its data directory
  const dataDir = path.join(tmp, 'pg');
  let server: EmbeddedPostgres | undefined = await startEmbeddedPostgres(dataDir, log);
  const orm = await connectOrm(server.connection);
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  const url = databaseUrl(server.connection);
  return {
    url,
    async stop() {
      await server?.stop();
      server = undefined;
    },
    async start() {
      server ??= await startEmbeddedPostgres(dataDir, log);
    },
    async drop() {
      await server?.stop();
      server = undefined;
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}
