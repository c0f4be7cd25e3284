import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AccessDenied, NotFound } from '../../core/base/errors.js';
import { translator } from '../../core/i18n/i18n.js';
import { renderers } from '../../core/notification-renderers.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { PeriodLock } from '../../core/journal/period-lock.entity.js';
import { PeriodMark } from '../../core/journal/period-mark.entity.js';
import { Dispatcher } from '../../core/notifications/dispatcher.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { Student } from '../../core/people/student.entity.js';
import { School } from '../../core/school/school.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { bindTelegram, recordConsent } from '../support/notification-fixture.js';
import { RecordingSender } from '../support/notification-sender.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// Monday 23 November 2026, 09:00 in Moscow; the leak began on Saturday.
const BEFORE_LEAK = '2026-11-20T09:00:00Z';
const LEAKED_SINCE = '2026-11-21T00:00:00Z';
const DURING_LEAK = '2026-11-23T06:00:00Z';
const AFTER_REPORT = '2026-11-23T08:00:00Z';
const GUARDIAN_CHAT = 7001;

describe('leaked access: the rollback undoes journal entries through the journal (B3)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const clock = new MovableClock(BEFORE_LEAK);
  let teacher: Actor;
  let admin: Actor;
  const ids = { workType: 0, studentC: 0, q2: 0, russian: 0, history: 0, topic: 0, lessonBefore: 0, lessonLeaked: 0, historyLesson: 0, markBefore: 0, markGiven: 0, markSuperseded: 0, markHistory: 0, lateness: 0, report: 0 };

  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();

  beforeAll(async () => {
    t = await createTestCore({}, clock);
    s = await createSchoolFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    const system = systemActor('panel');
    const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
      ((await run(() => t.core.records.create(kind, { school: s.school.id, ...input }, system))) as { id: number }).id;
    await em().nativeUpdate(School, { id: s.school.id }, { quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    ids.workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
    ids.studentC = await create('Student', { lastName: 'Воронин', firstName: 'Олег', birthDate: '2013-02-02', sex: 'm' });
    await create('Enrollment', { student: ids.studentC, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
    ids.q2 = await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
    const subject = async (name: string) => create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: await create('Subject', { name }), group: s.groupA.id, plannedHours: 68 });
    ids.russian = await subject('Русский язык');
    ids.history = await subject('История');
    ids.topic = await create('ThematicPlanTopic', { assignment: s.assignment.id, position: 1, title: 'Дроби', hours: 2 });
    const fork = em();
    await recordConsent(fork, s.school.id, s.guardianA.id, 'given');
    await bindTelegram(fork, s.school.id, 'guardian', s.guardianA.id, GUARDIAN_CHAT);
    teacher = (await staffActorFor(em(), s.people.teacher.id, 'bot'))!;
    admin = (await staffActorFor(em(), s.people.administrator.id, 'panel'))!;

    // Before the leak, the teacher's own entries: a lesson with its topic and a 4.
    const lessonBefore = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, '2026-11-20', 1, teacher));
    ids.lessonBefore = lessonBefore.id;
    await run(() => t.core.journal.lessons.setTopic(lessonBefore.id, { planTopicId: ids.topic }, teacher));
    ids.markBefore = (await run(() => t.core.journal.marks.giveMark(lessonBefore.id, s.studentA.id, 4, { workTypeId: ids.workType }, teacher))).id;

    // During the leak, through the teacher's binding: a lesson with a topic, a roll call, marks and homework…
    clock.set(DURING_LEAK);
    const leaked = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, '2026-11-23', 2, teacher));
    ids.lessonLeaked = leaked.id;
    await run(() => t.core.journal.lessons.setTopic(leaked.id, { text: 'Контрольная работа без предупреждения' }, teacher));
    await run(() => t.core.journal.rollCall.setAttendance(leaked.id, s.studentA.id, 'n', undefined, teacher));
    await run(() => t.core.journal.rollCall.setAttendance(leaked.id, ids.studentC, 'op', undefined, teacher));
    await run(() => t.core.journal.rollCall.finishRollCall(leaked.id, teacher));
    ids.markGiven = (await run(() => t.core.journal.marks.giveMark(leaked.id, s.studentA.id, 2, { workTypeId: ids.workType }, teacher))).id;
    ids.markSuperseded = (await run(() => t.core.journal.marks.giveMark(leaked.id, ids.studentC, 2, { workTypeId: ids.workType }, teacher))).id;
    await run(() => t.core.journal.homework.setHomework(leaked.id, { text: 'Переписать учебник' }, teacher));
    // …the mark given before changed, and the older lesson's topic replaced…
    await run(() => t.core.journal.marks.changeMark(ids.markBefore, { value: 2 }, 1, teacher));
    await run(() => t.core.journal.lessons.setTopic(ids.lessonBefore, { text: 'Повторение пройденного за четверть' }, teacher));
    // …period marks in Russian for the whole class, which closed its quarter, and a mark in history.
    await run(() => t.core.periodMarks.set(ids.russian, ids.q2, s.studentA.id, { value: '2' }, undefined, teacher));
    await run(() => t.core.periodMarks.set(ids.russian, ids.q2, ids.studentC, { value: 'na' }, undefined, teacher));
    const historyLesson = await run(() => t.core.journal.lessons.openLesson(ids.history, '2026-11-23', 3, teacher));
    ids.historyLesson = historyLesson.id;
    ids.markHistory = (await run(() => t.core.journal.marks.giveMark(historyLesson.id, s.studentA.id, 3, { workTypeId: ids.workType }, teacher))).id;

    // The report; afterwards the teacher, signed in again, corrects one mark and closes the history quarter.
    clock.set(AFTER_REPORT);
    ids.report = (await run(() => t.core.security.report({ personKind: 'staff', personId: s.people.teacher.id, leakedSince: LEAKED_SINCE, source: 'panel' }, admin))).id;
    clock.advance(60_000);
    await run(() => t.core.journal.marks.changeMark(ids.markSuperseded, { value: 4 }, 1, teacher));
    ids.lateness = (await run(() => t.core.journal.rollCall.setAttendance(ids.lessonLeaked, ids.studentC, 'b', undefined, teacher)))!.id;
    await run(() => t.core.periodMarks.set(ids.history, ids.q2, s.studentA.id, { value: '3' }, undefined, teacher));
    await run(() => t.core.periodMarks.set(ids.history, ids.q2, ids.studentC, { value: '4' }, undefined, teacher));
    await em().nativeDelete(Notification, {});
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lists what would be kept before the rollback: the entries changed again after the report', async () => {
    const kept = await run(() => t.core.security.keptOperations(ids.report, admin));
    const ops = await run(() => t.core.security.operations(ids.report, admin));
    const superseded = ops.filter((o) => kept.get(String(o.id)) === 'superseded');
    expect(superseded.map((o) => [o.entity, o.entityId])).toEqual([['Mark', String(ids.markSuperseded)], ['Attendance', String(ids.lateness)]]);
    expect(await run(() => t.core.panel.compromiseOperations(ids.report, admin))).toContain('не откатывается: запись изменена позже другим пользователем');
  });

  it('refuses the rollback to a teacher, the director and another school\'s administrator', async () => {
    const director = (await staffActorFor(em(), s.people.director.id, 'panel'))!;
    const stranger = staffActor({ schoolId: other.school.id, staffId: other.people.administrator.id, roles: ['administrator'], classGroupIds: [], source: 'panel' });
    await expect(run(() => t.core.security.rollBack(ids.report, teacher))).rejects.toBeInstanceOf(AccessDenied);
    await expect(run(() => t.core.security.rollBack(ids.report, director))).rejects.toBeInstanceOf(AccessDenied);
    await expect(run(() => t.core.security.rollBack(ids.report, stranger))).rejects.toBeInstanceOf(NotFound);
    // The journal's undo itself checks the right too.
    const target = { entity: 'Mark' as const, schoolId: s.school.id, reportId: ids.report, entityId: ids.markGiven, latest: { lesson: ids.lessonLeaked }, base: null, created: null, fields: 'all' as const };
    await expect(run(() => t.orm.em.transactional((tx) => t.core.journal.undo.undo(tx, target, teacher)))).rejects.toBeInstanceOf(AccessDenied);
    expect(await em().count(Mark, { id: ids.markGiven })).toBe(1);
  });

  it('puts the journal back as before the leak, keeps the superseded mark and the closed period, audits each undo', async () => {
    const lastBefore = Number((await em().find(AuditEntry, {}, { orderBy: { id: 'desc' }, limit: 1 }))[0]!.id);
    const result = await run(() => t.core.security.rollBack(ids.report, admin));

    // Marks: the one given is gone, the changed one is 4 again, the one corrected after the report stays.
    expect(await em().count(Mark, { id: ids.markGiven })).toBe(0);
    expect((await em().findOneOrFail(Mark, ids.markBefore)).value).toBe(4);
    expect((await em().findOneOrFail(Mark, ids.markSuperseded)).value).toBe(4);
    // The roll call and homework are gone but for the lateness the teacher corrected; the lesson stays (it holds
    // kept entries) without the leak's topic and roll call.
    expect(await em().find(Attendance, { lesson: ids.lessonLeaked })).toMatchObject([{ id: ids.lateness, student: { id: ids.studentC }, code: 'b' }]);
    expect(await em().count(Homework, { lesson: ids.lessonLeaked })).toBe(0);
    expect(await em().findOneOrFail(Lesson, ids.lessonLeaked)).toMatchObject({ topic: null, attendanceTakenAt: null });
    // The older lesson's topic is the plan's again.
    expect(await em().findOneOrFail(Lesson, ids.lessonBefore)).toMatchObject({ topic: 'Дроби', planTopic: { id: ids.topic } });
    // Russian: the period marks and the lock they made are gone. History: closed after the report, so its mark stays.
    expect(await em().count(PeriodMark, { assignment: ids.russian })).toBe(0);
    expect(await em().count(PeriodLock, { assignment: ids.russian })).toBe(0);
    expect(await em().count(Mark, { id: ids.markHistory })).toBe(1);

    const kept = result.kept.map((k) => [k.reason, k.operation.entity, Number(k.operation.entityId)]);
    expect(kept).toEqual(expect.arrayContaining([['superseded', 'Mark', ids.markSuperseded], ['superseded', 'Attendance', ids.lateness], ['periodLocked', 'Mark', ids.markHistory]]));
    // The history lesson was opened through the leak too; it is in the closed period as well.
    expect(kept.filter(([reason]) => reason === 'periodLocked').map(([, entity]) => entity).sort()).toEqual(['Lesson', 'Mark']);
    expect(result.kept).toHaveLength(4);
    const all = await run(() => t.core.security.operations(ids.report, admin));
    expect(result.undone).toBe(all.length - result.kept.length);

    // Each undo is a `rollback` line of the administrator linked to the report; the report's own line ends them.
    const lines = await em().find(AuditEntry, { id: { $gt: lastBefore } }, { orderBy: { id: 'asc' } });
    expect(lines.every((l) => l.action === 'rollback' && l.compromiseReport?.id === ids.report && l.actorStaff?.id === s.people.administrator.id)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ entity: 'CompromiseReport', entityId: String(ids.report) });
    expect(lines.find((l) => l.entity === 'Mark' && l.entityId === String(ids.markBefore))).toMatchObject({ before: { value: 2 }, after: { value: 4 } });
    expect(lines.find((l) => l.entity === 'Mark' && l.entityId === String(ids.markGiven))).toMatchObject({ before: { value: 2 }, after: null });

    // The show page now says what was kept and why.
    const page = await run(() => t.core.panel.compromiseOperations(ids.report, admin));
    expect(page.split('\n').filter((l) => l.includes('период закрыт итоговыми отметками'))).toHaveLength(2);
    expect(t.core.panel.rollbackNotice(result, translator(t.core.i18n, 'ru'))).toBe(`Откачено операций: ${result.undone}. Не откачено: 4 (изменены позже другими — 2; в закрытом периоде — 2), см. список операций.`);
    expect(t.core.panel.rollbackNotice(result, translator(t.core.i18n, 'en'))).toBe(`Operations rolled back: ${result.undone}. Not rolled back: 4 (changed later by others: 2; in a closed period: 2); see the list of operations.`);
  });

  it('tells the guardian, in one message, which marks, absences, period marks and homework were cancelled', async () => {
    const rows = await em().find(Notification, { telegramAccountId: GUARDIAN_CHAT }, { orderBy: { id: 'asc' } });
    expect(rows.every((r) => r.kind === 'cancelled')).toBe(true);
    expect(rows.map((r) => (r.payload as { entry: string }).entry).sort()).toEqual(['absence', 'homework', 'mark', 'mark', 'periodMark']);
    const sender = new RecordingSender();
    const dispatcher = new Dispatcher({ renderers, orm: t.orm, i18n: t.core.i18n, log: t.core.log, sender, clock: t.core.clock, settings: { ...t.core.config.notifications, globalPerSecond: 500, perChatPerSecond: 100 } });
    clock.advance(120_000);
    await dispatcher.runOnce();
    const texts = sender.sent.filter((m) => m.chatId === GUARDIAN_CHAT).map((m) => m.text);
    expect(texts).toHaveLength(1);
    const why = '(запись сделана через утраченный доступ к журналу)';
    expect(texts[0]).toContain('🔔 Дневник: 5 новых записей');
    expect(texts[0]).toContain(`Алексеев Пётр, математика, 20.11: оценка 2 отменена ${why}, снова 4`);
    const leakedDay = texts[0]!.split('\n').find((l) => l.startsWith('Алексеев Пётр, математика, 23.11: '));
    expect(leakedDay?.split(': ').slice(1).join(': ').split('; ').sort()).toEqual([
      `домашнее задание «Переписать учебник» отменено ${why}`,
      `отметка «н» отменена ${why}`,
      `оценка 2 отменена ${why}`,
    ]);
    expect(texts[0]).toContain(`Алексеев Пётр, русский язык, 2 четверть: итоговая отметка 2 отменена ${why}`);
  });

  it('rolls back only once', async () => {
    await expect(run(() => t.core.security.rollBack(ids.report, admin))).rejects.toMatchObject({ problems: [{ key: 'compromiseAlreadyRolledBack' }] });
  });

  it('shows the undone mark change in the mark-change report, as the administrator\'s', async () => {
    const page = await run(() => t.core.markChanges.list({}, admin));
    const row = page.rows.find((r) => r.lessonId === ids.lessonBefore && r.oldMark === '2');
    expect(row).toMatchObject({ newMark: '4', teacherId: s.people.administrator.id });
  });

  it('keeps a set-up record changed again afterwards, and changes back only the fields the leak changed', async () => {
    const victim = (await staffActorFor(em(), s.people.classTeacherB.id, 'panel'))!;
    const studentD = (await run(() => t.core.records.create('Student', { school: s.school.id, lastName: 'Дмитриев', firstName: 'Олег', birthDate: '2013-02-02', sex: 'm' }, admin))) as { id: number };
    await run(() => t.core.records.create('Enrollment', { school: s.school.id, student: studentD.id, group: s.groupB.id, startDate: '2026-09-01', startReason: 'admission' }, admin));
    clock.set('2026-11-24T06:00:00Z');
    await run(() => t.core.records.update('Student', s.studentB.id, { lastName: 'Подменённый' }, victim));
    await run(() => t.core.records.update('Student', studentD.id, { firstName: 'Подменённый' }, victim));
    clock.advance(60_000);
    await run(() => t.core.records.update('Student', s.studentB.id, { lastName: 'Борисов-Исправленный' }, admin));
    await run(() => t.core.records.update('Student', studentD.id, { middleName: 'Иванович' }, admin));
    const report = await run(() => t.core.security.report({ personKind: 'staff', personId: s.people.classTeacherB.id, leakedSince: '2026-11-24T00:00:00Z', source: 'panel' }, admin));
    const result = await run(() => t.core.security.rollBack(report.id, admin));
    expect(result.undone).toBe(1);
    expect(result.kept.map((k) => [k.reason, Number(k.operation.entityId)])).toEqual([['superseded', s.studentB.id]]);
    expect((await em().findOneOrFail(Student, s.studentB.id)).lastName).toBe('Борисов-Исправленный');
    expect(await em().findOneOrFail(Student, studentD.id)).toMatchObject({ firstName: 'Олег', middleName: 'Иванович' });
  });
});
