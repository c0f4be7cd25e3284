import { Markup, Telegraf, Telegram, TelegramError } from 'telegraf';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../../telegram-emulator/index.js';

// A 2×3 PNG and the start of a PDF: what the diary's charts and statements send.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAADCAYAAAC56t6BAAAAEUlEQVR4nGP4z8DwH4QZMBgAoXkL9U3EmgcAAAAASUVORK5CYII=', 'base64');
const PDF = Buffer.from('%PDF-1.4\n% a statement\n');

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected Telegram to refuse the call');
    },
    (err: unknown) => {
      if (!(err instanceof TelegramError)) throw err;
      return { code: err.code, description: err.description, retryAfter: err.parameters?.retry_after };
    },
  );

describe('telegram-emulator: the Bot API as Telegram answers it', () => {
  let emulator: Emulator;
  let telegram: Telegram;
  const raw = async (method: string, body: unknown) => {
    const res = await fetch(`${emulator.url}/bot${emulator.token}/${method}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { ok: boolean; error_code?: number; description?: string; result?: unknown } };
  };

  beforeAll(async () => {
    emulator = await startEmulator({ limits: false, bot: { username: 'klassny_emulated_bot' } });
    telegram = new Telegram(emulator.token, { apiRoot: emulator.url });
  });
  afterAll(() => emulator.stop());
  afterEach(() => {
    emulator.reset();
    emulator.setLimits(false);
  });

  it('answers getMe with the bot of the token, and 401 to any other token', async () => {
    const me = await telegram.getMe();
    expect(me).toMatchObject({ id: Number(emulator.token.split(':')[0]), is_bot: true, username: 'klassny_emulated_bot' });
    const other = await fetch(`${emulator.url}/bot1:wrong-token-wrong-token-wrong/getMe`);
    expect(other.status).toBe(401);
    expect(await other.json()).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });

  it('numbers messages per chat, stores their buttons, and tells listeners', async () => {
    const seen: number[] = [];
    const off = emulator.on('message', (m) => seen.push(m.chatId));
    const first = await telegram.sendMessage(10, 'Первое', Markup.inlineKeyboard([[Markup.button.callback('Да', 'yes')]]));
    const second = await telegram.sendMessage(10, 'Второе');
    const other = await telegram.sendMessage(20, 'В другом чате');
    off();
    expect([first.message_id, second.message_id, other.message_id]).toEqual([1, 2, 1]);
    expect(first.reply_markup?.inline_keyboard).toEqual([[{ text: 'Да', callback_data: 'yes' }]]);
    expect(emulator.transcript(10).map((m) => [m.messageId, m.text, m.buttons.flat().length])).toEqual([[1, 'Первое', 1], [2, 'Второе', 0]]);
    expect(seen).toEqual([10, 10, 20]);
    expect(emulator.called('sendMessage')).toHaveLength(3);
    expect(emulator.violations).toEqual([]);
  });

  it.each([
    ['an unknown method', 'sendTelepathy', { chat_id: 1 }, 'unknown method sendTelepathy'],
    ['an unknown field', 'sendMessage', { chat_id: 1, text: 'x', colour: 'red' }, 'sendMessage: unknown field colour'],
    ['a missing field', 'sendMessage', { chat_id: 1 }, 'sendMessage: missing text'],
    ['an empty text', 'sendMessage', { chat_id: 1, text: '' }, 'sendMessage: text is empty'],
    ['a text of 4097 characters', 'sendMessage', { chat_id: 1, text: 'я'.repeat(4097) }, 'sendMessage: text of 4097 characters'],
    ['callback data of 65 bytes', 'sendMessage', { chat_id: 1, text: 'x', reply_markup: { inline_keyboard: [[{ text: 'b', callback_data: 'ж'.repeat(32) + 'x' }]] } }, 'sendMessage: callback_data of 65 bytes'],
    ['101 buttons', 'sendMessage', { chat_id: 1, text: 'x', reply_markup: { inline_keyboard: Array.from({ length: 101 }, (_, i) => [{ text: `${i}`, callback_data: `${i}` }]) } }, 'sendMessage: 101 inline buttons (Telegram allows 100)'],
    ['a callback answer of 201 characters', 'answerCallbackQuery', { callback_query_id: '1', text: 'a'.repeat(201) }, 'answerCallbackQuery: text of 201 characters'],
    ['HTML it cannot parse', 'sendMessage', { chat_id: 1, text: '<b>5 < 4</b>', parse_mode: 'HTML' }, 'sendMessage: can\'t parse entities'],
    ['an unescaped MarkdownV2 character', 'sendMessage', { chat_id: 1, text: 'Итог: 4.5', parse_mode: 'MarkdownV2' }, 'sendMessage: can\'t parse entities: Character \'.\' is reserved'],
  ])('refuses %s with 400 and records a violation', async (_name, method, payload, violation) => {
    const { status, body } = await raw(method, payload);
    expect(status).toBe(400);
    expect(body).toMatchObject({ ok: false, error_code: 400 });
    expect(body.description).toMatch(/^Bad Request: /);
    expect(emulator.violations.join('\n')).toContain(violation);
    expect(emulator.transcript(1)).toEqual([]);
  });

  it('takes exactly 4096 characters, 64-byte callback data and 100 buttons', async () => {
    const keyboard = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => Markup.button.callback(`${r}${c}`, `${'ж'.repeat(31)}${r}${c}`)));
    const sent = await telegram.sendMessage(1, 'я'.repeat(4096), Markup.inlineKeyboard(keyboard));
    expect(sent.text).toHaveLength(4096);
    expect(emulator.violations).toEqual([]);
  });

  it('parses HTML into text and entities, as a client shows it', async () => {
    const sent = await telegram.sendMessage(1, '<b>Отметка</b> 5 &amp; <i>4</i>', { parse_mode: 'HTML' });
    expect(sent.text).toBe('Отметка 5 & 4');
    expect(sent.entities).toEqual([{ type: 'bold', offset: 0, length: 7 }, { type: 'italic', offset: 12, length: 1 }]);
  });

  it('edits a message in place, refuses an edit that changes nothing, and a message it does not have', async () => {
    const edits: string[] = [];
    emulator.on('edit', (m) => edits.push(m.text ?? ''));
    const sent = await telegram.sendMessage(30, 'Отметьте отсутствующих', Markup.inlineKeyboard([[Markup.button.callback('Все на месте', 'all')]]));
    const edited = await telegram.editMessageText(30, sent.message_id, undefined, 'Все на месте ✓', Markup.inlineKeyboard([[Markup.button.callback('Готово', 'done')]]));
    expect(edited).toMatchObject({ message_id: sent.message_id, text: 'Все на месте ✓' });
    expect(emulator.transcript(30)).toMatchObject([{ messageId: sent.message_id, text: 'Все на месте ✓', edits: 1, buttons: [[{ text: 'Готово', callback_data: 'done' }]] }]);
    expect(edits).toEqual(['Все на месте ✓']);

    const same = await refusal(telegram.editMessageText(30, sent.message_id, undefined, 'Все на месте ✓', Markup.inlineKeyboard([[Markup.button.callback('Готово', 'done')]])));
    expect(same).toMatchObject({ code: 400 });
    expect(same.description).toMatch(/^Bad Request: message is not modified/);

    // Without reply_markup the keyboard goes, as in Telegram; then the buttons alone change.
    await telegram.editMessageText(30, sent.message_id, undefined, 'Все на месте ✓');
    expect(emulator.message(30, sent.message_id)?.buttons).toEqual([]);
    await telegram.editMessageReplyMarkup(30, sent.message_id, undefined, Markup.inlineKeyboard([[Markup.button.callback('Ещё', 'more')]]).reply_markup);
    expect(emulator.message(30, sent.message_id)).toMatchObject({ edits: 3, buttons: [[{ text: 'Ещё' }]] });
    expect(await refusal(telegram.editMessageReplyMarkup(30, sent.message_id, undefined, Markup.inlineKeyboard([[Markup.button.callback('Ещё', 'more')]]).reply_markup)))
      .toMatchObject({ code: 400, description: expect.stringMatching(/message is not modified/) });

    expect(await refusal(telegram.editMessageText(30, 999, undefined, 'Куда?'))).toEqual({ code: 400, description: 'Bad Request: message to edit not found', retryAfter: undefined });
    await telegram.deleteMessage(30, sent.message_id);
    expect(emulator.transcript(30)).toEqual([]);
    expect(await refusal(telegram.deleteMessage(30, sent.message_id))).toMatchObject({ description: 'Bad Request: message to delete not found' });
    expect(emulator.violations).toEqual([]);
  });

  it('answers 429 with retry_after when a chat gets more than one message a second, or the bot more than 30', async () => {
    let now = 1_000_000;
    const limited = await startEmulator({ clock: () => now }); // Telegram's limits by default
    const api = new Telegram(limited.token, { apiRoot: limited.url });
    try {
      await api.sendMessage(40, 'Первое');
      expect(await refusal(api.sendMessage(40, 'Второе сразу'))).toEqual({ code: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
      expect(limited.transcript(40).map((m) => m.text)).toEqual(['Первое']);
      // Edits and callback answers are not messages: they do not count.
      await api.editMessageText(40, 1, undefined, 'Первое, исправленное');
      now += 1000;
      await api.sendMessage(40, 'Через секунду');

      const results = await Promise.allSettled(Array.from({ length: 35 }, (_, i) => api.sendMessage(1000 + i, `Рассылка ${i}`)));
      const refused = results.filter((r) => r.status === 'rejected').map((r) => (r.reason as TelegramError).parameters?.retry_after);
      // 30 a second: the two messages to chat 40 were taken a second apart, so the bucket had 30 again minus one.
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(29);
      expect(refused).toEqual([1, 1, 1, 1, 1, 1]);
      now += 500;
      await api.sendMessage(2000, 'Полсекунды спустя');
      expect(limited.violations).toEqual([]);
    } finally {
      await limited.stop();
    }
  });

  it('lets a configured limit through a burst, and waits for the rate after it', async () => {
    let now = 0;
    const limited = await startEmulator({ clock: () => now, limits: { globalPerSecond: 100, perChatPerSecond: 0.5, perChatBurst: 3 } });
    const api = new Telegram(limited.token, { apiRoot: limited.url });
    try {
      for (let i = 0; i < 3; i++) await api.sendMessage(41, `${i}`);
      expect(await refusal(api.sendMessage(41, 'ещё'))).toMatchObject({ code: 429, retryAfter: 2 });
      now += 1500;
      expect(await refusal(api.sendMessage(41, 'ещё'))).toMatchObject({ code: 429, retryAfter: 1 });
      now += 500;
      await api.sendMessage(41, 'через две секунды');
      limited.setLimits(false);
      for (let i = 0; i < 10; i++) await api.sendMessage(41, `без ограничений ${i}`);
    } finally {
      await limited.stop();
    }
  });

  it('answers 403 for a user who blocked the bot, queues the chat member change, and resumes after unblocking', async () => {
    emulator.block(50);
    expect(await refusal(telegram.sendMessage(50, 'Вы тут?'))).toEqual({ code: 403, description: 'Forbidden: bot was blocked by the user', retryAfter: undefined });
    expect(emulator.pendingUpdates().at(-1)).toMatchObject({ my_chat_member: { chat: { id: 50 }, new_chat_member: { status: 'kicked' } } });
    await telegram.sendMessage(51, 'Другому можно');
    emulator.unblock(50);
    await telegram.sendMessage(50, 'Снова можно');
    expect(emulator.transcript(50).map((m) => m.text)).toEqual(['Снова можно']);
  });

  it('injects 429, 5xx, 403 and slow answers for the next calls of a method and chat', async () => {
    emulator.inject({ kind: 'retryAfter', seconds: 7, method: 'sendMessage', chatId: 60, times: 2 });
    emulator.inject({ kind: 'serverError', status: 502, method: 'sendPhoto' });
    emulator.inject({ kind: 'forbidden', chatId: 61 });
    await telegram.sendMessage(62, 'Не задето');
    expect(await refusal(telegram.sendMessage(60, 'a'))).toMatchObject({ code: 429, retryAfter: 7 });
    expect(await refusal(telegram.sendMessage(60, 'b'))).toMatchObject({ code: 429, retryAfter: 7 });
    await telegram.sendMessage(60, 'c');
    expect(await refusal(telegram.sendPhoto(60, { source: PNG }))).toEqual({ code: 502, description: 'Bad Gateway', retryAfter: undefined });
    expect(await refusal(telegram.sendMessage(61, 'd'))).toMatchObject({ code: 403 });
    await telegram.sendMessage(61, 'e');
    expect(emulator.transcript(60).map((m) => m.text)).toEqual(['c']);

    const handle = emulator.inject({ kind: 'serverError', times: Infinity });
    expect(await refusal(telegram.getMe())).toMatchObject({ code: 500, description: 'Internal Server Error' });
    expect(handle.remaining).toBe(Infinity);
    handle.cancel();
    await telegram.getMe();

    emulator.inject({ kind: 'timeout', ms: 400, method: 'sendMessage' });
    const started = Date.now();
    const slow = await fetch(`${emulator.url}/bot${emulator.token}/sendMessage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: 63, text: 'медленно' }), signal: AbortSignal.timeout(150) })
      .then(() => 'answered', (err: Error) => err.name);
    expect(slow).toBe('TimeoutError');
    await new Promise((r) => setTimeout(r, 400 - (Date.now() - started) + 50));
    // Telegram did it although the client gave up waiting: the message is there.
    expect(emulator.transcript(63).map((m) => m.text)).toEqual(['медленно']);

    emulator.inject({ kind: 'timeout', ms: 50, then: 'drop' });
    expect(await refusal(telegram.sendMessage(64, 'потеряно')).catch((err: Error) => err.message)).toMatch(/socket hang up|ECONNRESET/);
    expect(emulator.transcript(64)).toEqual([]);
  });

  it('long-polls getUpdates: holds the request until the user writes, confirms by offset', async () => {
    const poll = telegram.getUpdates(5, 100, 0, undefined);
    await new Promise((r) => setTimeout(r, 100));
    const sent = emulator.sendText({ id: 70, first_name: 'Анна' }, '/start abc-123');
    const updates = await poll;
    expect(updates).toEqual([sent]);
    expect(sent).toMatchObject({ message: { chat: { id: 70, type: 'private' }, from: { id: 70, first_name: 'Анна', is_bot: false }, text: '/start abc-123', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } });
    // Not confirmed yet: delivered again; confirmed by the next offset: gone.
    expect(await telegram.getUpdates(0, 100, 0, undefined)).toEqual([sent]);
    expect(await telegram.getUpdates(0, 100, sent.update_id + 1, undefined)).toEqual([]);
    // With nothing to deliver, the poll waits out its timeout.
    const started = Date.now();
    expect(await telegram.getUpdates(1, 100, sent.update_id + 1, undefined)).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    // A second poller ends the first with 409, as Telegram does.
    const first = refusal(telegram.getUpdates(5, 100, 0, undefined));
    await new Promise((r) => setTimeout(r, 50));
    const second = telegram.getUpdates(5, 100, 0, undefined);
    expect(await first).toMatchObject({ code: 409, description: expect.stringContaining('terminated by other getUpdates request') });
    emulator.sendText(70, 'привет');
    expect(await second).toHaveLength(1);
  });

  it('runs a real telegraf bot over long polling: commands, buttons that edit in place, callback answers', async () => {
    const bot = new Telegraf(emulator.token, { telegram: { apiRoot: emulator.url, webhookReply: false } });
    bot.start((ctx) => ctx.reply(`Код: ${ctx.payload}`, Markup.inlineKeyboard([[Markup.button.callback('Отметить', 'mark:5')]])));
    bot.action(/^mark:(\d)$/, async (ctx) => {
      await ctx.answerCbQuery(`Поставлено ${ctx.match[1]}`);
      await ctx.editMessageText('Отметка 5 ✓');
    });
    const answers: (string | undefined)[] = [];
    emulator.on('callbackAnswer', (a) => answers.push(a.text));
    const running = bot.launch({ allowedUpdates: ['message', 'callback_query'] });
    try {
      emulator.sendText(80, '/start XYZ');
      const greeting = await emulator.waitForMessage(80, (m) => m.from === 'bot');
      expect(greeting).toMatchObject({ text: 'Код: XYZ', buttons: [[{ text: 'Отметить', callback_data: 'mark:5' }]] });
      expect(() => emulator.pressButton(80, greeting.messageId, 'mark:4')).toThrow(/no button/);
      emulator.pressButton(80, greeting.messageId, 'mark:5');
      const edited = await emulator.waitForMessage(80);
      expect(edited).toMatchObject({ messageId: greeting.messageId, text: 'Отметка 5 ✓', edits: 1, buttons: [] });
      expect(answers).toEqual(['Поставлено 5']);
      expect(emulator.transcript(80).map((m) => [m.from, m.text])).toEqual([['user', '/start XYZ'], ['bot', 'Отметка 5 ✓']]);
      expect(emulator.called('getUpdates').at(-1)?.payload).toMatchObject({ timeout: 50, allowed_updates: ['message', 'callback_query'] });
      expect(emulator.violations).toEqual([]);
    } finally {
      bot.stop('test over');
      await running.catch(() => undefined);
    }
  });

  it('stores photos and documents sent as files, serves them, and shows them in the transcript', async () => {
    const photo = await telegram.sendPhoto(90, { source: PNG, filename: 'marks.png' }, { caption: 'Отметки за ноябрь' });
    const document = await telegram.sendDocument(90, { source: PDF, filename: 'Выписка.pdf' }, Markup.inlineKeyboard([[Markup.button.callback('Ознакомлен', 'ack')]]));
    expect(photo.photo[0]).toMatchObject({ width: 2, height: 3, file_size: PNG.length });
    expect(document.document).toMatchObject({ file_name: 'Выписка.pdf', mime_type: 'application/pdf', file_size: PDF.length });

    const [shownPhoto, shownDocument] = emulator.transcript(90);
    expect(shownPhoto).toMatchObject({ caption: 'Отметки за ноябрь', photo: { mimeType: 'image/png', width: 2, height: 3 } });
    expect(shownDocument).toMatchObject({ document: { fileName: 'Выписка.pdf', mimeType: 'application/pdf' }, buttons: [[{ text: 'Ознакомлен' }]] });
    expect(emulator.file(shownPhoto!.photo!.fileId)?.bytes.equals(PNG)).toBe(true);
    expect(emulator.called('sendDocument')[0]?.payload.document).toEqual({ file: { fileName: 'Выписка.pdf', mimeType: 'application/pdf', size: PDF.length } });

    const link = await telegram.getFileLink(photo.photo[0]!.file_id);
    const served = await fetch(link);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // Sent again by file_id: the same file, no upload.
    const again = await telegram.sendPhoto(91, photo.photo[0]!.file_id);
    expect(again.photo[0]?.file_unique_id).toBe(photo.photo[0]!.file_unique_id);
    // A "photo" that is no image is refused, as Telegram refuses it.
    expect(await refusal(telegram.sendPhoto(90, { source: PDF, filename: 'not-an-image.png' }))).toMatchObject({ code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    expect(emulator.violations).toEqual([]);
  });
});
