import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { menuItem } from '../../bot/callback-data/identity.js';
import { dateArg, encodeJournal } from '../../bot/callback-data/journal.js';
import { encodeMessages } from '../../bot/callback-data/messages.js';
import type { Bot } from '../../bot/create-bot.js';
import { guardianActor, systemActor, type Actor } from '../../core/access/actor.js';
import { readLogWatch } from '../support/read-log-watch.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { WeeklyDigest } from '../../core/notifications/weekly-digest.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { fixedClock } from '../../core/time/clock.js';
import { interceptTelegram } from '../support/fake-telegram.js';
import { recordConsent } from '../support/notification-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestBot } from '../support/test-bot.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { callbackUpdate, textUpdate } from '../support/updates.js';

// Monday 23 November 2026, 12:00 in Moscow.
const NOW = '2026-11-23T09:00:00Z';
const TODAY = '2026-11-23';
const TEACHER = 9501;
const CLASS_TEACHER = 9502;
const DIRECTOR = 9503;
const GUARDIAN = 9504;

/** Every bot screen that shows a member of staff other people's names is one read when opened (G4). */
describe('bot: the screens that name people write one read each when opened (G4)', () => {
  let t: TestCore;
  let bot: Bot;
  let telegram: ReturnType<typeof interceptTelegram>;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let teacher: Actor;
  let q2: number;
  let lessonId: number;
  let markId: number;
  let absenceId: number;
  let secondStudent: number;
  let workType: number;
  let threadId: number;
  const sys = systemActor('cli');
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const { mark, added } = readLogWatch(em);
  const tap = (user: number, data: string) => bot.handleUpdate(callbackUpdate(user, data));
  const shown = async () => (await added()).map((l) => [l.kind, l.resource, l.recordId, l.detail, l.people, l.channel, l.actorStaff?.id ?? null]);
  const signIn = async (telegramId: number, kind: 'staff' | 'guardian', personId: number) => {
    const { code } = await run(() => t.core.invites.issue(kind, personId, sys, 'klassny_test_bot'));
    await bot.handleUpdate(textUpdate(telegramId, `/start ${code}`));
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
      ((await run(() => t.core.records.create(kind, { school: s.school.id, ...input }, sys))) as { id: number }).id;
    workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    q2 = await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
    secondStudent = await create('Student', { lastName: 'Воронин', firstName: 'Олег', birthDate: '2013-02-02', sex: 'm' });
    await create('Enrollment', { student: secondStudent, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
    // Monday's first lesson of the teacher in 7А: the day summary's timetable.
    await create('TimetableSlot', { assignment: s.assignment.id, group: s.groupA.id, weekday: 1, lessonNumber: 1, validFrom: '2026-09-01' });
    await recordConsent(em(), s.school.id, s.guardianA.id, 'given');

    teacher = (await staffActorFor(em(), s.people.teacher.id, 'bot'))!;
    lessonId = (await run(() => t.core.journal.lessons.openLesson(s.assignment.id, TODAY, 1, teacher))).id;
    markId = (await run(() => t.core.journal.marks.giveMark(lessonId, s.studentA.id, 5, { workTypeId: workType }, teacher))).id;
    absenceId = (await run(() => t.core.journal.rollCall.setAttendance(lessonId, secondStudent, 'n', undefined, teacher)))!.id;
    await run(() => t.core.journal.homework.setHomework(lessonId, { text: 'Упражнение 5', studentId: s.studentA.id }, teacher));
    // Another teacher substitutes in the lesson: the card and the teacher's day name her.
    await em().nativeUpdate(Lesson, { id: lessonId }, { substituteTeacher: s.people.classTeacherB.id });
    threadId = (await run(() => t.core.messages.write(guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id }), s.studentA.id, s.people.teacher.id, 'Здравствуйте!'))).thread.id;
    await em().insert(WeeklyDigest, { school: s.school.id, guardian: s.guardianA.id, student: s.studentA.id, weekStart: '2026-11-16', sentAt: new Date(NOW) });

    telegram = interceptTelegram();
    bot = createTestBot(t.core);
    await signIn(TEACHER, 'staff', s.people.teacher.id);
    await signIn(CLASS_TEACHER, 'staff', s.people.classTeacherA.id);
    await signIn(DIRECTOR, 'staff', s.people.director.id);
    await signIn(GUARDIAN, 'guardian', s.guardianA.id);
  });
  afterAll(async () => {
    telegram?.restore();
    await t?.close();
  });
  beforeEach(mark);

  it('the lesson card, opened from the day or back from a screen, names the absent and the substitute: one line; drawn again after a change, none', async () => {
    await tap(TEACHER, encodeJournal('o', { assignmentId: s.assignment.id, date: dateArg(TODAY), lessonNumber: 1 }));
    await tap(TEACHER, encodeJournal('l', { lessonId }));
    await tap(TEACHER, encodeJournal('hn', { lessonId }));
    const card = ['list', 'Lesson', String(lessonId), 'card', 2, 'bot', s.people.teacher.id];
    expect(await shown()).toEqual([card, card]);
    expect(telegram.violations).toEqual([]);
  });

  it('one student\'s screens — its marks, one of its marks, its homework prompt, its period mark, its absence — one line each about that student', async () => {
    await tap(TEACHER, encodeJournal('ms', { lessonId, studentId: s.studentA.id, workTypeId: workType }));
    await tap(TEACHER, encodeJournal('me', { markId }));
    await tap(TEACHER, encodeJournal('ht', { lessonId, studentId: s.studentA.id }));
    await tap(TEACHER, encodeJournal('x', { lessonId }));
    await tap(TEACHER, encodeJournal('pe', { assignmentId: s.assignment.id, periodId: q2, studentId: s.studentA.id }));
    await tap(CLASS_TEACHER, encodeJournal('ce', { attendanceId: absenceId }));
    const student = (id: number, detail: string, by = s.people.teacher.id) => ['record', 'Student', String(id), detail, 1, 'bot', by];
    expect(await shown()).toEqual([
      student(s.studentA.id, `student, lesson ${lessonId}`),
      student(s.studentA.id, `mark ${markId}, lesson ${lessonId}`),
      student(s.studentA.id, `homeworkFor, lesson ${lessonId}`),
      ['list', 'Lesson', String(lessonId), 'card', 2, 'bot', s.people.teacher.id],
      student(s.studentA.id, `periodMark, assignment ${s.assignment.id}, period ${q2}`),
      student(secondStudent, `absence ${absenceId}`, s.people.classTeacherA.id),
    ]);
  });

  it('giving a mark, which moves on to the next student, is a change, not a read; the class\'s own homework prompt names nobody', async () => {
    await tap(TEACHER, encodeJournal('mg', { lessonId, studentId: s.studentA.id, workTypeId: workType, value: 4, second: 0, seen: 1 }));
    await tap(TEACHER, encodeJournal('ht', { lessonId, studentId: 0 }));
    expect(await shown()).toEqual([]);
  });

  it('a forged button for a student of another class, or a lesson of another teacher, names nobody and writes nothing', async () => {
    await tap(TEACHER, encodeJournal('ms', { lessonId, studentId: s.studentB.id, workTypeId: workType }));
    await tap(TEACHER, encodeJournal('pe', { assignmentId: s.assignment.id, periodId: q2, studentId: s.studentB.id }));
    await tap(CLASS_TEACHER, encodeJournal('l', { lessonId: lessonId + 1000 }));
    await tap(GUARDIAN, encodeJournal('ms', { lessonId, studentId: s.studentA.id, workTypeId: workType }));
    expect(await shown()).toEqual([]);
  });

  it('the homework screen names those given homework of their own: one line with their count', async () => {
    await tap(TEACHER, encodeJournal('h', { lessonId }));
    expect(await shown()).toEqual([['list', 'Lesson', String(lessonId), 'homeworkBook', 1, 'bot', s.people.teacher.id]]);
  });

  it('the teacher\'s day names the colleague who substitutes: one line; a day that names nobody else, none', async () => {
    await tap(TEACHER, encodeJournal('d', { date: dateArg(TODAY) }));
    await tap(TEACHER, encodeJournal('d', { date: dateArg('2026-11-24') }));
    expect(await shown()).toEqual([['list', 'TeacherDay', null, TODAY, 1, 'bot', s.people.teacher.id]]);
  });

  it('messages: the teacher\'s threads and a thread opened name the parent and the child; the parent\'s own, nothing', async () => {
    await tap(TEACHER, encodeMessages('t', { page: 0 }));
    await tap(TEACHER, encodeMessages('o', { threadId }));
    await tap(GUARDIAN, encodeMessages('t', { page: 0 }));
    await tap(GUARDIAN, encodeMessages('o', { threadId }));
    expect(await shown()).toEqual([
      ['list', 'MessageThread', null, 'threads', 2, 'bot', s.people.teacher.id],
      ['record', 'MessageThread', String(threadId), null, 2, 'bot', s.people.teacher.id],
    ]);
  });

  it('«Кто ознакомился» names the class and its parents: one line with their count', async () => {
    await tap(CLASS_TEACHER, encodeMessages('kg', { groupId: s.groupA.id, page: 0 }));
    // Both students of 7А and the one parent with a digest.
    expect(await shown()).toEqual([['list', 'WeeklyDigest', String(s.groupA.id), 'acknowledgements, 2026-11-16', 3, 'bot', s.people.classTeacherA.id]]);
  });

  it('«Сводка дня» names the day\'s teachers: one line each for the director and the class teacher', async () => {
    await tap(DIRECTOR, menuItem.encode({ item: 'daySummary' }));
    await tap(CLASS_TEACHER, menuItem.encode({ item: 'daySummary' }));
    expect(await shown()).toEqual([
      ['report', 'DaySummary', null, `school, ${TODAY}`, 1, 'bot', s.people.director.id],
      ['report', 'DaySummary', null, `classes, ${TODAY}`, 1, 'bot', s.people.classTeacherA.id],
    ]);
  });

  it('a family reading its own data in the bot and the scheduled jobs write nothing', async () => {
    await bot.handleUpdate(textUpdate(GUARDIAN, '/diary'));
    await bot.handleUpdate(textUpdate(GUARDIAN, '/statement'));
    const job = systemActor('job');
    await run(() => t.core.daySummary.home(job));
    await run(() => t.core.outboxList.list(job));
    await run(() => t.core.messages.list(job));
    await run(() => t.core.markChanges.list({ schoolId: s.school.id }, job));
    await run(() => t.core.digests.acknowledgements(s.groupA.id, job));
    expect(await shown()).toEqual([]);
  });
});
