import type { Update } from 'telegraf/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor, type Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { ProcessedUpdate } from '../../core/telegram/processed-update.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { buttonData, buttonsOf, interceptTelegram, labels } from '../support/fake-telegram.js';
import { whileRefused } from '../support/refused-writes.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot, TEST_BOT_INFO } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

// Monday 23 November 2026, 12:00 in Moscow.
const NOW = new Date('2026-11-23T09:00:00Z');
const TODAY = '2026-11-23';
const UNAVAILABLE = 'Эта кнопка устарела или вам недоступна. Ничего не изменено.';
const GENERIC = 'Что-то пошло не так. Попробуйте ещё раз через минуту.';

/** Issue 12: a tap counts once whatever happens to it (point 2, point 10's repeated press), and smaller bot findings of point 10. */
describe('bot: each tap applied once; keyboards only for lessons one may see; typed control characters', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const TEACHER = 1501;
  const OTHER_TEACHER = 1502; // teaches 7Б only
  const OTHER_SCHOOL = 1503;
  const ids = { workType: 0, russian: 0, maths: 0, lesson: 0, mathsLesson: 0, students: [] as number[] };
  let teacher: Actor;

  const em = () => t.orm.em.fork();
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const signIn = async (telegramId: number, staffId: number) => {
    const { code } = await run(() => t.core.invites.issue('staff', staffId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const lastMessage = () => telegram.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText').at(-1);
  const lastAnswer = () => telegram.called('answerCallbackQuery').at(-1)?.payload;
  const tap = async (from: number, data: string) => {
    await bot.handleUpdate(callbackUpdate(from, data));
    return lastMessage();
  };
  const marksOf = (studentId: number, lessonId = ids.lesson) => em().count(Mark, { lesson: lessonId, student: studentId });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    await run(async () => {
      const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        ((await t.core.records.create(kind, { school: s.school.id, ...input }, sys)) as { id: number }).id;
      ids.workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
      await t.core.records.create('WorkType', { school: other.school.id, name: 'Ответ на уроке', weight: 1 }, sys);
      const russian = await create('Subject', { name: 'Русский язык', doubleMarksAllowed: true });
      ids.russian = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: russian, group: s.groupA.id, plannedHours: 136 });
      ids.maths = s.assignment.id;
      for (let i = 0; i < 3; i++) {
        const student = await create('Student', { lastName: `Ученик${String.fromCharCode(1072 + i)}`, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' });
        await create('Enrollment', { student, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
        ids.students.push(student);
      }
      teacher = (await staffActorFor(t.orm.em, s.people.teacher.id, 'bot'))!;
      ids.lesson = (await t.core.journal.lessons.openLesson(ids.russian, TODAY, 2, teacher)).id;
      ids.mathsLesson = (await t.core.journal.lessons.openLesson(ids.maths, TODAY, 3, teacher)).id;
    });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(TEACHER, s.people.teacher.id);
    await signIn(OTHER_TEACHER, s.people.classTeacherB.id);
    await signIn(OTHER_SCHOOL, other.people.teacher.id);
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => {
    telegram.reset();
    telegram.emulator.clearFaults();
  });

  it('leaves nothing of an update that failed half-way, and applies it once when it is delivered again', async () => {
    const studentId = ids.students[0]!;
    const update = callbackUpdate(TEACHER, encodeJournal('mg', { lessonId: ids.lesson, studentId, workTypeId: ids.workType, value: 4, second: 0, seen: 0 }));
    // The mark's write, sent with the COMMIT, fails there (its audit line refused): the whole update is undone,
    // nothing shown as saved, and the teacher told.
    const edits = telegram.called('editMessageText').length;
    await whileRefused(t.orm.em.getConnection(), 'audit_entry', () => bot.handleUpdate(update));
    expect(await marksOf(studentId)).toBe(0);
    expect(await em().count(ProcessedUpdate, { updateId: update.update_id })).toBe(0);
    expect(telegram.called('editMessageText')).toHaveLength(edits);
    // Given through handleUpdate the button was answered already: the failure comes as a message.
    expect(lastMessage()?.payload.text).toBe(GENERIC);

    // Telegram delivers it again (a webhook retry, a poll after a restart): now it is applied, once.
    await bot.handleUpdate(update);
    expect(await marksOf(studentId)).toBe(1);
    await bot.handleUpdate(update);
    expect(await marksOf(studentId)).toBe(1);
    expect(await em().count(ProcessedUpdate, { updateId: update.update_id })).toBe(1);
  });

  it('keeps a mark whose next screen Telegram refuses, says so, and gives it once when the update comes again', async () => {
    const studentId = ids.students[0]!;
    const update = callbackUpdate(TEACHER, encodeJournal('mg', { lessonId: ids.lesson, studentId, workTypeId: ids.workType, value: 5, second: 0, seen: 1 }));
    // The screen is edited after the COMMIT: its failure takes nothing back, and the teacher hears the mark is kept.
    telegram.emulator.inject({ kind: 'serverError', status: 502, method: 'editMessageText' });
    await bot.handleUpdate(update);
    expect(await marksOf(studentId)).toBe(2);
    expect(await em().count(ProcessedUpdate, { updateId: update.update_id })).toBe(1);
    // Given through handleUpdate the button was answered already: the news comes as a message.
    expect(lastMessage()?.payload.text).toBe('Экран не обновился, но всё сохранено. Откройте урок снова: /today');
    await bot.handleUpdate(update);
    expect(await marksOf(studentId)).toBe(2);
  });

  it('ignores an update of no known kind ({"update_id": N} and nothing else, a negative id) without failing', async () => {
    for (const update_id of [424_242, -7]) await expect(bot.handleUpdate({ update_id } as Update)).resolves.toBeUndefined();
    expect(telegram.answers()).toEqual([]);
    expect(await em().count(ProcessedUpdate, { updateId: { $in: [424_242, -7] } })).toBe(0);
  });

  it('gives one mark for a button pressed twice, one after the other or at once, and a second mark from a fresh keyboard', async () => {
    const [first, second] = [ids.students[1]!, ids.students[2]!];
    const screen = await tap(TEACHER, encodeJournal('ms', { lessonId: ids.lesson, studentId: first, workTypeId: ids.workType }));
    const five = buttonData(screen, '5');
    await tap(TEACHER, five);
    await tap(TEACHER, five);
    expect(await marksOf(first)).toBe(1);
    // The second press is answered as the first was: the mark it gave.
    expect(lastMessage()?.payload.text).toContain('✓ Ученикб И. 5');

    const other = await tap(TEACHER, encodeJournal('ms', { lessonId: ids.lesson, studentId: second, workTypeId: ids.workType }));
    const four = buttonData(other, '4');
    await Promise.all([bot.handleUpdate(callbackUpdate(TEACHER, four)), bot.handleUpdate(callbackUpdate(TEACHER, four))]);
    expect(await marksOf(second)).toBe(1);

    // Back to the first student: the keyboard drawn now knows of the 5, so a second mark is given.
    const again = await tap(TEACHER, encodeJournal('ms', { lessonId: ids.lesson, studentId: first, workTypeId: ids.workType }));
    await tap(TEACHER, buttonData(again, '3'));
    expect(await marksOf(first)).toBe(2);
    // An old keyboard asking for another value than the one given since changes nothing and shows the student afresh.
    await tap(TEACHER, encodeJournal('mg', { lessonId: ids.lesson, studentId: first, workTypeId: ids.workType, value: 2, second: 0, seen: 1 }));
    expect(lastAnswer()?.text).toContain('Пока вы смотрели');
    expect(await marksOf(first)).toBe(2);
    // The same holds for a double mark.
    const doubles = await tap(TEACHER, encodeJournal('md', { lessonId: ids.lesson, studentId: second, workTypeId: ids.workType }));
    const fiveFour = buttonData(doubles, '5/4');
    await tap(TEACHER, fiveFour);
    await tap(TEACHER, fiveFour);
    expect(await em().count(Mark, { lesson: ids.lesson, student: second, second: 4 })).toBe(1);
    expect(telegram.violations).toEqual([]);
  });

  it('draws the double-mark keyboard only for a lesson the teacher may see, a student of it, and a subject with double marks', async () => {
    const studentId = ids.students[0]!;
    const own = await tap(TEACHER, encodeJournal('md', { lessonId: ids.lesson, studentId, workTypeId: ids.workType }));
    expect(labels(own)).toContain('5/4');

    for (const [from, lessonId] of [[OTHER_TEACHER, ids.lesson], [OTHER_SCHOOL, ids.lesson], [TEACHER, 987_654]] as const) {
      telegram.reset();
      await tap(from, encodeJournal('md', { lessonId, studentId, workTypeId: ids.workType }));
      expect(lastAnswer()).toMatchObject({ text: UNAVAILABLE });
      expect(telegram.calls.filter((c) => c.method === 'editMessageText' || c.method === 'sendMessage')).toEqual([]);
    }
    // A student of another class: the marks list with the reason, no double keyboard.
    const stranger = await tap(TEACHER, encodeJournal('md', { lessonId: ids.lesson, studentId: s.studentB.id, workTypeId: ids.workType }));
    expect(labels(stranger)).not.toContain('5/4');
    // Mathematics has no double marks: the student's ordinary keyboard.
    const maths = await tap(TEACHER, encodeJournal('md', { lessonId: ids.mathsLesson, studentId, workTypeId: ids.workType }));
    expect(labels(maths)).not.toContain('5/4');
    expect(labels(maths)).toContain('5');
    for (const b of buttonsOf(maths)) expect(b.callback_data).not.toMatch(/^j1:mg:\d+:\d+:\d+:\d:[1-9]:/);
  });

  it('heads the period-mark sheet with the subject, the class and the period', async () => {
    const period = await run(() => t.core.records.create('Period', { school: s.school.id, year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' }, sys)) as { id: number };
    const sheet = await tap(TEACHER, encodeJournal('ps', { assignmentId: ids.russian, periodId: period.id, page: 0 }));
    expect(String(sheet?.payload.text).split('\n').slice(0, 2)).toEqual(['📊 Русский язык — 7А', '2 четверть (05.11–28.12)']);
    const row = await tap(TEACHER, encodeJournal('pe', { assignmentId: ids.russian, periodId: period.id, studentId: s.studentA.id }));
    expect(String(row?.payload.text)).toMatch(/^📊 Русский язык — 7А\n/);
    expect(String(row?.payload.text)).not.toContain('undefined');
  });

  it('refuses typed text with a NUL or another control character with a clear message, and keeps waiting for the text', async () => {
    await tap(TEACHER, encodeJournal('tx', { lessonId: ids.lesson }));
    for (const text of ['Причастный\u0000оборот', 'Деепричастный\u0007оборот']) {
      telegram.reset();
      await bot.handleUpdate(textUpdate(TEACHER, text));
      expect(telegram.texts()).toEqual(['В тексте есть невидимые служебные символы, такой текст не сохранить. Наберите его заново, без них.']);
    }
    await bot.handleUpdate(textUpdate(TEACHER, 'Причастный оборот: обособление'));
    expect(lastMessage()?.payload.text).toContain('✓ Тема записана: «Причастный оборот: обособление»');
    // Line breaks and tabs are text.
    await tap(TEACHER, encodeJournal('tx', { lessonId: ids.lesson }));
    await bot.handleUpdate(textUpdate(TEACHER, 'Причастный оборот:\n\tобособление запятыми'));
    expect(lastMessage()?.payload.text).toContain('✓ Тема записана');
    expect(TEST_BOT_INFO.username).toBe('klassny_test_bot');
  });
});
