import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { jobs } from '../../core/scheduled-jobs.js';
import { runJob } from '../../core/jobs/scheduler.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { PeriodMark } from '../../core/journal/period-mark.entity.js';
import { reminderJob } from '../../core/journal/reminder-job.js';
import { ReminderSent } from '../../core/journal/reminder-sent.entity.js';
import type { ReminderItem, SchoolReminders } from '../../core/journal/reminders.js';
import { sendReminders } from '../../core/journal/send-reminders.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import type { Messenger } from '../../core/telegram/messenger.js';
import { Period } from '../../core/school/period.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

const FRIDAY = '2026-11-20';
const moscow = (local: string) => DateTime.fromISO(local, { zone: 'Europe/Moscow' }).toJSDate();

/** Our own port, so a fake: records what was sent, answers 'blocked' for some users, or fails. */
class FakeMessenger implements Messenger {
  sent: { to: number; text: string }[] = [];
  blocked = new Set<number>();
  failing = false;
  async sendText(to: number, text: string): Promise<'sent' | 'blocked'> {
    if (this.failing) throw new Error('Telegram unreachable: ECONNRESET');
    if (this.blocked.has(to)) return 'blocked';
    this.sent.push({ to, text });
    return 'sent';
  }
}

describe('teacher reminders (C9, H1)', () => {
  let now = moscow(`${FRIDAY}T12:00`);
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let s2: Awaited<ReturnType<typeof createSchoolFixture>>;
  const ids = {} as Record<'russian' | 'history' | 'english' | 'cw1' | 'cw2' | 'cw3' | 'answer' | 'student2' | 'student3', number>;
  const at = (date: Date) => { now = date; };
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const due = () => run(() => t.core.reminders.due());
  const schoolOf = (all: SchoolReminders[], schoolId: number) => all.find((x) => x.schoolId === schoolId)!;
  /** The item keys of one teacher, of one kind. */
  const keysOf = (all: SchoolReminders[], staffId: number, kind: ReminderItem['kind']) =>
    all.flatMap((x) => x.teachers).filter((x) => x.staffId === staffId).flatMap((x) => x.items).filter((i) => i.kind === kind).map((i) => i.key).sort();
  const lessonKey = (assignmentId: number, n: number, field: string, date = FRIDAY) => `lesson:${assignmentId}:${date}:${n}:${field}`;

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    s2 = await createSchoolFixture(t.core, 'Школа № 2');
    const actor = systemActor('panel');
    await run(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>, school = s.school.id) =>
        t.core.records.create(kind, { school, ...input }, actor) as Promise<{ id: number }>;
      const bells = async (school: number) => {
        const schedule = await create('BellSchedule', { name: 'Первая смена' }, school);
        const times = [['08:30', '09:15'], ['09:25', '10:10'], ['10:20', '11:05'], ['11:15', '12:00']];
        for (const [i, [startsAt, endsAt]] of times.entries()) await create('BellSlot', { schedule: schedule.id, lessonNumber: i + 1, startsAt, endsAt }, school);
        return schedule.id;
      };
      const friday = (assignment: number, group: number, lessonNumber: number, school = s.school.id) =>
        create('TimetableSlot', { assignment, group, weekday: 5, lessonNumber, validFrom: '2026-09-01' }, school);

      // 7А has bells: its last Friday lesson (3rd) ends at 11:05, so the deadline is 12:35 (90 minutes later).
      await t.core.records.update('Group', s.groupA.id, { bellSchedule: await bells(s.school.id) }, actor);
      const russian = await create('Subject', { name: 'Русский язык' });
      const history = await create('Subject', { name: 'История' });
      const english = await create('Subject', { name: 'Английский язык' });
      const music = await create('Subject', { name: 'Музыка', withoutAttestation: true });
      ids.russian = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherA.id, subject: russian.id, group: s.groupA.id, plannedHours: 136 })).id;
      ids.history = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherB.id, subject: history.id, group: s.groupB.id, plannedHours: 68 })).id;
      await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherB.id, subject: music.id, group: s.groupA.id, plannedHours: 34 });
      await friday(s.assignment.id, s.groupA.id, 1);
      await friday(s.assignment.id, s.groupA.id, 2);
      await friday(ids.russian, s.groupA.id, 3);
      // 7Б has no bell schedule: no end of its day is known, so its lessons are never reminded of.
      await friday(ids.history, s.groupB.id, 4);

      // 7А: three students, two of them in the English subgroup.
      const student = async (lastName: string) => {
        const st = await create('Student', { lastName, firstName: 'Иван', birthDate: '2013-02-03', sex: 'm' });
        await create('Enrollment', { student: st.id, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
        return st.id;
      };
      ids.student2 = await student('Васильев');
      ids.student3 = await student('Григорьев');
      const subgroup = await create('Subgroup', { group: s.groupA.id, name: 'Группа 1' });
      for (const st of [s.studentA.id, ids.student2]) await create('SubgroupMember', { subgroup: subgroup.id, student: st });
      ids.english = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.deputy.id, subject: english.id, group: s.groupA.id, subgroup: subgroup.id, plannedHours: 102 })).id;

      await create('Period', { year: s.year.id, type: 'trimester', number: 1, name: '1 триместр', startDate: '2026-09-01', endDate: '2026-11-22' });
      await create('Period', { year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-25' });
      await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-04', endDate: '2026-12-28' });
      await create('Period', { year: s.year.id, type: 'year', number: 1, name: 'Учебный год', startDate: '2026-09-01', endDate: '2027-05-31' });
      await create('Holiday', { year: s.year.id, name: 'Методический день', startDate: '2026-11-27', endDate: '2026-11-27' });

      await create('WorkType', { name: 'Контрольная работа', weight: 2, gradingDeadlineDays: 3 });
      await create('WorkType', { name: 'Сочинение', weight: 2, gradingDeadlineDays: 7 });
      ids.answer = (await create('WorkType', { name: 'Ответ на уроке', weight: 1 })).id;
      // The form is typed by hand: matched to the work type whatever its case.
      ids.cw1 = (await create('ControlWork', { assignment: s.assignment.id, date: '2026-11-17', form: 'контрольная работа', title: 'Дроби' })).id;
      ids.cw2 = (await create('ControlWork', { assignment: ids.russian, date: '2026-11-17', form: 'Сочинение' })).id;
      // No work type «Тест»: the control work deadline of 3 days applies.
      ids.cw3 = (await create('ControlWork', { assignment: s.assignment.id, date: '2026-11-18', form: 'Тест' })).id;
      await create('ControlWork', { assignment: s.assignment.id, date: '2026-10-01', form: 'Контрольная работа' });

      // The second school is in Vladivostok (UTC+10): its day starts 7 hours before Moscow's.
      await t.core.records.update('School', s2.school.id, { timeZone: 'Asia/Vladivostok' }, actor);
      await t.core.records.update('Group', s2.groupA.id, { bellSchedule: await bells(s2.school.id) }, actor);
      await friday(s2.assignment.id, s2.groupA.id, 1, s2.school.id);

      // The journal of Friday 20.11 in 7А.
      const em = t.orm.em;
      const lesson1 = em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: FRIDAY, lessonNumber: 1, topic: 'Сложение дробей' });
      // Individual homework is not the group's homework.
      em.create(Homework, { school: s.school.id, lesson: lesson1, text: 'Задачи 1–3', student: s.studentA.id });
      em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: FRIDAY, lessonNumber: 2, substituteTeacher: s.people.classTeacherB.id });
      const lesson3 = em.create(Lesson, { school: s.school.id, assignment: ids.russian, date: FRIDAY, lessonNumber: 3, topic: 'Причастный оборот', attendanceTakenAt: moscow(`${FRIDAY}T10:30`) });
      em.create(Homework, { school: s.school.id, lesson: lesson3, none: true });
      await em.flush();
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('today\'s lessons', () => {
    it('reminds of nothing before the homework deadline after the group\'s last lesson', async () => {
      at(moscow(`${FRIDAY}T12:30`));
      const all = await due();
      expect(schoolOf(all, s.school.id).today).toBe(FRIDAY);
      for (const staffId of [s.people.teacher.id, s.people.classTeacherA.id, s.people.classTeacherB.id]) expect(keysOf(all, staffId, 'lesson')).toEqual([]);
    });

    it('lists exactly what is missing once the deadline has passed, and the substitute\'s lesson to the substitute', async () => {
      at(moscow(`${FRIDAY}T12:40`));
      const all = await due();
      // Lesson 1: topic given; roll call and group homework missing.
      expect(keysOf(all, s.people.teacher.id, 'lesson')).toEqual([lessonKey(s.assignment.id, 1, 'attendance'), lessonKey(s.assignment.id, 1, 'homework')]);
      // Lesson 2 was given by a substitute: they are reminded, not the regular teacher.
      expect(keysOf(all, s.people.classTeacherB.id, 'lesson')).toEqual(['attendance', 'homework', 'topic'].map((f) => lessonKey(s.assignment.id, 2, f)));
      // Lesson 3 is complete («без домашнего задания» counts); 7Б has no bell schedule.
      expect(keysOf(all, s.people.classTeacherA.id, 'lesson')).toEqual([]);
      const item = all.flatMap((x) => x.teachers).flatMap((x) => x.items).find((i) => i.key === lessonKey(s.assignment.id, 1, 'homework'));
      expect(item).toMatchObject({ kind: 'lesson', subject: 'Математика', group: '7А', lessonNumber: 1, date: FRIDAY, field: 'homework' });
    });

    it('reminds of nothing on a holiday, and of every lesson on an ordinary Friday without journal entries', async () => {
      at(moscow('2026-11-27T16:00'));
      const holiday = await due();
      for (const staffId of [s.people.teacher.id, s.people.classTeacherA.id]) expect(keysOf(holiday, staffId, 'lesson')).toEqual([]);
      at(moscow('2026-12-04T16:00'));
      const ordinary = await due();
      expect(keysOf(ordinary, s.people.teacher.id, 'lesson')).toHaveLength(6);
      expect(keysOf(ordinary, s.people.classTeacherA.id, 'lesson')).toEqual(['attendance', 'homework', 'topic'].map((f) => lessonKey(ids.russian, 3, f, '2026-12-04')));
    });

    it('judges each school in its own time zone', async () => {
      // 09:30 in Vladivostok on Friday: before its deadline (09:15 + 90 min); 02:30 on Friday in Moscow.
      at(new Date('2026-11-19T23:30:00Z'));
      let all = await due();
      expect(schoolOf(all, s2.school.id).today).toBe(FRIDAY);
      expect(keysOf(all, s2.people.teacher.id, 'lesson')).toEqual([]);
      // 11:00 in Vladivostok: its teacher is due; 04:00 in Moscow: nothing there yet, and quiet hours.
      at(new Date('2026-11-20T01:00:00Z'));
      all = await due();
      expect(keysOf(all, s2.people.teacher.id, 'lesson')).toEqual(['attendance', 'homework', 'topic'].map((f) => lessonKey(s2.assignment.id, 1, f)));
      expect(keysOf(all, s.people.teacher.id, 'lesson')).toEqual([]);
      expect(schoolOf(all, s.school.id)).toMatchObject({ today: FRIDAY, quietHours: true });
      expect(schoolOf(all, s2.school.id).quietHours).toBe(false);
      // Midnight in Vladivostok is Saturday there (no lessons), 17:00 on Friday in Moscow.
      at(new Date('2026-11-20T14:00:00Z'));
      all = await due();
      expect(schoolOf(all, s2.school.id).today).toBe('2026-11-21');
      expect(keysOf(all, s2.people.teacher.id, 'lesson')).toEqual([]);
      expect(keysOf(all, s.people.teacher.id, 'lesson')).toHaveLength(2);
    });
  });

  describe('ungraded written work', () => {
    it('is due from its grading deadline (by the work type, 3 days otherwise) for 30 days, until a mark is given', async () => {
      at(moscow('2026-11-19T12:00'));
      expect(keysOf(await due(), s.people.teacher.id, 'control')).toEqual([]);
      at(moscow('2026-11-20T12:00'));
      const friday = await due();
      expect(keysOf(friday, s.people.teacher.id, 'control')).toEqual([`control:${ids.cw1}`]);
      expect(friday.flatMap((x) => x.teachers).flatMap((x) => x.items).find((i) => i.key === `control:${ids.cw1}`))
        .toMatchObject({ kind: 'control', subject: 'Математика', group: '7А', date: '2026-11-17', deadline: '2026-11-20', title: 'Дроби' });
      at(moscow('2026-11-21T12:00'));
      expect(keysOf(await due(), s.people.teacher.id, 'control')).toEqual([`control:${ids.cw1}`, `control:${ids.cw3}`].sort());
      expect(keysOf(await due(), s.people.classTeacherA.id, 'control')).toEqual([]);
      at(moscow('2026-11-24T12:00'));
      expect(keysOf(await due(), s.people.classTeacherA.id, 'control')).toEqual([`control:${ids.cw2}`]);

      // A mark in a lesson of the assignment on the control work's day: graded.
      const em = t.orm.em.fork();
      const lesson = em.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date: '2026-11-17', lessonNumber: 1, topic: 'Контрольная работа' });
      const mark = em.create(Mark, { school: s.school.id, lesson, student: s.studentA.id, value: 4, workType: ids.answer });
      await em.flush();
      expect(keysOf(await due(), s.people.teacher.id, 'control')).toEqual([`control:${ids.cw3}`]);
      await em.nativeDelete(Mark, { id: mark.id });
      // Older than 30 days: history, not a reminder.
      at(moscow('2026-12-18T12:00'));
      expect(keysOf(await due(), s.people.teacher.id, 'control')).toEqual([`control:${ids.cw3}`]);
      at(moscow('2026-12-19T12:00'));
      expect(keysOf(await due(), s.people.teacher.id, 'control')).toEqual([]);
    });
  });

  describe('period marks', () => {
    it('are due in the period\'s last week only, per assignment, counting the students without one', async () => {
      const q2 = await t.orm.em.fork().findOneOrFail(Period, { school: s.school.id, type: 'quarter', number: 2 });
      at(moscow('2026-12-21T12:00'));
      expect(keysOf(await due(), s.people.teacher.id, 'period')).toEqual([]);
      at(moscow('2026-12-22T12:00'));
      const all = await due();
      const items = all.flatMap((x) => x.teachers).flatMap((x) => x.items).filter((i) => i.kind === 'period');
      // Not the subject without attestation (music), not the year (not its last week).
      expect(items.map((i) => [i.key, i.group, i.subject, i.kind === 'period' && i.studentsLeft]).sort()).toEqual([
        [`period:${q2.id}:${ids.english}`, '7А (Группа 1)', 'Английский язык', 2],
        [`period:${q2.id}:${ids.history}`, '7Б', 'История', 1],
        [`period:${q2.id}:${ids.russian}`, '7А', 'Русский язык', 3],
        [`period:${q2.id}:${s.assignment.id}`, '7А', 'Математика', 3],
      ].sort());
      expect(keysOf(all, s.people.teacher.id, 'period')).toEqual([`period:${q2.id}:${s.assignment.id}`]);

      const em = t.orm.em.fork();
      em.create(PeriodMark, { school: s.school.id, assignment: s.assignment.id, period: q2.id, student: s.studentA.id, value: '5' });
      em.create(PeriodMark, { school: s.school.id, assignment: s.assignment.id, period: q2.id, student: ids.student2, value: '4' });
      await em.flush();
      expect((await due()).flatMap((x) => x.teachers).flatMap((x) => x.items).find((i) => i.key === `period:${q2.id}:${s.assignment.id}`))
        .toMatchObject({ studentsLeft: 1 });
      // A deferred mark (an ill student) is the teacher's decision: nothing left to remind of.
      em.create(PeriodMark, { school: s.school.id, assignment: s.assignment.id, period: q2.id, student: ids.student3, deferredUntil: '2027-01-20' });
      await em.flush();
      expect(keysOf(await due(), s.people.teacher.id, 'period')).toEqual([]);
    });

    it('include the year in the year\'s last week', async () => {
      at(moscow('2027-05-25T12:00'));
      const year = await t.orm.em.fork().findOneOrFail(Period, { school: s.school.id, type: 'year' });
      expect(keysOf(await due(), s.people.teacher.id, 'period')).toEqual([`period:${year.id}:${s.assignment.id}`]);
    });
  });

  it('runs a fixed number of queries per school, whatever its size', async () => {
    at(moscow(`${FRIDAY}T12:40`));
    const connection = t.orm.em.getConnection();
    const execute = vi.spyOn(connection, 'execute');
    await due();
    const queries = execute.mock.calls.length;
    execute.mockRestore();
    // One for the schools, then per school: lessons, control works, work types (only when some work is
    // ungraded: the first school), periods.
    expect(queries).toBe(1 + 4 + 3);
  });

  describe('sending', () => {
    const messenger = new FakeMessenger();
    const send = () => run(() => sendReminders(t.core, messenger));
    const textTo = (to: number) => messenger.sent.filter((m) => m.to === to).map((m) => m.text);
    const sentItems = async (staffId: number) => (await t.orm.em.fork().find(ReminderSent, { staff: staffId })).map((r) => r.item).sort();

    beforeAll(async () => {
      const em = t.orm.em.fork();
      const bind = (telegramId: number, staffId: number, language: 'ru' | 'en', school = s.school.id) => {
        em.create(TelegramAccount, { id: telegramId, language });
        em.create(TelegramBinding, { telegramAccount: telegramId, school, personKind: 'staff', personId: staffId });
      };
      bind(1001, s.people.teacher.id, 'ru');
      bind(1002, s.people.classTeacherB.id, 'en');
      bind(1004, s.people.deputy.id, 'ru');
      // A revoked binding does not count: the class teacher of 7А is not reachable.
      em.create(TelegramAccount, { id: 1003, language: 'ru' });
      em.create(TelegramBinding, { telegramAccount: 1003, school: s.school.id, personKind: 'staff', personId: s.people.classTeacherA.id, revokedAt: new Date() });
      await em.flush();
      messenger.blocked.add(1004);
    });

    it('sends each teacher one message with every item, in the teacher\'s language', async () => {
      at(moscow(`${FRIDAY}T13:00`));
      const result = await send();
      // Unbound: the class teacher of 7А (binding revoked) and the teacher in Vladivostok (20:00 there).
      expect(result).toEqual({ sent: 2, blocked: 1, failed: 0, unbound: 2 });
      expect(messenger.sent.map((m) => m.to).sort()).toEqual([1001, 1002]);

      const [teacher] = textTo(1001);
      expect(teacher).toBe([
        'Напоминание: в журнале заполнено не всё.',
        '',
        'Уроки 20.11.2026:',
        '• 1-й урок, 7А, Математика. Не заполнено: посещаемость, домашнее задание',
        '',
        'Не выставлены отметки за работы, срок проверки истёк:',
        '• 7А, Математика: контрольная работа «Дроби» от 17.11.2026, проверить до 20.11.2026',
        '',
        'Итоговые отметки за 1 триместр: 7А, Математика — осталось 3 ученика',
      ].join('\n'));
      const [substitute] = textTo(1002);
      expect(substitute).toContain('Lessons of 20 Nov 2026:\n• Lesson 2, 7А, Математика. Missing: topic, attendance, homework');
      expect(substitute).toContain('Period marks for term 1: 7Б, История — 1 student left');

      const trimester = (await t.orm.em.fork().findOneOrFail(Period, { school: s.school.id, type: 'trimester' })).id;
      expect(await sentItems(s.people.teacher.id)).toEqual([
        `control:${ids.cw1}`, lessonKey(s.assignment.id, 1, 'attendance'), lessonKey(s.assignment.id, 1, 'homework'), `period:${trimester}:${s.assignment.id}`,
      ].sort());
      // Blocked or unbound: nothing is remembered, so it goes out once they can be reached.
      expect(await sentItems(s.people.deputy.id)).toEqual([]);
      expect(await sentItems(s.people.classTeacherA.id)).toEqual([]);
    });

    it('sends nothing again on the next run', async () => {
      messenger.sent = [];
      at(moscow(`${FRIDAY}T13:15`));
      expect(await send()).toEqual({ sent: 0, blocked: 1, failed: 0, unbound: 2 });
      expect(messenger.sent).toEqual([]);
    });

    it('tries a failed message again on the next run, with only what is new', async () => {
      at(moscow('2026-11-21T09:00'));
      messenger.failing = true;
      // The teacher (a new control work is due) and the deputy (still due, never delivered).
      expect(await send()).toEqual({ sent: 0, blocked: 0, failed: 2, unbound: 1 });
      expect(await sentItems(s.people.teacher.id)).not.toContain(`control:${ids.cw3}`);

      messenger.failing = false;
      at(moscow('2026-11-21T09:15'));
      expect(await send()).toEqual({ sent: 1, blocked: 1, failed: 0, unbound: 1 });
      expect(textTo(1001)).toEqual([expect.stringContaining('Тест от 18.11.2026, проверить до 21.11.2026')]);
      expect(textTo(1001)[0]).not.toContain('Дроби');
      expect(await sentItems(s.people.teacher.id)).toContain(`control:${ids.cw3}`);
    });

    it('waits for the end of the school\'s quiet hours', async () => {
      const em = t.orm.em.fork();
      em.create(TelegramAccount, { id: 1005, language: 'ru' });
      em.create(TelegramBinding, { telegramAccount: 1005, school: s.school.id, personKind: 'staff', personId: s.people.classTeacherA.id });
      await em.flush();
      messenger.sent = [];
      at(moscow('2026-11-24T07:50'));
      expect(await send()).toEqual({ sent: 0, blocked: 0, failed: 0, unbound: 0 });
      at(moscow('2026-11-24T08:00'));
      await send();
      expect(textTo(1005)).toEqual([expect.stringContaining('Сочинение от 17.11.2026, проверить до 24.11.2026')]);
    });

    it('runs as a scheduled job, and forgets delivered items after 60 days', async () => {
      at(moscow('2026-11-24T08:15'));
      expect(await runJob(t.core, reminderJob(messenger))).toBe(true);
      expect(await t.orm.em.fork().count(ReminderSent, {})).toBeGreaterThan(0);
      at(moscow('2027-01-24T09:00'));
      expect(await runJob(t.core, jobs.find((j) => j.name === 'prune-reminders-sent')!)).toBe(true);
      expect(await t.orm.em.fork().count(ReminderSent, {})).toBe(0);
    });
  });
});
