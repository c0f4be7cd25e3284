import { Writable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeDiary } from '../../bot/callback-data/diary.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { createLogger, type Logger } from '../../core/base/logger.js';
import { fixedClock } from '../../core/time/clock.js';
import { startEmulator, type ChatMessage, type Emulator } from '../../telegram-emulator/index.js';
import { createDiaryFixture, DIARY_NOW } from '../support/diary-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, TEST_BOT_TOKEN, type TestCore } from '../support/test-core.js';

const GENERIC = 'Что-то пошло не так. Попробуйте ещё раз через минуту.';

/**
 * Issue 12, points 8 and 6: the chart, the statement and the language switch answer the button first and
 * fail later (sendPhoto, sendDocument, editMessageText); the user is then told in the chat, since Telegram
 * takes one answer per button. And a failing Telegram call is logged by its method and code only.
 */
describe('bot: a failure after the button was answered is told in the chat, and logged without the request', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: Emulator;
  let s: Awaited<ReturnType<typeof createDiaryFixture>>;
  let logged: string[];
  const PARENT = 1601;

  const botMessages = () => telegram.transcript(PARENT).filter((m) => m.from === 'bot');
  const say = async (text: string) => {
    await bot.handleUpdate(telegram.sendText(PARENT, text, { queue: false }));
    return botMessages().at(-1)!;
  };
  const answersTo = (callbackQueryId: string) => telegram.called('answerCallbackQuery').filter((c) => c.payload.callback_query_id === callbackQueryId);
  /** Presses `data` on `message` and returns the callback query's answers and what the bot said after. */
  const press = async (message: ChatMessage, data: string, forged = false) => {
    const before = botMessages().length;
    const update = telegram.pressButton(PARENT, message.messageId, data, { queue: false, forged });
    await bot.handleUpdate(update);
    const id = 'callback_query' in update ? update.callback_query.id : '';
    return { answers: answersTo(id), said: botMessages().slice(before) };
  };

  beforeAll(async () => {
    // An emulator of its own that, like Telegram, refuses a second answer to a callback query.
    telegram = await startEmulator({ token: TEST_BOT_TOKEN, limits: false });
    t = await createTestCore({ TELEGRAM_API_ROOT: telegram.url }, fixedClock(DIARY_NOW));
    s = await createDiaryFixture(t.core);
    bot = createTestBot(t.core);
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue('guardian', s.guardianA.id, systemActor('cli'), 'klassny_test_bot'));
    await say(`/start ${code}`);
  });
  afterAll(async () => {
    await t?.close();
    await telegram?.stop();
  });
  beforeEach(() => {
    telegram.clearFaults();
    logged = [];
    const stream = new Writable({ write: (chunk, _enc, done) => { logged.push(String(chunk)); done(); } });
    (t.core as { log: Logger }).log = createLogger('debug', stream);
  });

  it('tells the parent in the chat when the chart cannot be sent after «Готовлю график…»', async () => {
    const diary = await say('/diary');
    telegram.inject({ kind: 'serverError', status: 502, method: 'sendPhoto' });
    const { answers, said } = await press(diary, encodeDiary('ch', { studentId: s.studentA.id, subjectId: 0 }), true);
    expect(answers.map((a) => [a.payload.text, a.response?.ok])).toEqual([['Готовлю график…', true]]);
    expect(said.map((m) => m.text)).toEqual([GENERIC]);
    expect(telegram.violations).toEqual([]);
  });

  it('tells the parent in the chat when the statement cannot be sent, and logs the method and code only', async () => {
    const offer = await say('/statement');
    const thisMonth = offer.buttons.flat().find((b) => b.text === 'Этот месяц')!;
    telegram.inject({ kind: 'serverError', status: 502, method: 'sendDocument' });
    const { answers, said } = await press(offer, 'callback_data' in thisMonth ? thisMonth.callback_data : '');
    expect(answers).toHaveLength(1);
    expect(said.map((m) => m.text)).toEqual([GENERIC]);

    const lines = logged.map((l) => JSON.parse(l) as Record<string, unknown>);
    const failure = lines.find((l) => l.msg === 'update failed');
    expect(failure?.err).toMatchObject({ type: 'TelegramError', method: 'sendDocument', code: 502, message: 'Telegram sendDocument failed with 502' });
    const all = logged.join('');
    // Neither the file (its name has the child's name), nor the caption, nor the request's body or the answer.
    for (const secret of ['Алексеев', 'Выписка', '.pdf', 'payload', 'caption', 'source', 'response', 'Bad Gateway']) expect(all).not.toContain(secret);
    expect(telegram.violations).toEqual([]);
  });

  it('tells the user in the chat when the language switch cannot edit its message, and keeps the language as it was', async () => {
    const prompt = await say('/language');
    const english = prompt.buttons.flat().find((b) => b.text === 'English')!;
    telegram.inject({ kind: 'serverError', status: 500, method: 'editMessageText' });
    const { answers, said } = await press(prompt, 'callback_data' in english ? english.callback_data : '');
    expect(answers).toHaveLength(1);
    expect(said.map((m) => m.text)).toEqual([GENERIC]);
    // The switch was undone with the rest of the update: the next answer is still in Russian.
    expect((await say('/help')).text).toMatch(/[а-я]/);
    expect(telegram.violations).toEqual([]);
  });
});
