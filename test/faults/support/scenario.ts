import type { EntityManager } from '@mikro-orm/postgresql';
import { startEmulator, type Emulator } from '../../../telegram-emulator/index.js';
import { TEST_BOT_TOKEN } from '../../support/test-telegram.js';
import { coreOn } from './core-on.js';
import { databaseOfItsOwn } from './database-of-its-own.js';
import { startProduct, type ProductProcess } from './product-process.js';
import { createSchoolAroundToday, inviteCode } from './school-around-today.js';
import { deliverByWebhook, WEBHOOK_SECRET } from './webhook-telegram.js';

/** A database a scenario may run on: databaseOfItsOwn() or stoppablePostgres(). */
export interface ScenarioDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface ScenarioOptions<D extends ScenarioDatabase> {
  /** Students in the school's class (default 12). */
  students?: number;
  /** Where the data lives (default: a database of its own on the suite's server). */
  database?: () => Promise<D>;
  /** Settings of the test's own core (see coreOn). */
  core?: Record<string, string>;
  /** Settings of the product's process, beside the database, the emulator and NODE_ENV development. */
  product?: Record<string, string>;
  /** The product takes updates by webhook (PUBLIC_URL and the suite's secret), not by polling. */
  webhook?: boolean;
}

/**
 * What every fault scenario stands on: a Telegram emulator, a database, a core of the test's own on it with
 * a school around today, and the product as a process. `start()` starts the product (again, after a kill)
 * with the scenario's settings; `teardown()` stops and removes whatever was made, also half-way.
 */
export interface Scenario<D extends ScenarioDatabase = ScenarioDatabase> {
  emulator: Emulator;
  database: D;
  side: Awaited<ReturnType<typeof coreOn>>;
  school: Awaited<ReturnType<typeof createSchoolAroundToday>>;
  /** The product last started (fails when none was). */
  readonly product: ProductProcess;
  /** The product's webhook address (webhook scenarios). */
  readonly webhook: string;
  em: () => EntityManager;
  start(): Promise<ProductProcess>;
  /** The school's teacher sends `/start <invite>` from `chat`; resolves once the bot answered. */
  greetTeacher(chat: number): Promise<void>;
  teardown(): Promise<void>;
}

export async function startScenario<D extends ScenarioDatabase = Awaited<ReturnType<typeof databaseOfItsOwn>>>(
  options: ScenarioOptions<D> = {},
): Promise<Scenario<D>> {
  const made: { emulator?: Emulator; database?: D; side?: Scenario['side']; product?: ProductProcess } = {};
  const teardown = async () => {
    if (made.product) {
      made.product.kill('SIGTERM');
      await made.product.exited;
    }
    await made.side?.close();
    await made.database?.drop();
    await made.emulator?.stop();
  };
  try {
    const emulator = made.emulator = await startEmulator({ token: TEST_BOT_TOKEN, limits: false });
    const database = made.database = await (options.database ?? (databaseOfItsOwn as unknown as () => Promise<D>))();
    const side = made.side = await coreOn(database.url, options.core);
    const school = await createSchoolAroundToday(side.core, { students: options.students });
    const env = {
      DATABASE_URL: database.url, TELEGRAM_BOT_TOKEN: TEST_BOT_TOKEN, TELEGRAM_API_ROOT: emulator.url, NODE_ENV: 'development',
      ...(options.webhook ? { PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET } : {}),
      ...options.product,
    };
    const scenario: Scenario<D> = {
      emulator, database, side, school,
      get product() {
        if (!made.product) throw new Error('the product was not started');
        return made.product;
      },
      get webhook() {
        return `${scenario.product.url}/telegram/webhook`;
      },
      em: () => side.orm.em.fork(),
      async start() {
        made.product = await startProduct(env);
        if (options.webhook) await made.product.waitForLog((l) => l.msg === 'bot receives updates by webhook');
        return made.product;
      },
      async greetTeacher(chat) {
        const code = await inviteCode(side.core, 'staff', school.teacherId);
        const greeted = emulator.waitForMessage(chat, (m) => m.from === 'bot', 30_000);
        if (options.webhook) await deliverByWebhook(scenario.webhook, emulator.sendText(chat, `/start ${code}`, { queue: false })).done;
        else emulator.sendText(chat, `/start ${code}`);
        await greeted;
      },
      teardown,
    };
    return scenario;
  } catch (err) {
    await teardown();
    throw err;
  }
}
