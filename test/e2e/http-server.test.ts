import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { WEBHOOK_PATH } from '../../bot/launch.js';

import { interceptTelegram } from '../support/fake-telegram.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { textUpdate } from '../support/updates.js';

const SECRET = 'webhook-secret-for-tests-0123';

describe('HTTP: health, metrics and the Telegram webhook', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let telegram: ReturnType<typeof interceptTelegram>;

  beforeAll(async () => {
    t = await createTestCore({ PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: SECRET });
    telegram = interceptTelegram();
    const bot = createTestBot(t.core);
    app = await buildServer(t.core, { webhook: { path: WEBHOOK_PATH, handleUpdate: (update) => bot.handleWebhookUpdate(update) } });
  });
  afterAll(async () => {
    await app.close();
    telegram.restore();
    await t.close();
  });

  it('GET /healthz answers 200 with the database up', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', database: { status: 'up' } });
  });

  it('GET /metrics is Prometheus text with process, HTTP and update counters', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toContain('process_cpu_user_seconds_total');
    expect(res.body).toMatch(/klassny_http_requests_total\{method="GET",route="\/healthz",status="200"} \d+/);
    expect(res.body).toContain('# TYPE klassny_telegram_updates_total counter');
  });

  it.each([
    ['no secret header', {}],
    ['a wrong secret', { 'x-telegram-bot-api-secret-token': 'wrong-secret-0123456789' }],
    ['a secret differing in length', { 'x-telegram-bot-api-secret-token': `${SECRET}x` }],
  ])('refuses a webhook request with %s: 401 and nothing processed', async (_name, headers) => {
    telegram.reset();
    const update = textUpdate(701, '/start');
    const res = await app.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: update });
    expect(res.statusCode).toBe(401);
    expect(telegram.answers()).toEqual([]);
    const seen = await t.orm.em.fork().getConnection().execute('select 1 from processed_update where update_id = ?', [update.update_id]);
    expect(seen).toHaveLength(0);
  });

  it('handles a webhook update with the right secret, and the same update twice only once', async () => {
    telegram.reset();
    const update = textUpdate(702, '/start');
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    const first = await app.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: update });
    const second = await app.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: update });
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(telegram.called('sendMessage')).toHaveLength(1);
    expect(telegram.texts()[0]).toContain('Здравствуйте');
  });

  it('rejects a body that is not an update', async () => {
    const headers = { 'x-telegram-bot-api-secret-token': SECRET };
    const res = await app.inject({ method: 'POST', url: '/telegram/webhook', headers, payload: { hello: 'world' } });
    expect(res.statusCode).toBe(400);
  });
});
