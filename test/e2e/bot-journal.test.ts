import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Bot } from '../../bot/create-bot.js';
import { decodeJournal, encodeJournal } from '../../bot/callback-data/journal.js';
import { systemActor, type Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { BotSession } from '../../core/telegram/bot-session.entity.js';
import { buttonData, buttonsOf, interceptTelegram, labels } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';


// Monday 23 November 2026, 12:00 in Moscow.
const NOW = new Date('2026-11-23T09:00:00Z');
const TODAY = '2026-11-23';

describe('bot: the teacher\'s journal — today, topic, roll call, marks, homework (C1–C6, C10)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const TEACHER = 901;
  const OTHER = 902;
  const ids = { russian: 0, workType: 0, dictation: 0, otherAssignment: 0, students: [] as number[], topics: [] as number[] };

  const actors = new Map<number, Actor>();
  const staff = (id: number) => actors.get(id)!;
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
  const button = buttonData;
  const lessonOf = (assignmentId: number, date = TODAY, lessonNumber = 2) => em().findOne(Lesson, { assignment: assignmentId, date, lessonNumber });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    await run(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        t.core.records.create(kind, { school: s.school.id, ...input }, sys) as Promise<{ id: number }>;
      ids.workType = (await create('WorkType', { name: 'Ответ на уроке', weight: 1 })).id;
      ids.dictation = (await create('WorkType', { name: 'Диктант', weight: 2 })).id;
      // Twenty more students in 7А, so the roll call has two pages.
      for (let i = 0; i < 20; i++) {
        const student = await create('Student', { lastName: `Ученик${String.fromCharCode(1072 + i)}`, firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' });
        await create('Enrollment', { student: student.id, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
        ids.students.push(student.id);
      }
      const russian = await create('Subject', { name: 'Русский язык', doubleMarksAllowed: true });
      ids.russian = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: russian.id, group: s.groupA.id, plannedHours: 136 })).id;
      const other = await create('Subject', { name: 'История' });
      ids.otherAssignment = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherB.id, subject: other.id, group: s.groupB.id, plannedHours: 68 })).id;
      // Monday: mathematics 2nd and 4th lesson, Russian 3rd; the other teacher's history 2nd in 7Б.
      for (const [assignment, group, n] of [[s.assignment.id, s.groupA.id, 2], [ids.russian, s.groupA.id, 3], [s.assignment.id, s.groupA.id, 4], [ids.otherAssignment, s.groupB.id, 2]] as const) {
        await create('TimetableSlot', { assignment, group, weekday: 1, lessonNumber: n, validFrom: '2026-09-01' });
      }
      for (const [position, title, hours] of [[1, 'Линейные уравнения', 1], [2, 'Системы линейных уравнений', 2], [3, 'Квадратные уравнения', 2]] as const) {
        ids.topics.push((await create('ThematicPlanTopic', { assignment: s.assignment.id, position, title, hours })).id);
      }
    });
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(TEACHER, s.people.teacher.id);
    await signIn(OTHER, s.people.classTeacherB.id);
    for (const id of [s.people.teacher.id, s.people.classTeacherB.id, s.people.deputy.id]) actors.set(id, (await staffActorFor(em(), id, 'bot'))!);
    // The first plan topic was taught last week.
    const lastWeek = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, '2026-11-16', 2, staff(s.people.teacher.id)));
    await run(() => t.core.journal.lessons.setTopic(lastWeek.id, { planTopicId: ids.topics[0]! }, staff(s.people.teacher.id)));
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => telegram.reset());

  it('shows today\'s lessons from the timetable with what each still lacks', async () => {
    await bot.handleUpdate(textUpdate(TEACHER, '/today'));
    const day = lastMessage();
    expect(day?.method).toBe('sendMessage');
    expect(day?.payload.text).toContain('понедельник, 23 ноября — сегодня');
    expect(day?.payload.text).toContain('2. Математика — 7А');
    expect(day?.payload.text).toContain('3. Русский язык — 7А');
    expect(day?.payload.text).toContain('⚠️ Не заполнено: тема, посещаемость, отметки, домашнее задание');
    expect(day?.payload.text).not.toContain('История');
    expect(labels(day)).toEqual(['2 · Математика 7А ⚠️', '3 · Русский язык 7А ⚠️', '4 · Математика 7А ⚠️', '◀ 22.11', '24.11 ▶']);
    // Every button fits Telegram's 64 bytes and is a versioned journal code.
    for (const b of buttonsOf(day)) expect(decodeJournal(b.callback_data!)).toBeDefined();

    // The menu's «Сегодня» shows the same.
    await bot.handleUpdate(textUpdate(TEACHER, '/menu'));
    await tap(TEACHER, button(lastMessage(), 'Сегодня'));
    expect(lastMessage()?.payload.text).toContain('2. Математика — 7А');

    // Earlier days inside the edit window are reachable; a week ago shows last Monday's lesson with its topic.
    const lastWeek = await tap(TEACHER, encodeJournal('d', { date: 20261116 }));
    expect(lastWeek?.payload.text).toContain('понедельник, 16 ноября');
    // Beyond the window (two weeks by default) the day is refused with the reason.
    await tap(TEACHER, encodeJournal('d', { date: 20261101 }));
    expect(lastAnswer()?.text).toContain('Этот день недоступен');
    expect(telegram.violations).toEqual([]);
  });

  it('opens a lesson and records the next plan topic with one tap, or a typed one that is specific', async () => {
    await bot.handleUpdate(textUpdate(TEACHER, '/today'));
    const card = await tap(TEACHER, button(lastMessage(), '2 · Математика 7А ⚠️'));
    expect(card?.method).toBe('editMessageText');
    expect(card?.payload.text).toContain('📘 Математика — 7А');
    expect(card?.payload.text).toContain('Тема: не указана');
    const lesson = await lessonOf(s.assignment.id);
    expect(lesson).not.toBeNull();

    const topic = await tap(TEACHER, button(card, '📝 Тема'));
    // Topic 1 was taught last week, so the plan goes on with topic 2.
    expect(topic?.payload.text).toContain('«Системы линейных уравнений»');
    await tap(TEACHER, button(topic, '✓ Системы линейных уравнений'));
    expect(lastMessage()?.payload.text).toContain('✓ Тема записана: «Системы линейных уравнений»');
    expect((await lessonOf(s.assignment.id))?.topic).toBe('Системы линейных уравнений');

    // The paired 4th lesson gets its own topic: the second hour of the same plan topic.
    const fourth = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, TODAY, 4, staff(s.people.teacher.id)));
    const next = await tap(TEACHER, encodeJournal('t', { lessonId: fourth.id }));
    expect(next?.payload.text).toContain('«Системы линейных уравнений»');

    // A typed topic: a bare «Повторение» is refused with the reason and the bot keeps waiting.
    await tap(TEACHER, encodeJournal('tx', { lessonId: fourth.id }));
    expect(lastMessage()?.payload.text).toContain('Напишите тему урока');
    await bot.handleUpdate(textUpdate(TEACHER, 'Повторение'));
    expect(lastMessage()?.payload.text).toContain('Исправьте и отправьте ещё раз');
    expect((await em().findOneOrFail(Lesson, fourth.id)).topic).toBeNull();
    await bot.handleUpdate(textUpdate(TEACHER, 'Решение систем уравнений способом подстановки'));
    expect(lastMessage()?.payload.text).toContain('✓ Тема записана: «Решение систем уравнений способом подстановки»');
    expect((await em().findOneOrFail(Lesson, fourth.id)).topic).toBe('Решение систем уравнений способом подстановки');
    // The wait is over: the next text is not taken as a topic.
    expect(await em().count(BotSession, { telegramUserId: TEACHER, key: 'input' })).toBe(0);
    expect(telegram.violations).toEqual([]);
  });

  it('takes the roll call on one message that edits itself, paged, with «all present»', async () => {
    const lesson = (await lessonOf(s.assignment.id))!;
    const roll = await tap(TEACHER, encodeJournal('r', { lessonId: lesson.id, page: 0 }));
    expect(roll?.method).toBe('editMessageText');
    // 21 students: 16 on the first page, two to a row, then ◀ 1/2 ▶.
    expect(labels(roll).filter((l) => l.startsWith('✅ ') && l !== '✅ Все присутствуют')).toHaveLength(16);
    expect(labels(roll)).toContain('1/2');
    const first = button(roll, '✅ Алексеев П.');

    const marked = await tap(TEACHER, first);
    expect(labels(marked)).toContain('н · Алексеев П.');
    const row = await em().findOneOrFail(Attendance, { lesson: lesson.id, student: s.studentA.id });
    expect(row.code).toBe('n');
    // The same (now stale) button again: someone changed the cell since, so nothing changes and the teacher is told.
    await tap(TEACHER, first);
    expect(lastAnswer()?.text).toContain('изменил другой учитель');
    expect((await em().findOneOrFail(Attendance, row.id)).code).toBe('n');
    // The fresh button cycles on: н → б.
    await tap(TEACHER, button(lastMessage(), 'н · Алексеев П.'));
    expect((await em().findOneOrFail(Attendance, row.id)).code).toBe('b');
    expect(labels(lastMessage())).toContain('↩️ Отменить: Алексеев П. б');

    // Undo puts back н.
    await tap(TEACHER, button(lastMessage(), '↩️ Отменить: Алексеев П. б'));
    expect(lastMessage()?.payload.text).toContain('↩️ Отменено: Алексеев П. б');
    expect((await em().findOneOrFail(Attendance, row.id)).code).toBe('n');

    const page2 = await tap(TEACHER, encodeJournal('r', { lessonId: lesson.id, page: 1 }));
    expect(labels(page2).filter((l) => l.startsWith('✅ ') && l !== '✅ Все присутствуют')).toHaveLength(5);
    await tap(TEACHER, button(page2, 'Готово ✓'));
    expect(lastMessage()?.payload.text).toContain('✓ Посещаемость сохранена');
    expect(lastMessage()?.payload.text).toContain('Отсутствует 1 из 21: Алексеев П. (н)');
    expect((await em().findOneOrFail(Lesson, lesson.id)).attendanceTakenAt).not.toBeNull();

    // «All present» on the Russian lesson.
    const russian = await run(() => t.core.journal.lessons.openLesson(ids.russian, TODAY, 3, staff(s.people.teacher.id)));
    await tap(TEACHER, encodeJournal('ra', { lessonId: russian.id }));
    expect(lastMessage()?.payload.text).toContain('Посещаемость: все присутствуют');
    expect(await em().count(Attendance, { lesson: russian.id })).toBe(0);
    expect(telegram.called('answerCallbackQuery').length).toBe(telegram.calls.filter((c) => c.method !== 'answerCallbackQuery').length);
    expect(telegram.violations).toEqual([]);
  });

  it('gives marks walking the list, with undo, a comment, make-up marks and double marks only where allowed', async () => {
    const lesson = (await lessonOf(s.assignment.id))!;
    const list = await tap(TEACHER, encodeJournal('m', { lessonId: lesson.id, page: 0 }));
    expect(list?.payload.text).toContain('Вид работы: Ответ на уроке');
    const studentView = await tap(TEACHER, button(list, '▶ По порядку'));
    // Алексеев was absent: his mark is a make-up mark and the absence stays.
    expect(studentView?.payload.text).toContain('Алексеев Пётр');
    expect(studentView?.payload.text).toContain('отработка');
    expect(labels(studentView)).not.toContain('Двойная отметка (5/4…)');
    const afterFive = await tap(TEACHER, button(studentView, '5'));
    expect(afterFive?.payload.text).toContain('✓ Алексеев П. 5');
    // It moved on to the next student.
    expect(afterFive?.payload.text).toContain('УченикаИван'.replace('аИван', 'а Иван'));
    const mark = await em().findOneOrFail(Mark, { lesson: lesson.id, student: s.studentA.id });
    expect(mark).toMatchObject({ value: 5, makeUp: true, second: null });
    expect((await em().findOneOrFail(Attendance, { lesson: lesson.id, student: s.studentA.id })).code).toBe('n');

    // A comment by reply.
    await tap(TEACHER, button(afterFive, '💬 Комментарий к «5»'));
    await bot.handleUpdate(textUpdate(TEACHER, 'Отработал тему дома'));
    expect(lastMessage()?.payload.text).toContain('✓ Комментарий сохранён');
    expect((await em().findOneOrFail(Mark, mark.id)).comment).toBe('Отработал тему дома');

    // Next student gets a 4, then the teacher undoes it.
    await tap(TEACHER, encodeJournal('mg', { lessonId: lesson.id, studentId: ids.students[0]!, workTypeId: ids.workType, value: 4, second: 0, seen: 0 }));
    expect(await em().count(Mark, { lesson: lesson.id, student: ids.students[0]! })).toBe(1);
    const undo = button(lastMessage(), /^↩️ Отменить/);
    await tap(TEACHER, undo);
    expect(await em().count(Mark, { lesson: lesson.id, student: ids.students[0]! })).toBe(0);
    // Undo twice does nothing more.
    await tap(TEACHER, undo);
    expect(lastAnswer()?.text).toBe('Отменять нечего.');

    // Mathematics does not allow double marks: a forged 5/4 is refused and nothing is saved.
    await tap(TEACHER, encodeJournal('mg', { lessonId: lesson.id, studentId: ids.students[1]!, workTypeId: ids.workType, value: 5, second: 4, seen: 0 }));
    expect(lastAnswer()).toMatchObject({ text: 'Двойные отметки по предмету «Математика» не ставятся.', show_alert: true });
    expect(await em().count(Mark, { lesson: lesson.id, student: ids.students[1]! })).toBe(0);

    // Russian does: the dictation gets 5/4.
    const russian = (await lessonOf(ids.russian, TODAY, 3))!;
    const view = await tap(TEACHER, encodeJournal('ms', { lessonId: russian.id, studentId: ids.students[1]!, workTypeId: ids.dictation }));
    expect(view?.payload.text).toContain('Вид работы: Диктант');
    const doubles = await tap(TEACHER, button(view, 'Двойная отметка (5/4…)'));
    await tap(TEACHER, button(doubles, '5/4'));
    expect(await em().findOneOrFail(Mark, { lesson: russian.id, student: ids.students[1]! })).toMatchObject({ value: 5, second: 4, workType: { id: ids.dictation } });

    // Changing a mark keeps the old value in the audit log.
    const given = await em().findOneOrFail(Mark, { lesson: russian.id, student: ids.students[1]! });
    const markView = await tap(TEACHER, encodeJournal('me', { markId: given.id }));
    await tap(TEACHER, button(markView, '4'));
    expect((await em().findOneOrFail(Mark, given.id)).value).toBe(4);
    const audit = await em().findOneOrFail(AuditEntry, { entity: 'Mark', entityId: String(given.id), action: 'update' }, { orderBy: { id: 'desc' } });
    expect(audit.before).toMatchObject({ value: 5, second: 4 });
    expect(audit.after).toMatchObject({ value: 4 });
    expect(telegram.violations).toEqual([]);
  });

  it('records homework for the class, «no homework», and individual homework, due at the next lesson', async () => {
    const lesson = (await lessonOf(s.assignment.id))!;
    const view = await tap(TEACHER, encodeJournal('h', { lessonId: lesson.id }));
    await tap(TEACHER, button(view, '✏️ Задать домашнее задание'));
    await bot.handleUpdate(textUpdate(TEACHER, '§ 12, № 3–5'));
    expect(lastMessage()?.payload.text).toContain('Домашнее задание (к 30.11.2026): § 12, № 3–5');
    // Due next Monday: the 4th lesson the same day is the same assignment but homework is due after the day.
    expect(await em().findOneOrFail(Homework, { lesson: lesson.id, student: null })).toMatchObject({ text: '§ 12, № 3–5', dueDate: '2026-11-30' });

    await tap(TEACHER, encodeJournal('ht', { lessonId: lesson.id, studentId: ids.students[2]! }));
    await bot.handleUpdate(textUpdate(TEACHER, 'Карточка № 7'));
    expect(await em().findOneOrFail(Homework, { lesson: lesson.id, student: ids.students[2]! })).toMatchObject({ text: 'Карточка № 7' });

    const russian = (await lessonOf(ids.russian, TODAY, 3))!;
    await tap(TEACHER, encodeJournal('hn', { lessonId: russian.id }));
    expect(lastMessage()?.payload.text).toContain('Домашнее задание: без задания');
    expect(await em().findOneOrFail(Homework, { lesson: russian.id })).toMatchObject({ none: true, text: null });

    // Homework for a future lesson, posted in advance.
    const nextWeek = await tap(TEACHER, encodeJournal('d', { date: 20261130 }));
    const future = await tap(TEACHER, button(nextWeek, '2 · Математика 7А ⚠️'));
    await tap(TEACHER, button(future, '📚 Домашнее задание'));
    await tap(TEACHER, button(lastMessage(), '✏️ Задать домашнее задание'));
    await bot.handleUpdate(textUpdate(TEACHER, 'Повторить § 12'));
    const futureLesson = await lessonOf(s.assignment.id, '2026-11-30');
    expect(await em().findOneOrFail(Homework, { lesson: futureLesson!.id })).toMatchObject({ text: 'Повторить § 12' });
    // Marks in a lesson that has not happened yet are refused.
    await tap(TEACHER, encodeJournal('mg', { lessonId: futureLesson!.id, studentId: s.studentA.id, workTypeId: ids.workType, value: 5, second: 0, seen: 0 }));
    expect(lastAnswer()?.text).toContain('ещё не прошёл');
    expect(telegram.violations).toEqual([]);
  });

  it('changes nothing for forged or stale buttons, and answers every one politely', async () => {
    const lesson = (await lessonOf(s.assignment.id))!;
    const marksBefore = await em().count(Mark, {});
    const attendanceBefore = await em().count(Attendance, {});

    // Another teacher's lesson.
    const history = await run(() => t.core.journal.lessons.openLesson(ids.otherAssignment, TODAY, 2, staff(s.people.classTeacherB.id)));
    await tap(TEACHER, encodeJournal('mg', { lessonId: history.id, studentId: s.studentB.id, workTypeId: ids.workType, value: 2, second: 0, seen: 0 }));
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела или вам недоступна. Ничего не изменено.');
    await tap(TEACHER, encodeJournal('rs', { lessonId: history.id, studentId: s.studentB.id, version: 0, code: 0, page: 0 }));
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела или вам недоступна. Ничего не изменено.');
    await tap(OTHER, encodeJournal('mg', { lessonId: lesson.id, studentId: s.studentA.id, workTypeId: ids.workType, value: 2, second: 0, seen: 0 }));
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела или вам недоступна. Ничего не изменено.');
    // A student of another class in my lesson.
    await tap(TEACHER, encodeJournal('mg', { lessonId: lesson.id, studentId: s.studentB.id, workTypeId: ids.workType, value: 5, second: 0, seen: 0 }));
    expect(lastAnswer()?.text).toBe('Ученик не учится в классе (подгруппе) этого урока на дату урока.');
    // A lesson outside the edit window (three weeks ago).
    const old = em();
    const oldLesson = old.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: '2026-11-02', lessonNumber: 2 });
    await old.flush();
    await tap(TEACHER, encodeJournal('mg', { lessonId: oldLesson.id, studentId: s.studentA.id, workTypeId: ids.workType, value: 5, second: 0, seen: 0 }));
    expect(lastAnswer()?.text).toContain('Срок исправлений за урок 02.11.2026 истёк 16.11.2026');
    // Garbage and unknown operations.
    await tap(TEACHER, 'j1:zz:1');
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела. Откройте меню заново.');
    await tap(TEACHER, 'j1:mg:1:2');
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела. Откройте меню заново.');
    // Someone not signed in.
    await tap(999, encodeJournal('l', { lessonId: lesson.id }));
    expect(lastAnswer()?.text).toBeDefined();

    expect(await em().count(Mark, {})).toBe(marksBefore);
    expect(await em().count(Attendance, {})).toBe(attendanceBefore);
    // Every callback query got exactly one answer.
    expect(telegram.called('answerCallbackQuery')).toHaveLength(8);
    expect(telegram.violations).toEqual([]);
  });

  it('shows a substituted lesson in the substitute\'s «Today» and lets the substitute fill it in (C6)', async () => {
    await run(() => t.core.journal.lessons.setSubstitute(ids.russian, TODAY, 3, s.people.classTeacherB.id, staff(s.people.deputy.id)));
    await bot.handleUpdate(textUpdate(OTHER, '/today'));
    const day = lastMessage();
    expect(day?.payload.text).toContain('3. Русский язык — 7А');
    expect(day?.payload.text).toContain('🔁 Замена: вы замещаете учителя');
    const card = await tap(OTHER, button(day, /^3 · Русский язык 7А/));
    expect(card?.payload.text).toContain('🔁 Замена: урок ведёт Другая М. И.');
    const russian = (await lessonOf(ids.russian, TODAY, 3))!;
    await tap(OTHER, encodeJournal('mg', { lessonId: russian.id, studentId: ids.students[3]!, workTypeId: ids.workType, value: 4, second: 0, seen: 0 }));
    expect(await em().findOneOrFail(Mark, { lesson: russian.id, student: ids.students[3]! })).toMatchObject({ value: 4 });

    // The regular teacher sees who substitutes.
    await bot.handleUpdate(textUpdate(TEACHER, '/today'));
    expect(lastMessage()?.payload.text).toContain('🔁 Вас замещает Другая М. И.');
    expect(telegram.violations).toEqual([]);
  });

  it('proposes period marks from the weighted average, accepts them in one tap, defers, and locks the period (C7)', async () => {
    const period = await run(() => t.core.records.create('Period', { school: s.school.id, year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' }, sys)) as { id: number };
    const sevenB = await run(() => t.core.records.create('TeachingAssignment', { school: s.school.id, year: s.year.id, teacher: s.people.teacher.id, subject: s.subject.id, group: s.groupB.id, plannedHours: 170 }, sys)) as { id: number };
    const teacher = staff(s.people.teacher.id);
    const lesson = await run(() => t.core.journal.lessons.openLesson(sevenB.id, '2026-11-20', 1, teacher));
    await run(() => t.core.journal.marks.giveMark(lesson.id, s.studentB.id, 5, { workTypeId: ids.workType }, teacher));
    await run(() => t.core.journal.marks.giveMark(lesson.id, s.studentB.id, 4, { workTypeId: ids.workType }, teacher));

    await bot.handleUpdate(textUpdate(TEACHER, '/menu'));
    const assignments = await tap(TEACHER, button(lastMessage(), 'Журнал'));
    expect(assignments?.payload.text).toContain('Итоговые отметки');
    const periods = await tap(TEACHER, button(assignments, 'Математика — 7Б'));
    const sheet = await tap(TEACHER, button(periods, /2 четверть/));
    // 4,5 is rounded up at the school's threshold 0,5.
    expect(labels(sheet)).toContain('Борисов Пётр · 4,5 → 5?');
    const student = await tap(TEACHER, button(sheet, 'Борисов Пётр · 4,5 → 5?'));
    expect(student?.payload.text).toContain('Средний балл: 4,5; средневзвешенный: 4,5');
    expect(labels(student)).toEqual(expect.arrayContaining(['✓ 5 — предложенная', 'зачёт', 'незачёт', 'н/а', 'осв.']));

    await tap(TEACHER, button(sheet, '✓ Принять предложенную отметку (1 ученик)'));
    expect(lastMessage()?.payload.text).toContain('✓ Принята 1 предложенная отметка');
    expect(lastMessage()?.payload.text).toContain('🔒');
    // The period is locked: the lesson cannot be changed any more, and nothing changes.
    const marks = await em().count(Mark, { lesson: lesson.id });
    await tap(TEACHER, encodeJournal('mg', { lessonId: lesson.id, studentId: s.studentB.id, workTypeId: ids.workType, value: 3, second: 0, seen: 0 }));
    expect(lastAnswer()?.text).toContain('2 четверть');
    expect(await em().count(Mark, { lesson: lesson.id })).toBe(marks);

    // In 7А Алексеев was ill: his mark is deferred two weeks past the period.
    const row = await tap(TEACHER, encodeJournal('pe', { assignmentId: s.assignment.id, periodId: period.id, studentId: s.studentA.id }));
    await tap(TEACHER, button(row, 'Отсрочка до 11.01'));
    expect(lastMessage()?.payload.text).toContain('отсрочка до 11.01.2027');
    // Another teacher cannot set marks in my assignment.
    await tap(OTHER, encodeJournal('pv', { assignmentId: s.assignment.id, periodId: period.id, studentId: ids.students[0]!, version: 0, value: 0 }));
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела или вам недоступна. Ничего не изменено.');
    expect(telegram.violations).toEqual([]);
  });

  it('lets the class teacher record the reason of an absence, and nobody else (C3)', async () => {
    const CLASS = 903;
    await signIn(CLASS, s.people.classTeacherA.id);
    await bot.handleUpdate(textUpdate(CLASS, '/menu'));
    const list = await tap(CLASS, button(lastMessage(), 'Мой класс'));
    expect(list?.payload.text).toContain('Мой класс: пропуски');
    const absence = await tap(CLASS, button(list, /Алексеев П\. — Математика \(н\)/));
    await tap(CLASS, button(absence, 'б — болезнь'));
    expect(lastMessage()?.payload.text).toContain('✓ Причина записана');
    const row = await em().findOneOrFail(Attendance, { student: s.studentA.id, code: { $ne: 'op' } });
    expect(row.code).toBe('b');

    // The subject teacher is not the class teacher of 7А.
    await bot.handleUpdate(textUpdate(TEACHER, '/menu'));
    expect(labels(lastMessage())).not.toContain('Мой класс');
    await tap(TEACHER, encodeJournal('cx', { attendanceId: row.id, version: row.version, code: 2 }));
    expect(lastAnswer()?.text).toBe('Эта кнопка устарела или вам недоступна. Ничего не изменено.');
    expect((await em().findOneOrFail(Attendance, row.id)).code).toBe('b');
    expect(telegram.violations).toEqual([]);
  });
});
