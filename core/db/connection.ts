import pgConnectionString from 'pg-connection-string';
import type { Config } from '../base/config.js';
import type { Logger } from '../base/logger.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

/** Where the database is: the same shape for an external server and the embedded one (host may be a socket dir). */
export interface PgConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
  ssl?: boolean | Record<string, unknown>;
}

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
