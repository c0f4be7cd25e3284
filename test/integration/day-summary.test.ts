import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentAdministrator, guardianActor, studentActor, systemActor, type Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { emptyDayText, summaryMessage } from '../../core/day-summary/summary-text.js';
import { AccessDenied } from '../../core/base/errors.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { WeeklyDigest } from '../../core/notifications/weekly-digest.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const FRIDAY = '2026-11-20';
const moscow = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Moscow' }).toJSDate();

/**
 * The day summary (issue 13) on a school day built by hand: four timetabled lessons in two classes, some
 * filled in, marks (one of them removed), guardians with and without consent or a binding, last week's
 * digests, notifications of every state; and a second school with a full day of its own that must never
 * be counted.
 */
describe('the day summary of a school (issue 13)', () => {
  const clock = new MovableClock(moscow(`${FRIDAY}T14:00`));
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let s2: Awaited<ReturnType<typeof createSchoolFixture>>;
  const actors = {} as Record<'director' | 'deputy' | 'inspector' | 'administrator' | 'classTeacherA' | 'classTeacherB' | 'teacher' | 'director2', Actor>;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const summary = (actor: Actor, options?: { day?: string; schoolId?: number }) => run(() => t.core.daySummary.daySummary(actor, options));

  beforeAll(async () => {
    t = await createTestCore({}, clock);
    s = await createSchoolFixture(t.core);
    s2 = await createSchoolFixture(t.core, 'Школа № 2');
    const sys = systemActor('panel');
    await run(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>, school = s.school.id) =>
        t.core.records.create(kind, { school, ...input }, sys) as Promise<{ id: number }>;
      const friday = (assignment: number, group: number, lessonNumber: number, school = s.school.id) =>
        create('TimetableSlot', { assignment, group, weekday: 5, lessonNumber, validFrom: '2026-09-01' }, school);
      const russian = await create('Subject', { name: 'Русский язык' });
      const history = await create('Subject', { name: 'История' });
      const russianA = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherA.id, subject: russian.id, group: s.groupA.id, plannedHours: 136 });
      const historyB = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherB.id, subject: history.id, group: s.groupB.id, plannedHours: 68 });
      await friday(s.assignment.id, s.groupA.id, 1);
      await friday(s.assignment.id, s.groupA.id, 2);
      await friday(russianA.id, s.groupA.id, 3);
      await friday(historyB.id, s.groupB.id, 4);
      await create('Holiday', { year: s.year.id, name: 'Методический день', startDate: '2026-11-27', endDate: '2026-11-27' });
      const workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
      // The second school: a Friday lesson fully filled in, with a mark.
      const workType2 = await create('WorkType', { name: 'Ответ на уроке', weight: 1 }, s2.school.id);
      await friday(s2.assignment.id, s2.groupA.id, 1, s2.school.id);

      const em = t.orm.em;
      const taken = moscow(`${FRIDAY}T09:00`);
      // 1st: mathematics, complete. 2nd: mathematics given by a substitute, only a topic. 3rd: Russian, a roll
      // call and individual homework only (not the class's). 4th, history in 7Б: not opened at all.
      const l1 = em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: FRIDAY, lessonNumber: 1, topic: 'Дроби', attendanceTakenAt: taken });
      em.create(Homework, { school: s.school.id, lesson: l1, text: '№ 1–5' });
      const l2 = em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: FRIDAY, lessonNumber: 2, topic: 'Дроби', substituteTeacher: s.people.classTeacherB.id });
      const l3 = em.create(Lesson, { school: s.school.id, assignment: russianA.id, date: FRIDAY, lessonNumber: 3, attendanceTakenAt: taken });
      em.create(Homework, { school: s.school.id, lesson: l3, text: 'Упр. 5', student: s.studentA.id });
      em.create(Attendance, { school: s.school.id, lesson: l3, student: s.studentA.id, code: 'b' });
      const thursday = em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: '2026-11-19', lessonNumber: 1, topic: 'Дроби' });
      const o1 = em.create(Lesson, { school: s2.school.id, assignment: s2.assignment.id, date: FRIDAY, lessonNumber: 1, topic: 'Уравнения', attendanceTakenAt: taken });
      em.create(Homework, { school: s2.school.id, lesson: o1, none: true });
      await em.flush();
      const mark = (lesson: typeof l1, value: number, school = s.school.id, wt = workType.id, student = s.studentA.id) =>
        em.create(Mark, { school, lesson, student, value, workType: wt });
      mark(l1, 5);
      mark(l1, 4);
      mark(l2, 3);
      mark(l3, 5);
      mark(thursday, 2);
      const removed = mark(l3, 2);
      mark(o1, 5, s2.school.id, workType2.id, s2.studentA.id);
      await em.flush();
      // A mark given and then removed is no mark of the day.
      em.remove(removed);

      // Families. 7А: Алексеев with two guardians, 7Б: Борисов with one, and an expelled student of 7А with one.
      const guardian = (lastName: string, school = s.school.id) => create('Guardian', { lastName, firstName: 'Анна' }, school);
      const link = (student: number, g: number, school = s.school.id) => create('StudentGuardian', { student, guardian: g, relation: 'mother' }, school);
      const consent = (g: number, status: 'given' | 'withdrawn', date: string) => t.core.consents.record(g, status, date, sys);
      const a2 = await guardian('Алексеев');
      const b1 = await guardian('Борисова');
      const expelled = await create('Student', { lastName: 'Выбывший', firstName: 'Иван', birthDate: '2013-01-01', sex: 'm' });
      await create('Enrollment', { student: expelled.id, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
      const e1 = await guardian('Выбывшая');
      await link(s.studentA.id, a2.id);
      await link(s.studentB.id, b1.id);
      await link(expelled.id, e1.id);
      await consent(s.guardianA.id, 'given', '2026-09-01');
      await consent(a2.id, 'given', '2026-09-01');
      await consent(a2.id, 'withdrawn', '2026-10-01');
      await consent(b1.id, 'given', '2026-09-01');
      await consent(e1.id, 'given', '2026-09-01');
      const g2 = await guardian('Другая', s2.school.id);
      await link(s2.studentA.id, g2.id, s2.school.id);
      await consent(g2.id, 'given', '2026-09-01');
      em.create(TelegramAccount, { id: 5001 });
      em.create(TelegramAccount, { id: 5002 });
      em.create(TelegramAccount, { id: 5003 });
      em.create(TelegramAccount, { id: 5004 });
      // Connected: Алексеева (consent, binding). Not: Алексеев (bound, consent withdrawn), Борисова (no binding,
      // a revoked one), the expelled student's guardian (no longer counted at all), the other school's.
      const bind = (account: number, g: number, school = s.school.id, revokedAt: Date | null = null) =>
        em.create(TelegramBinding, { telegramAccount: account, school, personKind: 'guardian', personId: g, revokedAt });
      bind(5001, s.guardianA.id);
      bind(5002, a2.id);
      bind(5003, b1.id, s.school.id, moscow('2026-11-01T10:00'));
      bind(5003, e1.id);
      bind(5004, g2.id, s2.school.id);
      await em.flush();
      await em.nativeUpdate(Student, { id: expelled.id }, { status: 'expelled' });

      // Digests of the week of 09.11 (sent on the 14th): two of three acknowledged.
      const sentAt = moscow('2026-11-14T12:00');
      const digest = (g: number, student: number, acknowledgedAt: Date | null, school = s.school.id) =>
        em.create(WeeklyDigest, { school, guardian: g, student, weekStart: '2026-11-09', sentAt, acknowledgedAt });
      digest(s.guardianA.id, s.studentA.id, moscow('2026-11-14T13:00'));
      digest(a2.id, s.studentA.id, null);
      digest(b1.id, s.studentB.id, moscow('2026-11-15T09:00'));
      digest(g2.id, s2.studentA.id, moscow('2026-11-15T09:00'), s2.school.id);
      // An older week does not count.
      em.create(WeeklyDigest, { school: s.school.id, guardian: s.guardianA.id, student: s.studentA.id, weekStart: '2026-11-02', sentAt: moscow('2026-11-07T12:00') });

      // The outbox: waiting about 7А and 7Б, failed today about 7А, failed yesterday, sent, another school's.
      let key = 0;
      const notification = (status: Notification['status'], createdAt: Date, studentId: number, school = s.school.id, personId = s.guardianA.id) => em.create(Notification, {
        school, telegramAccountId: 5001, personKind: 'guardian', personId, studentId, kind: 'mark', payload: {},
        eventKey: `test:${key++}`, status, notBefore: createdAt, createdAt,
      });
      notification('pending', moscow(`${FRIDAY}T10:00`), s.studentA.id);
      notification('pending', moscow('2026-11-19T23:00'), s.studentB.id, s.school.id, b1.id);
      notification('failed', moscow(`${FRIDAY}T08:00`), s.studentA.id);
      notification('failed', moscow('2026-11-19T20:00'), s.studentA.id);
      notification('sent', moscow(`${FRIDAY}T08:00`), s.studentA.id);
      notification('pending', moscow(`${FRIDAY}T08:00`), s2.studentA.id, s2.school.id, g2.id);
      notification('failed', moscow(`${FRIDAY}T08:00`), s2.studentA.id, s2.school.id, g2.id);
      await em.flush();

      for (const role of ['director', 'deputy', 'inspector', 'administrator', 'classTeacherA', 'classTeacherB', 'teacher'] as const) {
        actors[role] = (await staffActorFor(em, s.people[role].id, 'panel'))!;
      }
      actors.director2 = (await staffActorFor(em, s2.people.director.id, 'panel'))!;
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts every figure of the day for the heads of the school', async () => {
    const day = await summary(actors.director);
    expect(day).toMatchObject({
      school: { id: s.school.id, name: 'Школа № 1' },
      date: FRIDAY,
      weekday: 5,
      holiday: null,
      coverage: 'school',
      groups: [],
      guardians: { connected: 1, total: 3 },
      digests: { weekStart: '2026-11-09', sent: 3, acknowledged: 2 },
      notifications: { waiting: 2, failed: 1 },
    });
    expect(day.lessons).toMatchObject({ total: 4, complete: 1, withoutTopic: 2, withoutAttendance: 2, withoutHomework: 3, marks: 4 });
    // The substitute gives the second lesson, so it is theirs to fill in; the one with most left comes first.
    expect(day.lessons.teachers).toEqual([
      { staffId: s.people.classTeacherB.id, name: 'Другая М. И.', lessons: 2, withoutTopic: 1, withoutAttendance: 2, withoutHomework: 2 },
      { staffId: s.people.classTeacherA.id, name: 'Классная М. И.', lessons: 1, withoutTopic: 1, withoutAttendance: 0, withoutHomework: 1 },
      { staffId: s.people.teacher.id, name: 'Учителева М. И.', lessons: 1, withoutTopic: 0, withoutAttendance: 0, withoutHomework: 0 },
    ]);
    for (const head of [actors.deputy, actors.inspector, actors.administrator]) expect(await summary(head)).toEqual(day);
  });

  it('gives a class teacher its class only: its lessons, their marks, its families', async () => {
    const a = await summary(actors.classTeacherA);
    expect(a).toMatchObject({
      coverage: 'classes',
      groups: [{ id: s.groupA.id, name: '7А' }],
      guardians: { connected: 1, total: 2 },
      digests: { weekStart: '2026-11-09', sent: 2, acknowledged: 1 },
      notifications: { waiting: 1, failed: 1 },
    });
    expect(a.lessons).toMatchObject({ total: 3, complete: 1, marks: 4 });
    expect(a.lessons.teachers.map((x) => x.staffId).sort()).toEqual([s.people.classTeacherA.id, s.people.classTeacherB.id, s.people.teacher.id].sort());

    // 7Б's class teacher: its class's history lesson, and the mathematics lesson it substitutes in elsewhere.
    const b = await summary(actors.classTeacherB);
    expect(b).toMatchObject({ coverage: 'classes', groups: [{ name: '7Б' }], guardians: { connected: 0, total: 1 }, digests: { sent: 1, acknowledged: 1 }, notifications: { waiting: 1, failed: 0 } });
    expect(b.lessons).toMatchObject({ total: 2, marks: 1 });
  });

  it('gives a teacher its own lessons and their marks, and no families', async () => {
    const day = await summary(actors.teacher);
    expect(day).toMatchObject({ coverage: 'lessons', guardians: null, digests: null, notifications: null });
    // Its two mathematics lessons, one of them given by the substitute.
    expect(day.lessons).toMatchObject({ total: 2, marks: 3 });
    // The bot's «Сводка дня» is the heads' and the class teachers': a teacher is refused there.
    await expect(run(() => t.core.daySummary.headsSummary(actors.teacher))).rejects.toBeInstanceOf(AccessDenied);
    expect((await run(() => t.core.daySummary.headsSummary(actors.classTeacherA))).coverage).toBe('classes');
  });

  it('refuses families and never counts another school', async () => {
    for (const family of [guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id }), studentActor({ schoolId: s.school.id, studentId: s.studentA.id })]) {
      await expect(summary(family)).rejects.toBeInstanceOf(AccessDenied);
      await expect(run(() => t.core.daySummary.headsSummary(family))).rejects.toBeInstanceOf(AccessDenied);
    }
    // The other school's director sees its own day, and cannot ask for this one.
    const other = await summary(actors.director2);
    expect(other).toMatchObject({ school: { id: s2.school.id }, guardians: { connected: 1, total: 2 }, notifications: { waiting: 1, failed: 1 } });
    expect(other.lessons).toMatchObject({ total: 1, complete: 1, marks: 1 });
    await expect(summary(actors.director2, { schoolId: s.school.id })).rejects.toBeInstanceOf(AccessDenied);
    // The deployment's administrator reads every school, each on its own.
    const all = await run(() => t.core.daySummary.home(deploymentAdministrator('panel')));
    expect(all.map((d) => [d.school.id, d.lessons.total, d.lessons.marks])).toEqual([[s.school.id, 4, 4], [s2.school.id, 1, 1]]);
  });

  it('reads «today» from the clock: a weekend or a holiday is an empty day', async () => {
    const t_ = t.core.i18n.getFixedT('ru');
    clock.set(moscow('2026-11-21T10:00'));
    const saturday = await summary(actors.director);
    expect(saturday).toMatchObject({ date: '2026-11-21', weekday: 6, lessons: { total: 0, teachers: [], marks: 0 } });
    expect(emptyDayText(t_, saturday)).toBe('Выходной: уроков по расписанию нет.');
    clock.set(moscow('2026-11-27T10:00'));
    const holiday = await summary(actors.director);
    expect(holiday).toMatchObject({ date: '2026-11-27', weekday: 5, holiday: 'Методический день', lessons: { total: 0 } });
    expect(summaryMessage(t_, holiday)).toContain('Методический день: уроков нет.');
    // Late on Friday evening in Moscow is still Friday at the school, whatever UTC says.
    clock.set(moscow(`${FRIDAY}T23:30`));
    expect((await summary(actors.director)).date).toBe(FRIDAY);
    clock.set(moscow(`${FRIDAY}T14:00`));
  });

  it('says the day in one message with Russian plurals', async () => {
    const text = summaryMessage(t.core.i18n.getFixedT('ru'), await summary(actors.director));
    expect(text).toBe([
      'Сводка дня — Школа № 1\nпятница, 20.11.2026',
      [
        'Уроки: 4 урока, полностью заполнено: 1.',
        'Без темы — 2, без посещаемости — 2, без домашнего задания — 3.',
        'Кому заполнить:',
        '• Другая М. И. — 2 урока: без темы 1, без посещаемости 2, без д/з 2',
        '• Классная М. И. — 1 урок: без темы 1, без д/з 1',
      ].join('\n'),
      [
        'Отметки за уроки дня: 4 отметки.',
        'Родители на связи (Telegram и согласие): 1 из 3.',
        'Еженедельная сводка (неделя с 09.11.2026): ознакомлены 2 из 3.',
        'Уведомления: ждут отправки — 2, не доставлены за день — 1.',
      ].join('\n'),
    ].join('\n\n'));
  });
});
