import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../../core/base/config.js';
import { parseDatabaseUrl } from '../../../core/db/connection.js';
import { createCore, type Core } from '../../../core/core.js';
import { connectOrm } from '../../../core/database.js';
import { createLogger } from '../../../core/base/logger.js';
import { systemClock } from '../../../core/time/clock.js';
import { registerTestOrm } from '../../support/test-core.js';

/**
 * A core of the test's own on the scenario's database, beside the product's processes: to make data with
 * the usual factories before, and to count what the product left behind after. It reads the real clock,
 * as the product does. `env` adds settings (NOTIFY_COALESCE_SECONDS: '0' makes the outbox rows it writes due at once).
 */
export async function coreOn(databaseUrl: string, env: Record<string, string> = {}): Promise<{ core: Core; orm: MikroORM; close(): Promise<void> }> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env, DATABASE_URL: databaseUrl });
  const orm = await connectOrm(parseDatabaseUrl(databaseUrl));
  const core = await createCore(config, orm, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'), systemClock);
  registerTestOrm(core, orm);
  return { core, orm, close: () => orm.close(true) };
}
