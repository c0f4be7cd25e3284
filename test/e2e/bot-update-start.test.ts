import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { BotSession } from '../../core/telegram/bot-session.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { countSqlStatements } from '../../bench/support/sql-statements.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { whileRefused } from '../support/refused-writes.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const TODAY = '2026-11-23';

/**
 * Issue 17: an update's way in and out. Its claim, the user's account, bindings and sessions are read in
 * one statement; the sessions it changes are written in one statement, in its transaction, just before the
 * commit. These prove what that keeps: nothing of a failed update stays (its sessions included), a session
 * set on one update is what the next one reads, and the identity is read afresh on every update.
 */
describe('bot: the start and the end of an update', () => {
  const statements = countSqlStatements();
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const TEACHER = 1801;
  const ids = { workType: 0, lesson: 0, students: [] as number[], binding: 0 };

  const em = () => t.orm.em.fork();
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const mg = (studentId: number, seen: number, value = 5) => encodeJournal('mg', { lessonId: ids.lesson, studentId, workTypeId: ids.workType, value, second: 0, seen });
  const sessions = async () => Object.fromEntries((await em().find(BotSession, { telegramUserId: TEACHER })).map((r) => [r.key, r.payload]));
  const marks = () => em().count(Mark, { lesson: ids.lesson });
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload as { text?: string } | undefined;

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    await run(async () => {
      const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        ((await t.core.records.create(kind, { school: s.school.id, ...input }, sys)) as { id: number }).id;
      ids.workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
      for (let i = 0; i < 3; i++) {
        const student = await create('Student', { lastName: `Ученик${String.fromCharCode(1072 + i)}`, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' });
        await create('Enrollment', { student, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
        ids.students.push(student);
      }
      const teacher = (await staffActorFor(t.orm.em, s.people.teacher.id, 'bot'))!;
      ids.lesson = (await t.core.journal.lessons.openLesson(s.assignment.id, TODAY, 2, teacher)).id;
    });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    const { code } = await run(() => t.core.invites.issue('staff', s.people.teacher.id, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(TEACHER, `/start ${code}`));
    ids.binding = (await em().getConnection().execute<{ id: number }[]>('select id from telegram_binding where telegram_account_id = ?', [TEACHER]))[0]!.id;
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });

  it('writes the sessions a tap changed with its change: the next tap reads them, an undo undoes the mark', async () => {
    await bot.handleUpdate(callbackUpdate(TEACHER, mg(ids.students[0]!, 0, 4)));
    expect(lastAnswer()?.text).toBeUndefined();
    const stored = await sessions();
    expect(stored.lesson).toEqual({ lessonId: ids.lesson });
    expect(stored.undo).toMatchObject({ kind: 'markGiven', lessonId: ids.lesson });
    expect(await marks()).toBe(1);
    // The undo of the next update finds what this one remembered, and clears it in the same way.
    await bot.handleUpdate(callbackUpdate(TEACHER, encodeJournal('u', { lessonId: ids.lesson })));
    expect(await marks()).toBe(0);
    expect((await sessions()).undo).toBeUndefined();
    expect((await sessions()).lesson).toEqual({ lessonId: ids.lesson });
  });

  it('keeps nothing of an update whose session write fails: no mark, the sessions as they were; delivered again, it applies once', async () => {
    const before = await sessions();
    const update = callbackUpdate(TEACHER, mg(ids.students[1]!, 0, 3));
    await whileRefused(t.orm.em.getConnection(), 'bot_session', async () => {
      await bot.handleUpdate(update).catch(() => undefined);
      expect(await marks()).toBe(0);
      expect(await sessions()).toEqual(before);
    }, 'insert or update');
    await bot.handleUpdate(update);
    await bot.handleUpdate(update);
    expect(await marks()).toBe(1);
    expect((await sessions()).undo).toMatchObject({ kind: 'markGiven', lessonId: ids.lesson });
  });

  it('reads the identity afresh on every update: a binding revoked between two taps refuses the second', async () => {
    await conn().execute('update telegram_binding set revoked_at = ? where id = ?', [NOW, ids.binding]);
    try {
      const count = await marks();
      await bot.handleUpdate(callbackUpdate(TEACHER, mg(ids.students[2]!, 0, 5)));
      expect(await marks()).toBe(count);
    } finally {
      await conn().execute('update telegram_binding set revoked_at = null where id = ?', [ids.binding]);
    }
    await bot.handleUpdate(callbackUpdate(TEACHER, mg(ids.students[2]!, 0, 5)));
    expect(lastAnswer()?.text).toBeUndefined();
  });

  it('costs a command of a bound user three statements of its own: BEGIN, the claim with everything read, COMMIT, in two round trips', async () => {
    const [before, trips] = [statements(), statements.roundTrips()];
    await bot.handleUpdate(textUpdate(TEACHER, '/help'));
    expect(telegram.texts().at(-1)).toBeTruthy();
    expect(statements() - before).toBe(3);
    // BEGIN goes with the claim (core/db/pipelined-transaction.ts).
    expect(statements.roundTrips() - trips).toBe(2);
  });

  const conn = () => t.orm.em.getConnection();
});
