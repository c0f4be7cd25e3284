import pgConnectionString from 'pg-connection-string';
import type { Config } from '../base/config.js';
import type { Logger } from '../base/logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import type { PgConnection } from './pg-connection.js';

// Its own file, so that embedded-postgres.ts can name it without importing this one back.
export type { PgConnection } from './pg-connection.js';

export interface DatabaseServer {
  connection: PgConnection;
  embedded: boolean;
  /** Stops the embedded server; nothing to do for an external one. */
  stop(): Promise<void>;
}

export function parseDatabaseUrl(url: string): PgConnection {
  const parsed = pgConnectionString.parse(url);
  return {
    host: parsed.host ?? 'localhost',
    port: Number(parsed.port ?? 5432),
    user: parsed.user ?? 'postgres',
    ...(parsed.password ? { password: parsed.password } : {}),
    database: parsed.database ?? 'postgres',
    ...(parsed.ssl ? { ssl: parsed.ssl as boolean | Record<string, unknown> } : {}),
  };
}

/** DATABASE_URL when set, otherwise the embedded server in its data directory. */
export async function openDatabaseServer(config: Config, log: Logger): Promise<DatabaseServer> {
  if ('url' in config.database) {
    return { connection: parseDatabaseUrl(config.database.url), embedded: false, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres(config.database.embeddedDir, log);
  return { connection: server.connection, embedded: true, stop: () => server.stop() };
}
