import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telegramMessenger } from '../../bot/messenger.js';
import { systemActor } from '../../core/access/actor.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { runJob } from '../../core/jobs/scheduler.js';
import { reminderJob } from '../../core/journal/reminder-job.js';
import { ReminderSent } from '../../core/journal/reminder-sent.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, TEST_BOT_TOKEN, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

const TEACHER_CHAT = 2001;
const BLOCKED_CHAT = 2002;
const FAILING_CHAT = 2003;

describe('teacher reminders through the Bot API', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let telegram: ReturnType<typeof interceptTelegram>;
  let controlWorkId: number;

  beforeAll(async () => {
    const now = DateTime.fromISO('2026-11-20T13:00', { zone: 'Europe/Moscow' }).toJSDate();
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    await t.core.unitOfWork(async () => {
      const actor = systemActor('panel');
      const russian = (await t.core.records.create('Subject', { school: s.school.id, name: 'Русский язык' }, actor)) as { id: number };
      const russianAssignment = (await t.core.records.create('TeachingAssignment', {
        school: s.school.id, year: s.year.id, teacher: s.people.classTeacherA.id, subject: russian.id, group: s.groupA.id, plannedHours: 136,
      }, actor)) as { id: number };
      // No work types in this school: a control work is due for grading 3 days after it was written.
      controlWorkId = ((await t.core.records.create('ControlWork', { school: s.school.id, assignment: s.assignment.id, date: '2026-11-17', form: 'Контрольная работа', title: 'Дроби' }, actor)) as { id: number }).id;
      await t.core.records.create('ControlWork', { school: s.school.id, assignment: russianAssignment.id, date: '2026-11-16', form: 'Диктант' }, actor);
    });
    const em = t.orm.em.fork();
    for (const [chat, staffId] of [[TEACHER_CHAT, s.people.teacher.id], [BLOCKED_CHAT, s.people.classTeacherA.id]] as const) {
      em.create(TelegramAccount, { id: chat });
      em.create(TelegramBinding, { telegramAccount: chat, school: s.school.id, personKind: 'staff', personId: staffId });
    }
    await em.flush();

    // Telegram's answers for a user who blocked the bot and for a failure on its side.
    telegram = interceptTelegram();
    telegram.emulator.block(BLOCKED_CHAT);
    telegram.emulator.inject({ kind: 'serverError', status: 500, method: 'sendMessage', chatId: FAILING_CHAT, times: Infinity });
  });
  afterAll(async () => {
    telegram.restore();
    await t?.close();
  });

  it('sends the teacher one valid sendMessage and remembers it; a blocked teacher gets nothing remembered', async () => {
    const messenger = telegramMessenger(createTestBot(t.core));
    expect(await runJob(t.core, reminderJob(messenger))).toBe(true);

    expect(telegram.violations).toEqual([]);
    const calls = telegram.called('sendMessage').filter((c) => c.payload.chat_id !== BLOCKED_CHAT);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.payload).toMatchObject({ chat_id: TEACHER_CHAT });
    expect(calls[0]!.payload.text).toContain('Контрольная работа «Дроби» от 17.11.2026, проверить до 20.11.2026');
    expect(telegram.emulator.transcript(BLOCKED_CHAT)).toEqual([]);

    const remembered = await t.orm.em.fork().find(ReminderSent, {});
    expect(remembered.map((r) => [r.staff.id, r.item])).toEqual([[s.people.teacher.id, `control:${controlWorkId}`]]);

    // The next run: nothing new for the teacher; the blocked teacher is tried again, still blocked.
    telegram.reset();
    expect(await runJob(t.core, reminderJob(messenger))).toBe(true);
    expect(telegram.called('sendMessage').map((c) => c.payload.chat_id)).toEqual([BLOCKED_CHAT]);
    expect(await t.orm.em.fork().count(ReminderSent, {})).toBe(1);
  });

  it('answers blocked for 403 and throws other refusals without the text or the token', async () => {
    const messenger = telegramMessenger(createTestBot(t.core));
    await expect(messenger.sendText(BLOCKED_CHAT, 'Напоминание')).resolves.toBe('blocked');
    const failure = await messenger.sendText(FAILING_CHAT, 'Секретный текст').then(() => undefined, (err: Error) => err);
    expect(failure?.message).toBe('Telegram refused sendMessage: 500 Internal Server Error');
    expect(failure?.message).not.toContain('Секретный');
    expect(JSON.stringify(failure)).not.toContain(TEST_BOT_TOKEN);
    await expect(messenger.sendText(TEACHER_CHAT, 'Проверка')).resolves.toBe('sent');
    expect(telegram.violations).toEqual([]);
  });
});
