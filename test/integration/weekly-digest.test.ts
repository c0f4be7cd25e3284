import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianActor, systemActor, type Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AccessDenied } from '../../core/base/errors.js';
import { translator } from '../../core/i18n/i18n.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { runJob } from '../../core/jobs/scheduler.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { WorkType } from '../../core/school/work-type.entity.js';
import type { DigestPayload } from '../../core/messages/digest-content.js';
import { weeklyDigestJob } from '../../core/messages/weekly-digest-job.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { renderers } from '../../core/notification-renderers.js';
import { WeeklyDigest } from '../../core/notifications/weekly-digest.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

describe('the weekly digest (D11): Saturday 12:00 in each school\'s zone, once, acknowledged by its guardian', () => {
  let now = new Date('2026-11-27T09:00:00Z');
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let far: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const staff = {} as Record<'classA' | 'classB' | 'director' | 'admin', Actor>;
  let guardianA: Actor;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const digestsOf = (schoolId: number) => em().find(WeeklyDigest, { school: schoolId }, { orderBy: { id: 'asc' } });
  const digestNotifications = () => em().find(Notification, { kind: 'digest' }, { orderBy: { id: 'asc' } });
  const runAt = async (iso: string) => {
    now = new Date(iso);
    expect(await runJob(t.core, weeklyDigestJob)).toBe(true);
  };

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    far = await createSchoolFixture(t.core, 'Школа № 3');
    let telegramId = 8000;
    const bind = async (schoolId: number, personKind: 'guardian' | 'staff', personId: number) => {
      const fork = em();
      fork.create(TelegramBinding, { telegramAccount: fork.create(TelegramAccount, { id: ++telegramId }), school: schoolId, personKind, personId });
      await fork.flush();
    };
    await run(async () => {
      await t.core.records.update('School', far.school.id, { timeZone: 'Asia/Vladivostok' }, sys);
      // Алексеева is the mother of both: two digests for her, one per child.
      await t.core.records.create('StudentGuardian', { school: s.school.id, student: s.studentB.id, guardian: s.guardianA.id, relation: 'mother' }, sys);
      // A parent who never used the bot gets no digest.
      const offline = (await t.core.records.create('Guardian', { school: s.school.id, lastName: 'Офлайнова', firstName: 'Инна' }, sys)) as { id: number };
      await t.core.records.create('StudentGuardian', { school: s.school.id, student: s.studentA.id, guardian: offline.id, relation: 'father' }, sys);
      await t.core.consents.record(offline.id, 'given', '2026-09-01', sys);
      await t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys);
      await t.core.consents.record(far.guardianA.id, 'given', '2026-09-01', sys);
    });
    await bind(s.school.id, 'guardian', s.guardianA.id);
    await bind(far.school.id, 'guardian', far.guardianA.id);
    guardianA = guardianActor({ guardianId: s.guardianA.id, schoolId: s.school.id });

    // The week of 23–29 November for Алексеев: two marks, an absence, homework due on Thursday and his own for Friday.
    const fork = em();
    const workType = fork.create(WorkType, { school: s.school.id, name: 'Ответ на уроке', weight: 1 });
    const lesson = (date: string, lessonNumber = 2) => fork.create(Lesson, { school: s.school.id, assignment: s.assignment.id, date, lessonNumber });
    const tuesday = lesson('2026-11-24');
    const wednesday = lesson('2026-11-25');
    const lastWeek = lesson('2026-11-17');
    fork.create(Mark, { school: s.school.id, lesson: tuesday, student: s.studentA.id, value: 5, workType });
    fork.create(Mark, { school: s.school.id, lesson: wednesday, student: s.studentA.id, value: 4, second: 5, workType });
    fork.create(Mark, { school: s.school.id, lesson: lastWeek, student: s.studentA.id, value: 2, workType });
    fork.create(Attendance, { school: s.school.id, lesson: wednesday, student: s.studentA.id, code: 'n' });
    fork.create(Homework, { school: s.school.id, lesson: tuesday, text: '№ 245, 247', dueDate: '2026-11-26' });
    fork.create(Homework, { school: s.school.id, lesson: wednesday, text: 'Исправить контрольную', student: s.studentA.id, dueDate: '2026-11-27' });
    fork.create(Homework, { school: s.school.id, lesson: wednesday, text: 'На следующую неделю', dueDate: '2026-12-01' });
    await fork.flush();

    const actor = async (id: number) => (await staffActorFor(em(), id, 'panel'))!;
    Object.assign(staff, {
      classA: await actor(s.people.classTeacherA.id),
      classB: await actor(s.people.classTeacherB.id),
      director: await actor(s.people.director.id),
      admin: await actor(s.people.administrator.id),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('issues nothing before Saturday 12:00 in the school\'s own time zone', async () => {
    await runAt('2026-11-27T09:00:00Z'); // Friday
    await runAt('2026-11-28T01:30:00Z'); // Saturday 11:30 in Vladivostok, 04:30 in Moscow
    expect(await em().count(WeeklyDigest, {})).toBe(0);
    expect(await digestNotifications()).toEqual([]);
  });

  it('issues each school\'s digests at its own noon, with the digest and its notification in one transaction', async () => {
    await runAt('2026-11-28T02:05:00Z'); // 12:05 in Vladivostok, 05:05 in Moscow
    expect((await digestsOf(far.school.id)).map((d) => [d.guardian.id, d.student.id, d.weekStart])).toEqual([[far.guardianA.id, far.studentA.id, '2026-11-23']]);
    expect(await digestsOf(s.school.id)).toEqual([]);

    await runAt('2026-11-28T09:05:00Z'); // 12:05 in Moscow
    const digests = await digestsOf(s.school.id);
    expect(digests.map((d) => [d.guardian.id, d.student.id, d.weekStart])).toEqual([
      [s.guardianA.id, s.studentA.id, '2026-11-23'],
      [s.guardianA.id, s.studentB.id, '2026-11-23'],
    ]);
    expect(digests.every((d) => d.sentAt?.getTime() === now.getTime() && d.acknowledgedAt === null)).toBe(true);
    expect(await em().count(WeeklyDigest, { school: far.school.id })).toBe(1);

    const forPetya = (await digestNotifications()).find((n) => n.eventKey === `digest:${digests[0]!.id}`)!;
    expect(forPetya).toMatchObject({ personKind: 'guardian', personId: s.guardianA.id, studentId: s.studentA.id });
    const payload = forPetya.payload as DigestPayload;
    expect(payload).toMatchObject({ digestId: digests[0]!.id, student: 'Алексеев Пётр', weekStart: '2026-11-23', weekEnd: '2026-11-29', totals: { marks: 2, absences: 1, homework: 2 } });
    expect(payload.marks).toEqual([
      { date: '2026-11-24', subject: 'Математика', value: 5, second: null, workType: 'Ответ на уроке' },
      { date: '2026-11-25', subject: 'Математика', value: 4, second: 5, workType: 'Ответ на уроке' },
    ]);
    expect(payload.absences).toEqual([{ date: '2026-11-25', lessonNumber: 2, subject: 'Математика', code: 'n' }]);
    expect(payload.homework).toEqual([
      { due: '2026-11-26', subject: 'Математика', text: '№ 245, 247', individual: false },
      { due: '2026-11-27', subject: 'Математика', text: 'Исправить контрольную', individual: true },
    ]);
    const [sameTx] = await em().execute<{ same: boolean }[]>(
      `select (select xmin::text from weekly_digest where id = ?) = (select xmin::text from notification where event_key = ?) as same`,
      [digests[0]!.id, `digest:${digests[0]!.id}`],
    );
    expect(sameTx?.same).toBe(true);

    // The message the guardian gets, in its language, with the button that acknowledges this digest.
    const message = renderers.digest!(translator(t.core.i18n, 'ru'), [forPetya]);
    expect(message.text).toContain('📋 Сводка за неделю 23.11–29.11\nАлексеев Пётр');
    expect(message.text).toContain('• 25.11 Математика — 4/5 (Ответ на уроке)');
    expect(message.text).toContain('Средний балл за неделю: 4,67');
    expect(message.text).toContain('• 25.11, 2-й урок, Математика — н (отсутствовал)');
    expect(message.text).toContain('• к 27.11, Математика (индивидуальное): Исправить контрольную');
    expect(message.buttons).toEqual([[{ text: '✓ Ознакомлен', action: { kind: 'acknowledgeDigest', digestId: digests[0]!.id } }]]);
    const english = renderers.digest!(translator(t.core.i18n, 'en'), [forPetya]);
    expect(english.text).toContain('Digest of the week 23.11–29.11');
    expect(english.text).toContain('lesson 2, Математика — absent');
  });

  it('is idempotent: later runs of the same Saturday add nothing', async () => {
    const before = (await digestNotifications()).length;
    await runAt('2026-11-28T09:40:00Z');
    await runAt('2026-11-28T15:05:00Z');
    expect(await em().count(WeeklyDigest, {})).toBe(3);
    expect(await digestNotifications()).toHaveLength(before);
  });

  it('records «Ознакомлен» for the digest\'s own guardian only, once', async () => {
    const [digest] = await digestsOf(s.school.id);
    await expect(run(() => t.core.digests.acknowledge(digest!.id, guardianActor({ guardianId: far.guardianA.id, schoolId: far.school.id })))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.digests.acknowledge(digest!.id, guardianActor({ guardianId: far.guardianA.id, schoolId: s.school.id })))).rejects.toThrow(AccessDenied);
    expect((await em().findOneOrFail(WeeklyDigest, digest!.id)).acknowledgedAt).toBeNull();

    now = new Date('2026-11-28T10:00:00Z');
    await run(() => t.core.digests.acknowledge(digest!.id, guardianA));
    now = new Date('2026-11-28T11:00:00Z');
    await run(() => t.core.digests.acknowledge(digest!.id, guardianA));
    expect((await em().findOneOrFail(WeeklyDigest, digest!.id)).acknowledgedAt).toEqual(new Date('2026-11-28T10:00:00Z'));
  });

  it('shows the class teacher who acknowledged in its own class; the school\'s head sees every class', async () => {
    const own = await run(() => t.core.digests.acknowledgements(s.groupA.id, staff.classA));
    expect(own.weekStart).toBe('2026-11-23');
    expect(own.rows).toEqual([{
      studentId: s.studentA.id, student: 'Алексеев Пётр',
      guardians: [expect.objectContaining({ guardianId: s.guardianA.id, guardian: 'Алексеева Анна', acknowledgedAt: new Date('2026-11-28T10:00:00Z') })],
    }]);
    await expect(run(() => t.core.digests.acknowledgements(s.groupB.id, staff.classA))).rejects.toThrow(AccessDenied);
    const b = await run(() => t.core.digests.acknowledgements(s.groupB.id, staff.director));
    expect(b.rows[0]!.guardians.map((g) => g.acknowledgedAt)).toEqual([null]);

    expect((await run(() => t.core.digests.list(staff.classA))).rows.map((r) => [r.student, r.group, r.digest.acknowledgedAt !== null])).toEqual([['Алексеев Пётр', '7А', true]]);
    expect((await run(() => t.core.digests.list(staff.admin))).total).toBe(2);
    expect((await run(() => t.core.digests.list(staff.admin, { acknowledged: false }))).rows.map((r) => r.student)).toEqual(['Борисов Пётр']);
  });

  it('issues the next week\'s digests the next Saturday', async () => {
    await runAt('2026-12-05T09:05:00Z');
    expect((await digestsOf(s.school.id)).map((d) => d.weekStart)).toEqual(['2026-11-23', '2026-11-23', '2026-11-30', '2026-11-30']);
  });
});
