import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { encodeDiary } from '../../bot/callback-data/diary.js';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import type { Bot } from '../../bot/create-bot.js';
import { WEBHOOK_PATH } from '../../bot/launch.js';
import { systemActor } from '../../core/access/actor.js';
import { DatabaseUnavailable } from '../../core/base/errors.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { NotificationPreference } from '../../core/notifications/notification-preference.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { fixedClock } from '../../core/time/clock.js';
import spec from '../../telegram-emulator/bot-api-methods.json' with { type: 'json' };
import { validateCall } from '../../telegram-emulator/validate.js';
import { createDiaryFixture, DIARY_NOW, DIARY_TODAY } from '../support/diary-fixture.js';
import { buttonsOf, interceptTelegram } from '../support/fake-telegram.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

const SECRET = 'webhook-secret-for-tests-0123';
const GENERIC = 'Что-то пошло не так. Попробуйте ещё раз через минуту.';
const STALE = 'Эта кнопка устарела. Откройте меню заново.';

/** answerCallbackQuery's fields in the Bot API (generated from telegram-bot-api.json), and the type of each. */
const ANSWER_FIELDS = spec.methods.answerCallbackQuery;
const FIELD_TYPES: Record<string, string> = { callback_query_id: 'string', text: 'string', show_alert: 'boolean', url: 'string', cache_time: 'number' };

/**
 * Issue 17: a webhook update's button answer rides on the webhook's HTTP reply (one Bot API call Telegram
 * runs for the bot), given once the update has ended; the edit of the tap still goes through the Bot API.
 */
describe('the webhook answers the button in its HTTP reply', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createDiaryFixture>>;
  const TEACHER = 1701;
  const PARENT = 1702;
  let lessonId = 0;

  const em = () => t.orm.em.fork();
  const post = (update: Update) =>
    app.inject({ method: 'POST', url: WEBHOOK_PATH, headers: { 'x-telegram-bot-api-secret-token': SECRET }, payload: update });
  const apiAnswers = () => telegram.called('answerCallbackQuery');
  /** A first mark for the student in the lesson (each test taps a student of its own). */
  const markTap = (studentId: number, value: number) =>
    callbackUpdate(TEACHER, encodeJournal('mg', { lessonId, studentId, workTypeId: s.id.answer, value, second: 0, seen: 0 }));
  const marks = async (studentId: number) => (await em().find(Mark, { lesson: lessonId, student: studentId })).map((m) => m.value);
  const processed = async (update: Update) =>
    (await em().getConnection().execute('select 1 from processed_update where update_id = ?', [update.update_id])).length;
  /** Every text the user could see: the Bot API's calls and the webhook's replies. */
  const everyText = (...replies: unknown[]) => JSON.stringify([telegram.calls, replies]);
  /** The update ledger runs `after` once the handlers are done, inside the update's transaction (before its COMMIT). */
  const failingAfterHandlers = async <T>(after: () => never, work: () => Promise<T>) => {
    const ledger = t.core.updates as unknown as { handleOnce: (...args: unknown[]) => Promise<unknown> };
    const handleOnce = ledger.handleOnce;
    ledger.handleOnce = (botId, updateId, handle, ...rest) =>
      handleOnce.call(ledger, botId, updateId, async (start: unknown) => {
        await (handle as (start: unknown) => Promise<void>)(start);
        after();
      }, ...rest);
    try {
      return await work();
    } finally {
      ledger.handleOnce = handleOnce;
    }
  };

  beforeAll(async () => {
    t = await createTestCore({ PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: SECRET }, fixedClock(DIARY_NOW));
    s = await createDiaryFixture(t.core);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    app = await buildServer(t.core, { webhook: { path: WEBHOOK_PATH, handleUpdate: (update) => bot.handleWebhookUpdate(update) } });
    const sys = systemActor('cli');
    for (const [chat, kind, person] of [[TEACHER, 'staff', s.people.teacher.id], [PARENT, 'guardian', s.guardianA.id]] as const) {
      const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, person, sys, 'klassny_test_bot'));
      expect((await post(textUpdate(chat, `/start ${code}`))).json()).toEqual({ ok: true });
    }
    lessonId = await t.core.unitOfWork(async () => {
      const teacher = (await staffActorFor(t.orm.em, s.people.teacher.id, 'bot'))!;
      return (await t.core.journal.lessons.openLesson(s.assignment.id, DIARY_TODAY, 7, teacher)).id;
    });
  });
  afterAll(async () => {
    await app?.close();
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => {
    telegram.reset();
    telegram.emulator.clearFaults();
  });

  it('answers a journal tap in the reply, a valid answerCallbackQuery of its own query; the edit goes through the Bot API', async () => {
    const update = markTap(s.id.c1, 5);
    const res = await post(update);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const reply = res.json<Record<string, unknown>>();
    expect(reply).toEqual({ method: 'answerCallbackQuery', callback_query_id: (update as Update.CallbackQueryUpdate).callback_query.id });

    // A Bot API call Telegram takes: a known method, its required fields, no field it does not have, each of its type.
    const { method, ...fields } = reply;
    expect(validateCall(String(method), fields)).toEqual([]);
    expect(ANSWER_FIELDS.required.every((f) => f in fields)).toBe(true);
    expect(Object.keys(fields).every((f) => ANSWER_FIELDS.required.includes(f) || ANSWER_FIELDS.optional.includes(f))).toBe(true);
    expect(Object.entries(fields).every(([f, v]) => typeof v === FIELD_TYPES[f])).toBe(true);

    expect(apiAnswers()).toEqual([]);
    expect(telegram.called('editMessageText')).toHaveLength(1);
    expect(await marks(s.id.c1)).toEqual([5]);
    expect(telegram.violations).toEqual([]);
  });

  it('gives the answer\'s text in the reply (a button it does not know)', async () => {
    const update = callbackUpdate(TEACHER, 'zz:forged');
    const res = await post(update);
    expect(res.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: (update as Update.CallbackQueryUpdate).callback_query.id, text: STALE });
    const { method, ...fields } = res.json<Record<string, unknown>>();
    expect(validateCall(String(method), fields)).toEqual([]);
    expect(apiAnswers()).toEqual([]);
  });

  it('gives no stale answer to a redelivered update: 200 {ok:true}, nothing sent, nothing written again', async () => {
    const update = markTap(s.studentA.id, 4);
    expect((await post(update)).json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: (update as Update.CallbackQueryUpdate).callback_query.id });
    telegram.reset();
    const again = await post(update);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ok: true });
    expect(telegram.answers()).toEqual([]);
    expect(await marks(s.studentA.id)).toEqual([4]);
  });

  it('replaces a held success toast by the failure\'s text when the update fails after answering, and keeps nothing', async () => {
    await post(textUpdate(PARENT, '/notifications'));
    const toggle = buttonsOf(telegram.called('sendMessage').at(-1)).find((b) => b.text.includes('Домашние задания'))!;
    telegram.reset();
    const update = callbackUpdate(PARENT, toggle.callback_data!);
    // The handler answered «Сохранено» (held); then, still in the transaction, something fails.
    const res = await failingAfterHandlers(() => {
      throw new Error('fails after the handlers');
    }, () => post(update));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: (update as Update.CallbackQueryUpdate).callback_query.id, text: GENERIC });
    expect(apiAnswers()).toEqual([]);
    expect(everyText(res.json())).not.toContain('Сохранено');
    // Undone with the update: the kind is still on.
    expect((await em().findOne(NotificationPreference, PARENT))?.disabledKinds ?? []).toEqual([]);
  });

  it('answers that the mark is kept when Telegram refuses the screen edited after the commit', async () => {
    const update = markTap(s.id.c3, 3);
    telegram.emulator.inject({ kind: 'serverError', status: 502, method: 'editMessageText' });
    const res = await post(update);
    expect(res.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: (update as Update.CallbackQueryUpdate).callback_query.id, text: 'Экран не обновился, но всё сохранено. Откройте урок снова: /today' });
    expect(apiAnswers()).toEqual([]);
    expect(await marks(s.id.c3)).toEqual([3]);
  });

  it('sends no answer at all when the database is away (503: Telegram delivers the update again)', async () => {
    const update = markTap(s.id.c2, 2);
    const res = await failingAfterHandlers(() => {
      throw new DatabaseUnavailable('test');
    }, () => post(update));
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ ok: false });
    // The screen waits for the commit, which did not come: nothing is shown as saved.
    expect(telegram.called('editMessageText')).toHaveLength(0);
    expect(apiAnswers()).toEqual([]);
    expect(await marks(s.id.c2)).toEqual([]);
    expect(await processed(update)).toBe(0);

    // Delivered again, it is handled and answered then.
    telegram.reset();
    expect((await post(update)).json()).toMatchObject({ method: 'answerCallbackQuery', callback_query_id: (update as Update.CallbackQueryUpdate).callback_query.id });
    expect(await marks(s.id.c2)).toEqual([2]);
    expect(await processed(update)).toBe(1);
  });

  it('answers the chart at once through the Bot API, before its photo, and replies {ok:true}', async () => {
    const update = callbackUpdate(PARENT, encodeDiary('ch', { studentId: s.studentA.id, subjectId: 0 }));
    const res = await post(update);
    expect(res.json()).toEqual({ ok: true });
    const methods = telegram.calls.map((c) => c.method);
    expect(methods).toEqual(['answerCallbackQuery', 'sendPhoto']);
    expect(apiAnswers().map((c) => c.payload.text)).toEqual(['Готовлю график…']);
  });

  it('leaves updates given to handleUpdate (polling, tests) answering through the Bot API', async () => {
    const update = callbackUpdate(TEACHER, 'zz:forged');
    await expect(bot.handleUpdate(update)).resolves.toBeUndefined();
    expect(apiAnswers().map((c) => c.payload.callback_query_id)).toEqual([(update as Update.CallbackQueryUpdate).callback_query.id]);
  });
});
