import { DriverException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import type { Bot } from '../../bot/create-bot.js';
import { WEBHOOK_PATH } from '../../bot/launch.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { textUpdate } from '../support/updates.js';

const SECRET = 'webhook-secret-for-tests-0123';
const headers = { 'x-telegram-bot-api-secret-token': SECRET };

/** What the driver throws while PostgreSQL restarts: the statement quoted, no SQLSTATE. */
const connectionLost = () => new DriverException(Object.assign(new Error('select 1 - connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }));

/**
 * A database that is away (stopped, restarting) fails an update before anything of it is kept: the update
 * must come again rather than count as handled. The fault suite's database-restart scenario does it with a
 * real PostgreSQL; here the update ledger's transactions fail the way the driver fails them.
 */
describe('bot: an update that meets no database', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  /** How many of the next transactions fail as if the database were gone. */
  let failing = 0;

  beforeAll(async () => {
    t = await createTestCore({ PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: SECRET });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    app = await buildServer(t.core, { webhook: { path: WEBHOOK_PATH, handleUpdate: (update) => bot.handleWebhookUpdate(update) } });
    // The ledger's EntityManager, whose transaction fails while `failing` lasts.
    const ledger = t.core.updates as unknown as { em: () => EntityManager };
    const em = ledger.em;
    ledger.em = () => {
      const real = em();
      if (failing <= 0) return real;
      failing--;
      return Object.assign(Object.create(real) as EntityManager, { transactional: () => Promise.reject(connectionLost()) });
    };
  });
  afterAll(async () => {
    await app.close();
    telegram.restore();
    await t.close();
  });

  const processed = async (updateId: number) =>
    (await t.orm.em.fork().getConnection().execute('select 1 from processed_update where update_id = ?', [updateId])).length;

  it('by webhook: 503 (Telegram delivers it again), nothing said to the user; handled once when it comes again', async () => {
    telegram.reset();
    const update = textUpdate(711, '/start');
    failing = 1;
    const refused = await app.inject({ method: 'POST', url: WEBHOOK_PATH, headers, payload: update });
    expect(refused.statusCode).toBe(503);
    expect(refused.body).not.toMatch(/select|ECONNREFUSED/);
    expect(telegram.answers()).toEqual([]);
    expect(await processed(update.update_id)).toBe(0);

    const again = await app.inject({ method: 'POST', url: WEBHOOK_PATH, headers, payload: update });
    expect(again.statusCode).toBe(200);
    expect(telegram.called('sendMessage')).toHaveLength(1);
    expect(await processed(update.update_id)).toBe(1);
  });

  it('by polling: the update waits for the database and is handled once it answers', async () => {
    telegram.reset();
    const update = textUpdate(712, '/start');
    failing = 2;
    // telegraf's polling hands each update to telegraf.handleUpdate.
    await bot.telegraf.handleUpdate(update);
    expect(failing).toBe(0);
    expect(telegram.called('sendMessage')).toHaveLength(1);
    expect(telegram.texts()[0]).toContain('Здравствуйте');
    expect(await processed(update.update_id)).toBe(1);
  });

  it('a fault that is not the database going away is still an ordinary failure (200, the user told)', async () => {
    telegram.reset();
    const update = textUpdate(713, '/start');
    const ledger = t.core.updates as unknown as { handleOnce: (...args: unknown[]) => Promise<unknown> };
    const handleOnce = ledger.handleOnce;
    ledger.handleOnce = () => Promise.reject(new Error('a bug'));
    try {
      const res = await app.inject({ method: 'POST', url: WEBHOOK_PATH, headers, payload: update });
      expect(res.statusCode).toBe(200);
      expect(telegram.called('sendMessage')).toHaveLength(1);
    } finally {
      ledger.handleOnce = handleOnce;
    }
  });
});
