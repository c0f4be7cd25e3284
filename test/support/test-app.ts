import { startApp, type App } from '../../app.js';
import type { DemoSchoolOptions } from '../../core/demo/seed-demo-school.js';
import { systemClock } from '../../core/time/clock.js';
import { loadConfig } from '../../core/base/config.js';
import type { PgConnection } from '../../core/db/connection.js';
import { createLogger } from '../../core/base/logger.js';
import { registerTestOrm } from './test-core.js';

/** A PostgreSQL URL for a connection (the embedded server's socket directory as an encoded host). */
export function databaseUrl(connection: PgConnection): string {
  const auth = `${encodeURIComponent(connection.user)}${connection.password ? `:${encodeURIComponent(connection.password)}` : ''}`;
  return `postgres://${auth}@${encodeURIComponent(connection.host)}:${connection.port}/${connection.database}`;
}

/**
 * The whole product as `npm start` composes it (startApp), on a test database, listening on a random port
 * of 127.0.0.1. Without TELEGRAM_BOT_TOKEN in `env` it runs the sandbox. The demo school is seeded without its
 * past unless `demo` asks for it: these tests give today's (or the last school day's) lesson on the machine's
 * clock, and expect it empty.
 */
export async function startTestApp(connection: PgConnection, env: Record<string, string> = {}, demo: DemoSchoolOptions = { past: false }): Promise<App & { baseUrl: string }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', DATABASE_URL: databaseUrl(connection), ...env });
  const app = await startApp(config, createLogger(process.env.TEST_LOG_LEVEL ?? config.logLevel), systemClock, demo);
  registerTestOrm(app.core, app.orm);
  const address = app.server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return Object.assign(app, { baseUrl: `http://127.0.0.1:${port}` });
}
