import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeJournal } from '../../bot/callback-data/journal.js';
import { questionChild } from '../../bot/callback-data/question.js';
import type { Bot } from '../../bot/create-bot.js';
import { systemActor } from '../../core/access/actor.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { School } from '../../core/school/school.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { createDiaryFixture, DIARY_NOW } from '../support/diary-fixture.js';
import { buttonData, interceptTelegram, labels } from '../support/fake-telegram.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, ormOf, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

describe('bot: typed questions get an answer, «завтра» is the next school day (issue 20)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createDiaryFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const clock = new MovableClock(DIARY_NOW);
  const sys = systemActor('cli');
  const STUDENT = 1501;
  const PARENT = 1502;
  const TEACHER = 1503;
  const STRANGER = 1504;
  const ENGLISH_STUDENT = 1505;

  const signIn = async (telegramId: number, kind: 'staff' | 'student' | 'guardian', personId: number) => {
    const { code } = await t.core.unitOfWork(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };
  const replies = () => telegram.calls.filter((c) => c.method === 'sendMessage' || c.method === 'editMessageText');
  const say = async (from: number, text: string) => {
    telegram.reset();
    await bot.handleUpdate(textUpdate(from, text));
    expect(replies(), `one reply to «${text}»`).toHaveLength(1);
    return replies()[0]!;
  };
  const tap = async (from: number, data: string) => {
    telegram.reset();
    await bot.handleUpdate(callbackUpdate(from, data));
    expect(telegram.called('answerCallbackQuery')).toHaveLength(1);
    return replies().at(-1);
  };
  /** Friday 27.11 is a holiday of the fixture («День здоровья»); lessons in Moscow time. */
  const at = (moscowTime: string) => clock.set(new Date(`${moscowTime}+03:00`));

  beforeAll(async () => {
    t = await createTestCore({}, clock);
    s = await createDiaryFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    // Homework due on Monday 30.11 (set in Russian on Tuesday), and a Saturday lesson's for the six-day week.
    const em = ormOf(t.core).em.fork();
    const tuesday = em.create(Lesson, { school: s.school.id, assignment: s.id.russianAssignment, date: '2026-11-24', lessonNumber: 2 } as never);
    em.create(Homework, { school: s.school.id, lesson: tuesday, text: 'Упражнение 130', dueDate: '2026-11-30' } as never);
    em.create(Homework, { school: s.school.id, lesson: tuesday, text: 'Словарные слова', dueDate: '2026-11-28' } as never);
    await em.flush();
    await signIn(STUDENT, 'student', s.studentA.id);
    await signIn(PARENT, 'guardian', s.guardianA.id);
    await signIn(TEACHER, 'staff', s.people.teacher.id);
    await signIn(ENGLISH_STUDENT, 'student', s.id.c1);
    await em.nativeUpdate(TelegramAccount, { id: ENGLISH_STUDENT }, { language: 'en' });
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(() => {
    at('2026-11-23T12:00:00');
    telegram.reset();
  });

  it('answers a student\'s «какое домашнее задание по русскому?» with the subject\'s homework, not silence', async () => {
    const reply = await say(STUDENT, 'какое домашнее задание по русскому?');
    expect(reply.method).toBe('sendMessage');
    expect(reply.payload.text).toContain('📝 Домашние задания на неделю (24.11–30.11) — Русский язык');
    expect(reply.payload.text).toContain('• Русский язык: Упражнение 120');
    expect(reply.payload.text).toContain('• Русский язык: Упражнение 130');
    expect(reply.payload.text).not.toContain('Математика');
    expect(labels(reply)).toEqual(['📝 ДЗ на завтра', '📝 ДЗ на неделю', '◀ Дневник']);
    expect(telegram.violations).toEqual([]);
  });

  it('answers marks, the timetable and absences with the diary\'s own screens', async () => {
    const marks = await say(STUDENT, 'что получил по математике');
    expect(marks.payload.text).toContain('Математика');
    expect(marks.payload.text).toContain('16.11 — 3 (Контрольная работа, вес 2)');
    const recent = await say(STUDENT, 'Оценки');
    expect(recent.payload.text).toContain('✍️ Отметки за две недели (10.11–23.11)');
    const lessons = await say(STUDENT, 'какие уроки завтра');
    expect(lessons.payload.text).toContain('📅 Расписание на вторник, 24 ноября');
    expect(lessons.payload.text).toContain('1. 08:30–09:15 Русский язык — Классная М. И.');
    const absences = await say(STUDENT, 'пропуски');
    expect(absences.payload.text).toContain('Пропуски');
    const wednesday = await say(STUDENT, 'дз на среду');
    expect(wednesday.payload.text).toContain('📝 Домашние задания на среду, 25 ноября');
    expect(wednesday.payload.text).toContain('Английский язык: Workbook p. 12');
  });

  it('on a Friday evening shows Monday\'s homework and lessons for «завтра», by the button and in words', async () => {
    at('2026-11-27T20:30:00');
    const typed = await say(STUDENT, 'ДЗ на завтра');
    expect(typed.payload.text).toContain('📝 Домашние задания на понедельник, 30 ноября');
    expect(typed.payload.text).toContain('• Русский язык: Упражнение 130');
    expect(typed.payload.text).not.toContain('Заданий нет');

    const home = await say(STUDENT, '/diary');
    const button = await tap(STUDENT, buttonData(home, '📝 ДЗ на завтра'));
    expect(button?.payload.text).toContain('📝 Домашние задания на понедельник, 30 ноября\n\n• Русский язык: Упражнение 130');
    const tomorrow = await tap(STUDENT, buttonData(home, '📅 Завтра'));
    expect(tomorrow?.payload.text).toContain('📅 Расписание на понедельник, 30 ноября');
    expect(tomorrow?.payload.text).toContain('📅 понедельник, 30 ноября\n1. 08:30–09:15 Математика');
  });

  it('on the day before a holiday skips it: Thursday 26.11 (Friday is «День здоровья») asks for Monday', async () => {
    at('2026-11-26T18:00:00');
    const reply = await say(PARENT, 'дз на завтра');
    expect(reply.payload.text).toContain('📝 Домашние задания на понедельник, 30 ноября');
  });

  it('in a six-day school a Friday evening\'s «завтра» is Saturday, and a Saturday\'s is Monday', async () => {
    const em = ormOf(t.core).em.fork();
    await em.nativeUpdate(School, { id: s.school.id }, { weekDays: 6 });
    try {
      at('2026-11-27T21:00:00');
      const friday = await say(STUDENT, 'дз на завтра');
      expect(friday.payload.text).toContain('📝 Домашние задания на субботу, 28 ноября');
      expect(friday.payload.text).toContain('Словарные слова');
      at('2026-11-28T15:00:00');
      const saturday = await say(STUDENT, 'дз на завтра');
      expect(saturday.payload.text).toContain('📝 Домашние задания на понедельник, 30 ноября');
    } finally {
      await em.nativeUpdate(School, { id: s.school.id }, { weekDays: 5 });
    }
  });

  it('asks a guardian of several children which child, with buttons that re-check the child on the tap', async () => {
    const em = ormOf(t.core).em.fork();
    const link = await t.core.unitOfWork(() => t.core.records.create('StudentGuardian', { school: s.school.id, student: s.id.c1, guardian: s.guardianA.id, relation: 'mother' }, sys)) as { id: number };
    try {
      const ask = await say(PARENT, 'оценки по математике');
      expect(ask.payload.text).toBe('О ком из детей вопрос?');
      expect(labels(ask).sort()).toEqual(['Алексеев Пётр, 7А', 'Васильев Иван, 7А']);
      const answer = await tap(PARENT, buttonData(ask, 'Алексеев Пётр, 7А'));
      expect(answer?.method).toBe('editMessageText');
      expect(answer?.payload.text).toContain('16.11 — 3 (Контрольная работа, вес 2)');

      // Another family's child, another school's, a forged and a deleted id: nothing shown.
      const deleted = await t.core.unitOfWork(() => t.core.records.create('Student', { school: s.school.id, lastName: 'Удалённый', firstName: 'Иван', birthDate: '2013-02-03', sex: 'm' }, sys)) as { id: number };
      await em.nativeDelete(Student, { id: deleted.id });
      for (const studentId of [s.studentB.id, other.studentA.id, 99_999_999, deleted.id]) {
        const refused = await tap(PARENT, questionChild.encode({ studentId, topic: 'marks', subjectId: s.subject.id, day: null }));
        expect(refused?.payload.text).toBe('Эти сведения вам недоступны.');
      }
      // A student's button of the same kind cannot read a classmate either.
      const classmate = await tap(STUDENT, questionChild.encode({ studentId: s.id.c1, topic: 'homework', subjectId: 0, day: 'tomorrow' }));
      expect(classmate?.payload.text).toBe('Эти сведения вам недоступны.');
      // Staff get no diary through it.
      await tap(TEACHER, questionChild.encode({ studentId: s.studentA.id, topic: 'marks', subjectId: 0, day: null }));
      expect(telegram.called('answerCallbackQuery')[0]?.payload.text).toContain('Дневник доступен ученикам и родителям');
      expect(replies()).toHaveLength(0);
    } finally {
      await t.core.unitOfWork(() => t.core.records.remove('StudentGuardian', link.id, sys));
    }
  });

  it('tells what it can do when it does not understand, shows staff their menu, and an unknown user how to connect', async () => {
    const unknown = await say(STUDENT, 'привет!');
    expect(unknown.payload.text).toContain('Я не понял вопрос');
    expect(labels(unknown)).toEqual(expect.arrayContaining(['Отметки', 'Домашние задания', 'Расписание', 'Дневник']));

    const staff = await say(TEACHER, 'какое дз по русскому?');
    expect(staff.payload.text).toContain('Я понимаю команды и кнопки меню');
    expect(labels(staff)).toEqual(expect.arrayContaining(['Сегодня']));

    const stranger = await say(STRANGER, 'какое домашнее задание по русскому?');
    expect(stranger.payload.text).toContain('приглашение');
  });

  it('answers a command it does not know with the list of its commands and the menu, a stranger with how to connect', async () => {
    const mistyped = await say(STUDENT, '/homework');
    expect(mistyped.payload.text).toContain('Такой команды нет');
    expect(mistyped.payload.text).toContain('/diary — ');
    expect(labels(mistyped)).toEqual(expect.arrayContaining(['Дневник']));
    const english = await say(ENGLISH_STUDENT, '/marks');
    expect(english.payload.text).toContain('There is no such command');
    const stranger = await say(STRANGER, '/homework');
    expect(stranger.payload.text).toContain('приглашение');
    // A command the bot knows is still the feature's.
    const menu = await say(STUDENT, '/menu');
    expect(menu.payload.text).not.toContain('Такой команды нет');
  });

  it('answers in English for an English reader', async () => {
    const reply = await say(ENGLISH_STUDENT, 'homework for tomorrow');
    expect(reply.payload.text).toContain('📝 Homework for Tuesday, 24 November');
    const unknown = await say(ENGLISH_STUDENT, 'hello');
    expect(unknown.payload.text).toContain('I did not understand the question');
  });

  it('tells a teacher «Ученица отсутствовала» of a girl and «Ученик отсутствовал» of a boy on the marks screen', async () => {
    const em = ormOf(t.core).em.fork();
    const lesson = await em.findOneOrFail(Lesson, { assignment: s.assignment.id, date: '2026-11-13' });
    const screen = async () => (await tap(TEACHER, encodeJournal('ms', { lessonId: lesson.id, studentId: s.studentA.id, workTypeId: s.id.answer })))?.payload.text as string;
    expect(await screen()).toContain('Ученик отсутствовал (н');
    await em.nativeUpdate(Student, { id: s.studentA.id }, { sex: 'f' });
    try {
      const text = await screen();
      expect(text).toContain('Ученица отсутствовала (н');
      expect(text).not.toContain('Ученик отсутствовал');
    } finally {
      await em.nativeUpdate(Student, { id: s.studentA.id }, { sex: 'm' });
    }
  });
});
