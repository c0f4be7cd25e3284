import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../../core/base/config.js';
import { createCore, type Core } from '../../core/core.js';
import { connectOrm } from '../../core/database.js';
import { createLogger } from '../../core/base/logger.js';
import { systemClock, type Clock } from '../../core/time/clock.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_BOT_TOKEN, testTelegram } from './test-telegram.js';

export { TEST_BOT_ID, TEST_BOT_TOKEN } from './test-telegram.js';

/** The database handle behind each test core: fixtures write rows the services would not (logins, raw rows). */
const orms = new WeakMap<Core, MikroORM>();

/** The ORM a test core (createTestCore, startTestApp) runs on; the core itself offers none. */
export function ormOf(core: Core): MikroORM {
  const orm = orms.get(core);
  if (!orm) throw new Error('not a test core: create it with createTestCore or startTestApp');
  return orm;
}

export function registerTestOrm(core: Core, orm: MikroORM): void {
  orms.set(core, orm);
}

export interface TestCore {
  core: Core;
  orm: MikroORM;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * A real core on a real database of its own, built by the same factories as `npm start`; `clock` is the
 * clock its services read (core/time: fixedClock, MovableClock, clockFrom(() => a test's variable)).
 */
export async function createTestCore(env: Record<string, string> = {}, clock: Clock = systemClock): Promise<TestCore> {
  const database = await createTestDatabase();
  // The bot talks to this file's Bot API emulator unless the test points it elsewhere.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: testTelegram.url, ...env });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? config.logLevel);
  const orm = await connectOrm(database.connection);
  const core = await createCore(config, orm, log, clock);
  registerTestOrm(core, orm);
  return {
    core,
    orm,
    database,
    async close() {
      await orm.close(true);
      await database.drop();
    },
  };
}
