import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { fixedClock } from '../../core/time/clock.js';
import { createDiaryFixture, DIARY_NOW, DIARY_TODAY } from '../support/diary-fixture.js';
import { interceptTelegram, labels } from '../support/fake-telegram.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

/**
 * G3 in the bot: once the only consenting parent withdraws, the parent and the child can no longer use the bot,
 * the teacher's journal keyboards name the child «Ученик 1» (in English «Student 1»), and a legal representative
 * linked and consenting later reads the diary of «Ученик 1», never the old name.
 */
describe('bot: after a withdrawal of consent (G3)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createDiaryFixture>>;
  let lessonId: number;
  const sys = systemActor('cli');
  const PARENT = 1701;
  const STUDENT = 1702;
  const TEACHER = 1703;
  const NEW_GUARDIAN = 1704;

  const signIn = async (telegramId: number, kind: 'staff' | 'student' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const lastMessage = () => telegram.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').at(-1);
  const say = async (from: number, text: string) => {
    await bot.handleUpdate(textUpdate(from, text));
    return lastMessage();
  };
  const tap = async (from: number, data: string) => {
    await bot.handleUpdate(callbackUpdate(from, data));
    return lastMessage();
  };
  const rollCall = () => tap(TEACHER, encodeJournal('r', { lessonId, page: 0 }));
  const everything = () => telegram.calls.map((c) => JSON.stringify(c.payload)).join('\n');

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(DIARY_NOW));
    s = await createDiaryFixture(t.core);
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(PARENT, 'guardian', s.guardianA.id);
    await signIn(STUDENT, 'student', s.studentA.id);
    await signIn(TEACHER, 'staff', s.people.teacher.id);
    const [lesson] = await t.orm.em.fork().execute<{ id: number }[]>(
      `select l.id from lesson l join teaching_assignment a on a.id = l.assignment_id where l.date = ? and a.teacher_id = ? and a.group_id = ? order by l.lesson_number limit 1`,
      [DIARY_TODAY, s.people.teacher.id, s.groupA.id]);
    lessonId = lesson!.id;
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => telegram.reset());

  it('before: the parent reads the diary of Алексеев Пётр, the teacher calls the roll with «Алексеев П.»', async () => {
    expect((await say(PARENT, '/diary'))?.payload.text).toContain('Алексеев Пётр');
    expect(labels(await rollCall())).toContain('✅ Алексеев П.');
  });

  it('after: the parent and the child are out of the bot; the teacher\'s roll call and marks name «Ученик 1»', async () => {
    // The father (no consent) keeps nothing: the child becomes «Ученик 1».
    await t.core.unitOfWork(() => t.core.consents.withdraw(s.guardianA.id, undefined, sys));
    for (const who of [PARENT, STUDENT]) {
      const answer = await say(who, '/diary');
      expect(answer?.payload.text).toContain('Доступ выдаёт школа');
    }
    const roll = await rollCall();
    expect(labels(roll)).toContain('✅ Ученик 1');
    const marks = await tap(TEACHER, encodeJournal('m', { lessonId, page: 0 }));
    expect(labels(marks).some((l) => l.startsWith('Ученик 1'))).toBe(true);
    expect(everything()).not.toMatch(/Алексеев(а)? (П\.|Пётр|Анна)/);
  });

  it('in English the keyboard says «Student 1»', async () => {
    await t.orm.em.fork().execute('update telegram_account set language = ? where id = ?', ['en', TEACHER]);
    expect(labels(await rollCall())).toContain('✅ Student 1');
    await t.orm.em.fork().execute('update telegram_account set language = ? where id = ?', ['ru', TEACHER]);
  });

  it('a legal representative linked and consenting later reads the diary of «Ученик 1»', async () => {
    const guardian = await t.core.unitOfWork(async () => {
      const g = await t.core.records.create('Guardian', { school: s.school.id, lastName: 'Опекунова', firstName: 'Ирина' }, sys);
      await t.core.records.create('StudentGuardian', { school: s.school.id, student: s.studentA.id, guardian: g.id, relation: 'guardian' }, sys);
      await t.core.consents.record(g.id, 'given', DIARY_TODAY, sys);
      return g.id;
    });
    await signIn(NEW_GUARDIAN, 'guardian', guardian);
    const home = await say(NEW_GUARDIAN, '/diary');
    expect(home?.payload.text).toContain('Ученик 1, 7А');
    expect(everything()).not.toContain('Алексеев');
  });
});
