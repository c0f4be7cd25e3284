import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBot, type Bot } from '../../bot/create-bot.js';
import { startBot } from '../../bot/launch.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

describe('bot: /start, /help and /language', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;

  beforeAll(async () => {
    t = await createTestCore();
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
  });
  afterAll(async () => {
    telegram.restore();
    await t.close();
  });
  beforeEach(() => telegram.reset());

  it('answers /start in Russian by default and explains how to get access', async () => {
    await bot.handleUpdate(textUpdate(501, '/start'));
    const [reply] = telegram.called('sendMessage');
    expect(reply?.payload.chat_id).toBe(501);
    expect(reply?.payload.text).toContain('Здравствуйте');
    expect(reply?.payload.text).toContain('приглашение');
    expect(telegram.violations).toEqual([]);
  });

  it('answers /help in Russian', async () => {
    await bot.handleUpdate(textUpdate(501, '/help'));
    expect(telegram.texts()[0]).toContain('/language');
  });

  it('switches to English through /language, keeps it in the database, and answers /start in English', async () => {
    await bot.handleUpdate(textUpdate(502, '/language'));
    const prompt = telegram.called('sendMessage')[0]!;
    expect(prompt.payload.text).toBe('Выберите язык:');
    const buttons = prompt.payload.reply_markup.inline_keyboard.flat() as { text: string; callback_data: string }[];
    const english = buttons.find((b) => b.text === 'English')!;
    expect(Buffer.byteLength(english.callback_data)).toBeLessThanOrEqual(64);

    await bot.handleUpdate(callbackUpdate(502, english.callback_data));
    expect(telegram.called('answerCallbackQuery')).toHaveLength(1);
    expect(telegram.called('editMessageText')[0]?.payload.text).toBe('Done: the bot now speaks English.');
    const menu = telegram.called('setMyCommands')[0]!;
    expect(menu.payload.scope).toEqual({ type: 'chat', chat_id: 502 });
    expect(menu.payload.commands[0].description).toBe('Get started');

    const stored = await t.orm.em.fork().findOneOrFail(TelegramAccount, { id: 502 });
    expect(stored.language).toBe('en');

    telegram.reset();
    await bot.handleUpdate(textUpdate(502, '/start'));
    expect(telegram.texts()[0]).toContain('Hello!');
    // Another user is untouched by this one's choice.
    await bot.handleUpdate(textUpdate(503, '/start'));
    expect(telegram.texts()[1]).toContain('Здравствуйте');
    expect(telegram.violations).toEqual([]);
  });

  it('answers a forged or outdated button politely and changes nothing', async () => {
    await bot.handleUpdate(callbackUpdate(504, 'lang1:de'));
    await bot.handleUpdate(callbackUpdate(504, 'zz9:whatever'));
    const answers = telegram.called('answerCallbackQuery');
    expect(answers).toHaveLength(2);
    expect(answers.every((a) => String(a.payload.text).includes('устарела'))).toBe(true);
    const stored = await t.orm.em.fork().findOneOrFail(TelegramAccount, { id: 504 });
    expect(stored.language).toBe('ru');
  });

  it('processes an update delivered twice only once', async () => {
    const update = textUpdate(505, '/start');
    await bot.handleUpdate(update);
    await bot.handleUpdate(update);
    expect(telegram.called('sendMessage')).toHaveLength(1);
    const counted = await t.core.metrics.registry.getSingleMetricAsString('klassny_telegram_updates_total');
    expect(counted).toMatch(/outcome="duplicate"} 1/);
  });

  it('keeps serving after a handler fails, and tells the user', async () => {
    // Any handler's failure: here the identity lookup every update starts with, once.
    vi.spyOn(t.core.botIdentities, 'current').mockRejectedValueOnce(new Error('handler exploded'));
    await bot.handleUpdate(textUpdate(506, '/help'));
    expect(telegram.texts()[0]).toContain('Что-то пошло не так');
    await bot.handleUpdate(textUpdate(506, '/start'));
    expect(telegram.texts()[1]).toContain('Здравствуйте');
  });
});

describe('bot: start-up and shutdown', () => {
  let t: TestCore;
  let telegram: ReturnType<typeof interceptTelegram>;

  beforeAll(async () => {
    t = await createTestCore({ PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: 'webhook-secret-0123456789', TELEGRAM_WEBHOOK_MAX_CONNECTIONS: '64' });
    telegram = interceptTelegram();
  });
  afterAll(async () => {
    telegram.restore();
    await t.close();
  });
  beforeEach(() => telegram.reset());

  it('registers the webhook with its secret and the command menu in both languages', async () => {
    const bot = createBot(t.core);
    const running = startBot(t.core, bot);
    expect(running.mode).toBe('webhook');
    await running.ready;
    await running.commands;
    const [webhook] = telegram.called('setWebhook');
    expect(webhook?.payload).toMatchObject({
      url: 'https://school.example/telegram/webhook',
      secret_token: 'webhook-secret-0123456789',
      allowed_updates: ['message', 'callback_query', 'my_chat_member'],
      // Telegram's own default is 40: several instances behind one URL share these connections.
      max_connections: 64,
    });
    const menus = telegram.called('setMyCommands');
    expect(menus.map((m) => m.payload.language_code)).toEqual(['ru', 'en', undefined]);
    expect(menus[0]!.payload.commands.map((c: { command: string }) => c.command)).toEqual(['start', 'menu', 'today', 'role', 'child', 'help', 'language', 'leak', 'statement', 'diary', 'notifications']);
    expect(menus[2]!.payload.commands[0].description).toBe('Начать работу');
    expect(telegram.violations).toEqual([]);
    await running.stop();
  });

  it('long-polls without PUBLIC_URL and, on stop, finishes the update in flight first', async () => {
    const polling = await createTestCore();
    try {
      const bot = createBot(polling.core);
      // An update whose handling is slow: its identity lookup takes 300 ms.
      const identities = polling.core.botIdentities;
      const current = identities.current.bind(identities);
      vi.spyOn(identities, 'current').mockImplementationOnce(async (...args: Parameters<typeof current>) => {
        await new Promise((r) => setTimeout(r, 300));
        return current(...args);
      });
      const running = startBot(polling.core, bot);
      expect(running.mode).toBe('polling');
      await running.ready;

      const inFlight = bot.handleUpdate(textUpdate(801, '/help'));
      await new Promise((r) => setTimeout(r, 50));
      await running.stop();
      // Answered before stop returned.
      expect(telegram.calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === 801)).toHaveLength(1);
      await inFlight;
      expect(telegram.called('deleteWebhook')).toHaveLength(1);
      expect(telegram.called('getUpdates').length).toBeGreaterThan(0);
    } finally {
      await polling.close();
    }
  });
});
