import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../bot/create-bot.js';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { systemActor } from '../../core/access/actor.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { buttonData, interceptTelegram } from '../support/fake-telegram.js';
import { bindTelegram, recordConsent } from '../support/notification-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

// Monday 23 November 2026, 12:00 in Moscow: outside quiet hours.
const NOW = new Date('2026-11-23T09:00:00Z');
const TODAY = 20261123;
const TEACHER = 931;
const GUARDIAN_CHAT = 6931;

describe('bot: leaving a lesson\'s card ends its entry, and its news goes out at once (issue 18)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let workTypeId = 0;
  const clock = new MovableClock(NOW);
  const lessonIds: number[] = [];

  const lastMessage = () => telegram.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').at(-1);
  const tap = (data: string) => bot.handleUpdate(callbackUpdate(TEACHER, data));
  /** A mark for the guardian's child; `seen`: the child's marks in the lesson so far (else the bot asks to confirm another). */
  const mark = async (lessonId: number, value: number) => {
    const seen = await t.orm.em.fork().count(Mark, { lesson: lessonId, student: s.studentA.id });
    await tap(encodeJournal('mg', { lessonId, studentId: s.studentA.id, workTypeId, value, second: 0, seen }));
  };
  /** Seconds from now until the guardian's pending rows are due (one figure per batch). */
  const dueIn = async () => {
    const rows = await t.orm.em.fork().find(Notification, { telegramAccountId: GUARDIAN_CHAT, status: 'pending' }, { orderBy: { id: 'asc' } });
    return [...new Set(rows.map((r) => (r.notBefore.getTime() - clock.now().getTime()) / 1000))];
  };

  beforeAll(async () => {
    t = await createTestCore({}, clock);
    s = await createSchoolFixture(t.core);
    const sys = systemActor('cli');
    await t.core.unitOfWork(async () => {
      workTypeId = (await t.core.records.create('WorkType', { school: s.school.id, name: 'Ответ на уроке', weight: 1 }, sys) as { id: number }).id;
      for (const lessonNumber of [2, 3]) {
        await t.core.records.create('TimetableSlot', { school: s.school.id, assignment: s.assignment.id, group: s.groupA.id, weekday: 1, lessonNumber, validFrom: '2026-09-01' }, sys);
      }
    });
    const em = t.orm.em.fork();
    await recordConsent(em, s.school.id, s.guardianA.id, 'given');
    await bindTelegram(em, s.school.id, 'guardian', s.guardianA.id, GUARDIAN_CHAT);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue('staff', s.people.teacher.id, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(TEACHER, `/start ${code}`));
    for (const lessonNumber of [2, 3]) {
      await tap(encodeJournal('o', { assignmentId: s.assignment.id, date: TODAY, lessonNumber }));
      lessonIds.push((await t.orm.em.fork().findOneOrFail(Lesson, { assignment: s.assignment.id, lessonNumber })).id);
    }
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(async () => {
    await t.orm.em.fork().nativeDelete(Notification, {});
    clock.advance(600_000);
  });

  it('«назад» from the card to the day', async () => {
    const [lesson] = lessonIds;
    await tap(encodeJournal('l', { lessonId: lesson! }));
    await mark(lesson!, 5);
    expect(await dueIn()).toEqual([10]);
    clock.advance(3_000);
    // Within the lesson (its card, its marks) the entry goes on: each tap waits the idle time again.
    await tap(encodeJournal('m', { lessonId: lesson!, page: 0 }));
    await tap(encodeJournal('l', { lessonId: lesson! }));
    expect(await dueIn()).toEqual([10]);
    await tap(buttonData(lastMessage(), '← Уроки дня'));
    expect(await dueIn()).toEqual([0]);
  });

  it('another lesson', async () => {
    const [first, second] = lessonIds;
    await tap(encodeJournal('l', { lessonId: first! }));
    await mark(first!, 4);
    clock.advance(2_000);
    await tap(encodeJournal('l', { lessonId: second! }));
    expect(await dueIn()).toEqual([0]);
  });

  it('the main menu, or /today', async () => {
    const [lesson] = lessonIds;
    await tap(encodeJournal('l', { lessonId: lesson! }));
    await mark(lesson!, 3);
    clock.advance(1_000);
    await bot.handleUpdate(textUpdate(TEACHER, '/menu'));
    expect(await dueIn()).toEqual([0]);

    await tap(encodeJournal('l', { lessonId: lesson! }));
    await mark(lesson!, 5);
    clock.advance(1_000);
    await bot.handleUpdate(textUpdate(TEACHER, '/today'));
    // The first batch (due a second ago; no dispatcher runs here), and the second, due now.
    expect(await dueIn()).toEqual([-1, 0]);
  });

  it('goes on quietly when the remembered lesson is no longer the teacher\'s: the idle time ends that entry', async () => {
    const [lesson] = lessonIds;
    await tap(encodeJournal('l', { lessonId: lesson! }));
    await mark(lesson!, 5);
    // The session names a lesson the teacher does not teach (forged, or taken over by a substitute).
    await t.core.unitOfWork(() => t.core.botSessions.set(TEACHER, 'lesson', { lessonId: 999_999 }));
    telegram.reset();
    await bot.handleUpdate(textUpdate(TEACHER, '/menu'));
    expect(lastMessage()?.method).toBe('sendMessage');
    expect(await dueIn()).toEqual([10]);
    expect(telegram.violations).toEqual([]);
  });
});
