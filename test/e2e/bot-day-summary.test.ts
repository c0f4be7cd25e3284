import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { menuItem } from '../../bot/callback-data/identity.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { fixedClock } from '../../core/time/clock.js';
import { buttonData, interceptTelegram, labels } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

const FRIDAY = '2026-11-20';

/** «Сводка дня» in the heads' bot menu (issue 13): one message, the rights checked on every press. */
describe('bot: «Сводка дня» for the heads and class teachers', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const DIRECTOR = 1301;
  const CLASS_TEACHER = 1302;
  const TEACHER = 1303;
  const PARENT = 1304;
  const CLASS_TEACHER_B = 1305;
  const REFUSED = 'Сводка дня — для руководителей школы и классных руководителей.';

  const signIn = async (telegramId: number, kind: 'staff' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const lastSent = () => telegram.called('sendMessage').at(-1);
  const texts = () => telegram.called('sendMessage').map((c) => String(c.payload.text));
  const menu = async (telegramId: number) => {
    await bot.handleUpdate(textUpdate(telegramId, '/menu'));
    return lastSent();
  };
  const pressSummary = async (telegramId: number) => {
    await bot.handleUpdate(callbackUpdate(telegramId, buttonData(await menu(telegramId), 'Сводка дня')));
    return String(lastSent()?.payload.text);
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(DateTime.fromISO(`${FRIDAY}T15:00`, { zone: 'Europe/Moscow' }).toJSDate()));
    s = await createSchoolFixture(t.core);
    const other = await createSchoolFixture(t.core, 'Школа № 2');
    await t.core.unitOfWork(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>, school = s.school.id) =>
        t.core.records.create(kind, { school, ...input }, sys) as Promise<{ id: number }>;
      // Friday: four mathematics lessons in 7А, one history lesson in 7Б; the other school's lessons never show.
      for (const lessonNumber of [1, 2, 3, 4]) await create('TimetableSlot', { assignment: s.assignment.id, group: s.groupA.id, weekday: 5, lessonNumber, validFrom: '2026-09-01' });
      const history = await create('Subject', { name: 'История' });
      const historyB = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherB.id, subject: history.id, group: s.groupB.id, plannedHours: 68 });
      await create('TimetableSlot', { assignment: historyB.id, group: s.groupB.id, weekday: 5, lessonNumber: 5, validFrom: '2026-09-01' });
      for (const lessonNumber of [1, 2]) await create('TimetableSlot', { assignment: other.assignment.id, group: other.groupA.id, weekday: 5, lessonNumber, validFrom: '2026-09-01' }, other.school.id);
      await t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys);
    });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(DIRECTOR, 'staff', s.people.director.id);
    await signIn(CLASS_TEACHER, 'staff', s.people.classTeacherA.id);
    await signIn(CLASS_TEACHER_B, 'staff', s.people.classTeacherB.id);
    await signIn(TEACHER, 'staff', s.people.teacher.id);
    await signIn(PARENT, 'guardian', s.guardianA.id);
  });
  afterAll(async () => {
    telegram.restore();
    await t.close();
  });
  beforeEach(() => telegram.reset());

  it('gives the director the whole school\'s day in one message', async () => {
    const text = await pressSummary(DIRECTOR);
    expect(text).toBe([
      'Сводка дня — Школа № 1\nпятница, 20.11.2026',
      [
        'Уроки: 5 уроков, полностью заполнено: 0.',
        'Без темы — 5, без посещаемости — 5, без домашнего задания — 5.',
        'Кому заполнить:',
        '• Учителева М. И. — 4 урока: без темы 4, без посещаемости 4, без д/з 4',
        '• Другая М. И. — 1 урок: без темы 1, без посещаемости 1, без д/з 1',
      ].join('\n'),
      [
        'Отметки за уроки дня: 0 отметок.',
        'Родители на связи (Telegram и согласие): 1 из 1.',
        'Еженедельные сводки ещё не рассылались.',
        'Уведомления: ждут отправки — 0, не доставлены за день — 0.',
      ].join('\n'),
    ].join('\n\n'));
    expect(telegram.called('sendMessage').filter((c) => String(c.payload.text).startsWith('Сводка дня'))).toHaveLength(1);
    expect(telegram.violations).toEqual([]);
  });

  it('gives a class teacher its class only', async () => {
    const text = await pressSummary(CLASS_TEACHER);
    expect(text.split('\n\n')[0]).toBe('Сводка дня — 7А\nпятница, 20.11.2026');
    expect(text).toContain('Уроки: 4 урока, полностью заполнено: 0.');
    expect(text).not.toContain('Другая');
    expect(text).toContain('Родители на связи (Telegram и согласие): 1 из 1.');
    // 7Б's class teacher: its class's one lesson, which it gives itself; 7Б has no parents yet.
    const b = await pressSummary(CLASS_TEACHER_B);
    expect(b).toContain('Уроки: 1 урок, полностью заполнено: 0.');
    expect(b).toContain('• Другая М. И. — 1 урок: без темы 1, без посещаемости 1, без д/з 1');
    expect(b).toContain('Родители на связи (Telegram и согласие): 0 из 0.');
  });

  it('offers no summary to a teacher or a parent, and refuses their forged button', async () => {
    expect(labels(await menu(TEACHER))).not.toContain('Сводка дня');
    expect(labels(await menu(PARENT))).not.toContain('Сводка дня');
    expect(labels(await menu(DIRECTOR))).toContain('Сводка дня');
    telegram.reset();
    for (const who of [TEACHER, PARENT]) {
      await bot.handleUpdate(callbackUpdate(who, menuItem.encode({ item: 'daySummary' })));
      expect(lastSent()?.payload.text).toBe(REFUSED);
    }
    expect(texts().some((text) => text.includes('Уроки:') || text.includes('Школа № 1'))).toBe(false);
    expect(telegram.called('answerCallbackQuery')).toHaveLength(2);
    expect(telegram.violations).toEqual([]);
  });
});
