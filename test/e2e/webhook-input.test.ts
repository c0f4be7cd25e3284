import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { WEBHOOK_PATH } from '../../bot/launch.js';
import type { Update } from 'telegraf/types';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const SECRET = 'webhook-secret-for-tests-0123';

/** Issue 12, point 10: what Telegram would never send, but anyone holding the secret (or a bug) might. */
describe('the Telegram webhook: malformed updates get 400 or are ignored, never a 500', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let telegram: ReturnType<typeof interceptTelegram>;
  /** What reached the real bot. */
  const handled: Update[] = [];

  beforeAll(async () => {
    t = await createTestCore({ PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: SECRET });
    telegram = interceptTelegram();
    const bot = createTestBot(t.core);
    app = await buildServer(t.core, {
      webhook: { path: WEBHOOK_PATH, handleUpdate: (update) => (handled.push(update), bot.handleWebhookUpdate(update)) },
    });
  });
  afterAll(async () => {
    await app.close();
    telegram.restore();
    await t.close();
  });

  const post = (payload: unknown) =>
    app.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { 'x-telegram-bot-api-secret-token': SECRET, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  it.each([
    ['a negative update id', { update_id: -5, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'x' } }],
    ['a fractional update id', { update_id: 1.5, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, text: 'x' } }],
    ['an update id beyond 2^53', { update_id: 2 ** 60 }],
    ['an array', [{ update_id: 1 }]],
    ['null', null],
  ])('refuses %s with 400, handling nothing', async (_name, payload) => {
    handled.length = 0;
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    expect(handled).toHaveLength(0);
  });

  it.each([
    ['only an update id', { update_id: 7001 }],
    ['an update id and an empty message', { update_id: 7002, message: null }],
    ['an update id and a scalar where an object belongs', { update_id: 7003, callback_query: 'x' }],
  ])('answers 200 to %s and hands nothing to the bot (Telegram would retry a 500 for ever)', async (_name, payload) => {
    handled.length = 0;
    const res = await post(payload);
    expect(res.statusCode).toBe(200);
    expect(handled).toHaveLength(0);
  });

  it('still hands a well-formed update to the bot', async () => {
    handled.length = 0;
    const update = { update_id: 7010, message: { message_id: 1, date: 0, chat: { id: 1, type: 'private' }, from: { id: 1, is_bot: false, first_name: 'A' }, text: '/start' } };
    const res = await post(update);
    expect(res.statusCode).toBe(200);
    expect(handled.map((u) => u.update_id)).toEqual([7010]);
  });
});
