import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { actionData } from '../../bot/callback-data/messages.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { translator } from '../../core/i18n/i18n.js';
import { runJob } from '../../core/jobs/scheduler.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { MessageThread, ThreadMessage } from '../../core/messages/message-thread.entity.js';
import { weeklyDigestJob } from '../../core/messages/weekly-digest-job.js';
import { Announcement } from '../../core/notifications/announcement.entity.js';
import { Notification, type NotificationKind } from '../../core/notifications/notification.entity.js';
import { renderers } from '../../core/notification-renderers.js';
import { WeeklyDigest } from '../../core/notifications/weekly-digest.entity.js';
import { BotSession } from '../../core/telegram/bot-session.entity.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

describe('bot: messages, the class teacher\'s letter to parents and the weekly digest (D8, D9, D11)', () => {
  // Monday 23 November 2026, 12:00 in Moscow.
  let now = new Date('2026-11-23T09:00:00Z');
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const PARENT = 701;
  const TEACHER = 702;
  const CLASS = 703;
  const OTHER = 704;
  const PARENT_B = 705;
  const ids = { guardianB: 0, thread: 0, lesson: 0 };
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const emulator = () => telegram.emulator;

  const say = (user: number, text: string) => bot.handleUpdate(emulator().sendText(user, text, { queue: false }));
  const botMessages = (user: number) => emulator().transcript(user).filter((m) => m.from === 'bot');
  const last = (user: number) => botMessages(user).at(-1)!;
  const labels = (user: number) => last(user).buttons.flat().map((b) => b.text);
  const dataOf = (user: number, label: string | RegExp) => {
    const found = last(user).buttons.flat().find((b) => (typeof label === 'string' ? b.text === label : label.test(b.text)));
    if (!found || !('callback_data' in found)) throw new Error(`no button ${String(label)} in ${labels(user).join(' | ')}`);
    return found.callback_data;
  };
  /** Taps a button the user sees under the bot's last message. */
  const tap = async (user: number, label: string | RegExp) => {
    await bot.handleUpdate(emulator().pressButton(user, last(user).messageId, dataOf(user, label), { queue: false }));
  };
  /** Taps a button the user does not have (a tampered client). */
  const forge = async (user: number, data: string) => {
    await bot.handleUpdate(emulator().pressButton(user, last(user).messageId, data, { queue: false, forged: true }));
  };
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload;
  const signIn = async (telegramId: number, kind: 'staff' | 'guardian', personId: number) => {
    const { code } = await run(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await say(telegramId, `/start ${code}`);
  };
  /** What the dispatcher would send: the chat's pending rows of a kind, rendered in Russian, delivered. */
  const deliver = async (user: number, kind: NotificationKind) => {
    const rows = await em().find(Notification, { telegramAccountId: user, kind, status: 'pending' }, { orderBy: { id: 'asc' } });
    expect(rows.length).toBeGreaterThan(0);
    const message = renderers[kind]!(translator(t.core.i18n, 'ru'), rows);
    const keyboard = (message.buttons ?? []).map((row) => row.map((b) => ({ text: b.text, callback_data: actionData(b.action) })));
    await bot.telegraf.telegram.sendMessage(user, message.text, keyboard.length ? { reply_markup: { inline_keyboard: keyboard } } : {});
    await em().nativeUpdate(Notification, { id: { $in: rows.map((r) => r.id) } }, { status: 'sent', sentAt: now });
    return last(user);
  };

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    await run(async () => {
      const guardianB = (await t.core.records.create('Guardian', { school: s.school.id, lastName: 'Борисова', firstName: 'Вера' }, sys)) as { id: number };
      await t.core.records.create('StudentGuardian', { school: s.school.id, student: s.studentB.id, guardian: guardianB.id, relation: 'mother' }, sys);
      ids.guardianB = guardianB.id;
      await t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys);
      await t.core.consents.record(guardianB.id, 'given', '2026-09-01', sys);
    });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(PARENT, 'guardian', s.guardianA.id);
    await signIn(PARENT_B, 'guardian', ids.guardianB);
    await signIn(TEACHER, 'staff', s.people.teacher.id);
    await signIn(CLASS, 'staff', s.people.classTeacherA.id);
    await signIn(OTHER, 'staff', s.people.classTeacherB.id);
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => telegram.reset());

  it('lets a parent write to its child\'s teacher, chosen among the class teacher and the subject teachers', async () => {
    await say(PARENT, '/menu');
    await tap(PARENT, '✉️ Написать учителю');
    expect(last(PARENT).text).toBe('Кому написать о ребёнке Алексеев Пётр?');
    expect(labels(PARENT)).toEqual(['Классная М. И. — классный руководитель', 'Учителева М. И. — Математика', '◀ Все сообщения']);
    expect(last(PARENT).edits).toBe(1);

    await tap(PARENT, 'Учителева М. И. — Математика');
    expect(last(PARENT).text).toContain('Сообщение для Учителева Мария Ивановна (Математика) о ребёнке Алексеев Пётр.');
    await say(PARENT, '   ');
    expect(last(PARENT).text).toContain('Напишите текст сообщения.');
    await say(PARENT, 'Здравствуйте! Петя болел на прошлой неделе, можно сдать контрольную позже?');
    expect(last(PARENT).text).toContain('✓ Сообщение отправлено.');
    expect(last(PARENT).text).toContain('Переписка с учителем: Учителева Мария Ивановна');
    expect(last(PARENT).text).toContain('Вы:\nЗдравствуйте! Петя болел');
    const thread = await em().findOneOrFail(MessageThread, { guardian: s.guardianA.id, staff: s.people.teacher.id, student: s.studentA.id });
    ids.thread = thread.id;
    expect(await em().count(BotSession, { telegramUserId: PARENT, key: 'input' })).toBe(0);

    // The teacher is told, with buttons to answer.
    const note = await deliver(TEACHER, 'message');
    expect(note.text).toBe('✉️ Сообщение от родителя: Алексеева Анна\nУченик: Алексеев Пётр\n\nЗдравствуйте! Петя болел на прошлой неделе, можно сдать контрольную позже?');
    expect(labels(TEACHER)).toEqual(['✍️ Ответить', '💬 Вся переписка']);
    expect(telegram.violations).toEqual([]);
  });

  it('lets the teacher see its threads with unread counts and answer by typing, alongside the journal\'s own input', async () => {
    await say(TEACHER, '/menu');
    await tap(TEACHER, '💬 Сообщения');
    expect(last(TEACHER).text).toContain('Непрочитанных: 1');
    expect(labels(TEACHER)).toEqual(['🔵 1 · Алексеева А. — Алексеев П.']);
    await tap(TEACHER, '🔵 1 · Алексеева А. — Алексеев П.');
    expect(last(TEACHER).text).toContain('💬 Переписка с родителем: Алексеева Анна\nУченик: Алексеев Пётр');

    // The journal waits for a topic: that text is the journal's, not a message.
    const lesson = await run(async () => t.core.journal.lessons.openLesson(s.assignment.id, '2026-11-23', 2, (await t.core.botIdentities.current(TEACHER))!.actor));
    ids.lesson = lesson.id;
    await bot.handleUpdate(emulator().pressButton(TEACHER, last(TEACHER).messageId, `j1:tx:${lesson.id}`, { queue: false, forged: true }));
    await say(TEACHER, 'Системы линейных уравнений');
    expect((await em().findOneOrFail(Lesson, lesson.id)).topic).toBe('Системы линейных уравнений');
    expect(await em().count(ThreadMessage, { author: 'staff' })).toBe(0);

    // And the answer to the parent is the messages' one.
    await say(TEACHER, '/menu');
    await tap(TEACHER, '💬 Сообщения');
    expect(last(TEACHER).text).toContain('Все сообщения прочитаны.');
    await tap(TEACHER, 'Алексеева А. — Алексеев П.');
    await tap(TEACHER, '✍️ Ответить');
    expect(last(TEACHER).text).toContain('✍️ Напишите ответ одним сообщением');
    await say(TEACHER, 'Да, в четверг после уроков.');
    expect(last(TEACHER).text).toContain('✓ Отправлено.');
    expect(await em().count(ThreadMessage, { thread: ids.thread, author: 'staff', text: 'Да, в четверг после уроков.' })).toBe(1);
    expect((await em().findOneOrFail(Lesson, lesson.id)).topic).toBe('Системы линейных уравнений');

    const note = await deliver(PARENT, 'message');
    expect(note.text).toContain('✉️ Сообщение от учителя: Учителева Мария Ивановна (Математика)\nРебёнок: Алексеев Пётр\n\nДа, в четверг после уроков.');
    await tap(PARENT, '💬 Вся переписка');
    expect(last(PARENT).text).toMatch(/Учителева М\. И\.:\nДа, в четверг после уроков\./);
    expect(telegram.violations).toEqual([]);
  });

  it('changes nothing for forged buttons: another\'s thread, another\'s child, another teacher', async () => {
    await say(OTHER, '/menu');
    for (const data of [`g1:o:${ids.thread}`, `g1:r:${ids.thread}`]) {
      await forge(OTHER, data);
      expect(lastAnswer()).toMatchObject({ text: 'Это вам недоступно: откройте меню заново.', show_alert: true });
    }
    expect(await em().count(BotSession, { telegramUserId: OTHER, key: 'input' })).toBe(0);
    await say(PARENT_B, '/menu');
    await forge(PARENT_B, `g1:o:${ids.thread}`);
    expect(lastAnswer()?.text).toBe('Это вам недоступно: откройте меню заново.');
    await say(PARENT, '/menu');
    await forge(PARENT, `g1:wt:${s.studentB.id}:${s.people.classTeacherB.id}`);
    expect(lastAnswer()?.text).toBe('Это вам недоступно: откройте меню заново.');
    await forge(PARENT, `g1:wt:${s.studentA.id}:${s.people.classTeacherB.id}`);
    expect(lastAnswer()?.text).toBe('Это вам недоступно: откройте меню заново.');
    expect(await em().count(BotSession, { telegramUserId: PARENT, key: 'input' })).toBe(0);
    await forge(PARENT, 'g1:o:abc');
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела. Откройте меню заново.');
    await forge(TEACHER, 'g1:b');
    expect(lastAnswer()?.text).toBe('Это вам недоступно: откройте меню заново.');
    await forge(OTHER, `g1:bg:${s.groupA.id}`);
    expect(lastAnswer()?.text).toBe('Это вам недоступно: откройте меню заново.');
    expect(await em().count(BotSession, { telegramUserId: OTHER, key: 'input' })).toBe(0);
    expect(await em().count(ThreadMessage, {})).toBe(2);
    expect(telegram.violations).toEqual([]);
  });

  it('lets the class teacher write to all parents of its class at once', async () => {
    await say(CLASS, '/menu');
    expect(labels(CLASS)).toEqual(expect.arrayContaining(['📣 Написать родителям класса', '👀 Кто ознакомился', '💬 Сообщения']));
    await tap(CLASS, '📣 Написать родителям класса');
    expect(last(CLASS).text).toContain('📣 Сообщение всем родителям класса 7А.');
    await say(CLASS, 'Родительское собрание в пятницу в 18:00, кабинет 12.');
    expect(last(CLASS).text).toBe('✓ Сообщение отправлено родителям класса 7А.');
    const [announcement, ...more] = await em().find(Announcement, {});
    expect(more).toEqual([]);
    expect(announcement).toMatchObject({ group: { id: s.groupA.id }, author: { id: s.people.classTeacherA.id }, text: 'Родительское собрание в пятницу в 18:00, кабинет 12.' });
    const note = await deliver(PARENT, 'announcement');
    expect(note.text).toBe('📢 Объявление для класса 7А\n\nРодительское собрание в пятницу в 18:00, кабинет 12.\n\n— Классная Мария Ивановна');
    // Only the parents of 7А: not the parent of a 7Б student.
    expect(await em().count(Notification, { telegramAccountId: PARENT_B, kind: 'announcement' })).toBe(0);
    expect(telegram.violations).toEqual([]);
  });

  it('sends the weekly digest with «Ознакомлен», records it for its guardian only, and shows the class teacher who read it', async () => {
    now = new Date('2026-11-28T09:05:00Z'); // Saturday 12:05 in Moscow
    expect(await runJob(t.core, weeklyDigestJob)).toBe(true);
    const digest = await em().findOneOrFail(WeeklyDigest, { guardian: s.guardianA.id, student: s.studentA.id });
    const note = await deliver(PARENT, 'digest');
    expect(note.text).toContain('📋 Сводка за неделю 23.11–29.11\nАлексеев Пётр');
    expect(labels(PARENT)).toEqual(['✓ Ознакомлен']);

    // Another parent's tap on this digest's button changes nothing.
    await say(PARENT_B, '/menu');
    await forge(PARENT_B, `g1:a:${digest.id}`);
    expect(lastAnswer()).toMatchObject({ text: 'Это вам недоступно: откройте меню заново.', show_alert: true });
    await forge(TEACHER, `g1:a:${digest.id}`);
    expect((await em().findOneOrFail(WeeklyDigest, digest.id)).acknowledgedAt).toBeNull();

    now = new Date('2026-11-28T10:15:00Z');
    await bot.handleUpdate(emulator().pressButton(PARENT, note.messageId, `g1:a:${digest.id}`, { queue: false }));
    expect(lastAnswer()).toMatchObject({ text: 'Спасибо! Отмечено, что вы ознакомились со сводкой.' });
    expect((await em().findOneOrFail(WeeklyDigest, digest.id)).acknowledgedAt).toEqual(now);
    expect(emulator().message(PARENT, note.messageId)?.buttons).toEqual([]);

    await say(CLASS, '/menu');
    await tap(CLASS, '👀 Кто ознакомился');
    expect(last(CLASS).text).toContain('👀 Сводка за неделю 23.11–29.11, класс 7А\nОзнакомились: 1 из 1');
    expect(last(CLASS).text).toContain('✅ Алексеев Пётр — Алексеева Анна, 28.11 13:15');
    await forge(OTHER, `g1:kg:${s.groupA.id}:0`);
    expect(lastAnswer()?.text).toBe('Это вам недоступно: откройте меню заново.');
    expect(telegram.violations).toEqual([]);
  });

  it('gives typed text to the flow that asked last; one flow\'s «cancel» leaves the other flow\'s wait alone', async () => {
    now = new Date('2026-11-23T12:00:00Z');
    const answers = () => em().count(ThreadMessage, { thread: ids.thread, author: 'staff' });
    const before = await answers();
    // The messages wait for an answer; a stale «cancel» of the journal's topic does not end that wait.
    await say(TEACHER, '/menu');
    await tap(TEACHER, '💬 Сообщения');
    await tap(TEACHER, 'Алексеева А. — Алексеев П.');
    await tap(TEACHER, '✍️ Ответить');
    await forge(TEACHER, `j1:x:${ids.lesson}`);
    await say(TEACHER, 'Контрольная в четверг, кабинет 12.');
    expect(await answers()).toBe(before + 1);
    expect((await em().findOneOrFail(Lesson, ids.lesson)).topic).toBe('Системы линейных уравнений');

    // The journal waits for a topic; the messages' «cancel» does not end that wait.
    await forge(TEACHER, `j1:tx:${ids.lesson}`);
    await forge(TEACHER, 'g1:x');
    await say(TEACHER, 'Метод подстановки');
    expect((await em().findOneOrFail(Lesson, ids.lesson)).topic).toBe('Метод подстановки');
    expect(await answers()).toBe(before + 1);
    expect(await em().count(BotSession, { telegramUserId: TEACHER, key: 'input' })).toBe(0);
    expect(telegram.violations).toEqual([]);
  });
});
