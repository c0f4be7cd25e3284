import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { createBot } from '../../bot/create-bot.js';
import { startBot, type RunningBot } from '../../bot/launch.js';
import { startEmulator, type Emulator } from '../../telegram-emulator/index.js';
import { createTestCore, TEST_BOT_TOKEN, type TestCore } from '../support/test-core.js';

/**
 * Issue 12, point 7: Telegram answering 429 and then 5xx while the bot starts (a deploy during a Telegram
 * hiccup) delays the bot and shows in /healthz and /metrics, but never leaves it off; the command menu is
 * set later without holding the start.
 */
describe('bot: start-up against a Telegram that refuses for a while', () => {
  let telegram: Emulator;
  let t: TestCore | undefined;
  let app: FastifyInstance | undefined;
  let running: RunningBot | undefined;

  const health = async () => {
    const res = await app!.inject({ url: '/healthz' });
    return { code: res.statusCode, body: res.json<{ status: string; bot?: { status: string; problem?: string } }>() };
  };
  const gauge = async () => Number(/^klassny_telegram_bot_up (\d)$/m.exec((await app!.inject({ url: '/metrics' })).body)?.[1]);
  const start = async (env: Record<string, string>) => {
    t = await createTestCore({ TELEGRAM_API_ROOT: telegram.url, ...env });
    const bot = createBot(t.core);
    app = await buildServer(t.core, { botHealth: () => running?.status.health() ?? { status: 'starting' } });
    running = startBot(t.core, bot, { retryBaseMs: 50 });
    return running;
  };
  const successes = (method: string) => telegram.called(method).filter((c) => c.response?.ok);
  /** The status of each call of `method` as Telegram answered it: 200, or the error code. */
  const outcomes = (method: string) => telegram.called(method).map((c) => (c.response && !c.response.ok ? c.response.error_code : 200));

  beforeAll(async () => {
    telegram = await startEmulator({ token: TEST_BOT_TOKEN, limits: false });
  });
  afterEach(async () => {
    await running?.stop();
    await app?.close();
    await t?.close();
    running = app = t = undefined;
    telegram.reset();
  });
  afterAll(async () => {
    await telegram.stop();
  });

  it('sets the webhook after a 429 and a 502, reports the bot starting until then, and the command menu after it', async () => {
    telegram.inject({ kind: 'retryAfter', seconds: 1, method: 'setWebhook' });
    telegram.inject({ kind: 'serverError', status: 502, method: 'setWebhook' });
    // The menu fails longer than the webhook: the bot must not wait for it.
    telegram.inject({ kind: 'retryAfter', seconds: 2, method: 'setMyCommands' });
    telegram.inject({ kind: 'serverError', status: 503, method: 'setMyCommands', times: 2 });
    const bot = await start({ PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789' });

    const starting = await health();
    expect(starting).toMatchObject({ code: 200, body: { status: 'degraded', bot: { status: 'starting' } } });
    expect(await gauge()).toBe(0);

    await bot.ready;
    expect(outcomes('setWebhook')).toEqual([429, 502, 200]);
    expect(await health()).toMatchObject({ code: 200, body: { status: 'ok', bot: { status: 'up' } } });
    expect(await gauge()).toBe(1);
    // Up before the menu was set.
    expect(successes('setMyCommands')).toHaveLength(0);

    await bot.commands;
    expect(outcomes('setMyCommands').slice(0, 3)).toEqual([429, 503, 503]);
    expect(telegram.commandsFor(42, 'en').map((c) => c.command)).toContain('today');
    expect(telegram.commandsFor(42, 'ru')[0]?.description).toBe('Начать работу');
    expect(telegram.violations).toEqual([]);
  });

  it('polls after a 502 on deleteWebhook, goes down while getUpdates answers 429 and 502, and is up again once it polls', async () => {
    telegram.inject({ kind: 'serverError', status: 502, method: 'deleteWebhook' });
    telegram.inject({ kind: 'retryAfter', seconds: 1, method: 'getUpdates' });
    telegram.inject({ kind: 'serverError', status: 502, method: 'getUpdates' });
    const bot = await start({});
    await bot.ready;
    expect(outcomes('deleteWebhook')).toEqual([502, 200]);

    // telegraf waits retry_after (1 s) after the 429, then 5 s after the 502; meanwhile the bot is down.
    await waitFor(async () => (await health()).body.bot?.status === 'down', 3000);
    expect(await health()).toMatchObject({ code: 200, body: { status: 'degraded', bot: { status: 'down', problem: expect.stringMatching(/^getUpdates (429|502)$/) } } });
    expect(await gauge()).toBe(0);

    // A user writes; the next poll that succeeds brings the message and the bot answers.
    telegram.sendText(42, '/help');
    await telegram.waitForMessage(42, (m) => m.from === 'bot', 15_000);
    expect(await health()).toMatchObject({ code: 200, body: { status: 'ok', bot: { status: 'up' } } });
    expect(await gauge()).toBe(1);
    expect(outcomes('getUpdates').slice(0, 2)).toEqual([429, 502]);
  }, 30_000);
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
