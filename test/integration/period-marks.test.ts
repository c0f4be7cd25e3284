import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/actor.js';
import { systemActor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { ReadLog } from '../../core/audit/read-log.js';
import { AccessDenied, ConcurrentChange } from '../../core/base/errors.js';
import { proposedPeriodMark } from '../../core/journal/formulas/index.js';
import type { Journal } from '../../core/journal/journal.js';
import { MarkChangeReport } from '../../core/journal/mark-change-report.js';
import { PeriodLock } from '../../core/journal/period-lock.entity.js';
import type { PeriodMarks } from '../../core/journal/period-marks.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { School } from '../../core/school/school.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom, fixedClock } from '../../core/time/clock.js';

const TODAY = '2026-11-20';

describe('period marks and the period lock (C7), the mark-change report (B4)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let now = new Date(`${TODAY}T09:00:00Z`);
  let journal: Journal;
  let periodMarks: PeriodMarks;
  const id = {} as Record<'answer' | 'test' | 'q1' | 'q2' | 'nextYearPeriod' | 'vasiliev' | 'grigoriev' | 'english', number>;
  const actors = {} as Record<'teacher' | 'otherTeacher' | 'classTeacher' | 'administrator' | 'director', Actor>;

  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const problemKey = (key: string) => expect.objectContaining({ problems: expect.arrayContaining([expect.objectContaining({ key })]) });
  const lesson = (date: string, number = 1, assignmentId = s.assignment.id) => run(() => journal.lessons.openLesson(assignmentId, date, number, actors.teacher));
  const mark = async (date: string, studentId: number, value: number, workTypeId: number, number = 1) =>
    run(async () => journal.marks.giveMark((await lesson(date, number)).id, studentId, value, { workTypeId }, actors.teacher));
  const sheet = (actor: Actor = actors.teacher, assignmentId = s.assignment.id) => run(() => periodMarks.sheet(assignmentId, id.q2, actor));
  const set = (studentId: number, choice: Parameters<PeriodMarks['set']>[3], version?: number, actor = actors.teacher) =>
    run(() => periodMarks.set(s.assignment.id, id.q2, studentId, choice, version, actor));
  const lockOf = () => t.orm.em.fork().findOne(PeriodLock, { assignment: s.assignment.id, period: id.q2 });

  beforeAll(async () => {
    // The whole core on the test's clock: the audit log's times are compared with it (the mark-change report).
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    journal = t.core.journal;
    periodMarks = t.core.periodMarks;
    const system = systemActor('panel');
    await run(async () => {
      const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        ((await t.core.records.create(kind, { school: s.school.id, ...input }, system)) as { id: number }).id;
      id.answer = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
      id.test = await create('WorkType', { name: 'Контрольная работа', weight: 2 });
      id.q1 = await create('Period', { year: s.year.id, type: 'quarter', number: 1, name: '1 четверть', startDate: '2026-09-01', endDate: '2026-10-26' });
      id.q2 = await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
      const nextYear = await create('AcademicYear', { name: '2027/2028', startDate: '2027-09-01', endDate: '2028-05-31' });
      id.nextYearPeriod = await create('Period', { year: nextYear, type: 'quarter', number: 1, name: '1 четверть 2027', startDate: '2027-09-01', endDate: '2027-10-27' });
      id.vasiliev = await create('Student', { lastName: 'Васильев', firstName: 'Иван', birthDate: '2013-02-03', sex: 'm' });
      await create('Enrollment', { student: id.vasiliev, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
      const subgroup = await create('Subgroup', { group: s.groupA.id, name: 'Группа 1' });
      await create('SubgroupMember', { subgroup, student: s.studentA.id });
      const english = await create('Subject', { name: 'Английский язык' });
      id.english = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: english, group: s.groupA.id, subgroup, plannedHours: 102 });
      // Left the class before the second quarter: not on its sheet.
      const em = t.orm.em;
      const gone = em.create(Student, { school: s.school.id, lastName: 'Григорьев', firstName: 'Олег', birthDate: '2013-06-07', sex: 'm', status: 'expelled' });
      await em.flush();
      id.grigoriev = gone.id;
      em.create(Enrollment, { school: s.school.id, student: gone.id, group: s.groupA.id, startDate: '2026-09-01', endDate: '2026-10-10', startReason: 'admission', endReason: 'expulsion' });
      await em.flush();
    });
    const em = t.orm.em.fork();
    actors.teacher = (await staffActorFor(em, s.people.teacher.id, 'bot'))!;
    actors.otherTeacher = (await staffActorFor(em, s.people.classTeacherB.id, 'bot'))!;
    actors.classTeacher = (await staffActorFor(em, s.people.classTeacherA.id, 'panel'))!;
    actors.administrator = (await staffActorFor(em, s.people.administrator.id, 'panel'))!;
    actors.director = (await staffActorFor(em, s.people.director.id, 'panel'))!;

    // A mark of the first quarter, which the second quarter's sheet must leave out.
    now = new Date('2026-10-20T09:00:00Z');
    await mark('2026-10-20', s.studentA.id, 2, id.answer);
    now = new Date(`${TODAY}T09:00:00Z`);
    await mark('2026-11-16', s.studentA.id, 5, id.answer);
    await mark('2026-11-18', s.studentA.id, 4, id.answer);
    await mark('2026-11-20', s.studentA.id, 3, id.test);
    await mark('2026-11-16', id.vasiliev, 5, id.test);
    await mark('2026-11-18', id.vasiliev, 4, id.answer);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('proposes the weighted average rounded by the school rule, for the students of the period only', async () => {
    const { rows, lock, roundingThreshold } = await sheet();
    expect(roundingThreshold).toBe(0.5);
    expect(lock).toBeNull();
    expect(rows.map((r) => r.fullName)).toEqual(['Алексеев Пётр', 'Васильев Иван']);
    const [alexeev, vasiliev] = rows;
    expect(alexeev!.marks.map((m) => [m.date, m.value, m.weight])).toEqual([['2026-11-16', 5, 1], ['2026-11-18', 4, 1], ['2026-11-20', 3, 2]]);
    // (5 + 4 + 3·2) ÷ 4 = 3.75 → 4; (5·2 + 4) ÷ 3 = 4.67 → 5.
    expect(alexeev).toMatchObject({ average: 4, weightedAverage: 3.75, proposed: 4, periodMark: null });
    expect(vasiliev!.weightedAverage).toBeCloseTo(14 / 3);
    expect(vasiliev).toMatchObject({ average: 4.5, proposed: 5 });
    for (const row of rows) {
      expect(row.proposed).toBe(proposedPeriodMark(row.marks.map((m) => ({ marks: [m.value as 2 | 3 | 4 | 5], weight: m.weight })), 0.5));
    }

    await t.orm.em.fork().nativeUpdate(School, { id: s.school.id }, { roundingThreshold: 0.8 });
    try {
      expect((await sheet()).rows.map((r) => r.proposed)).toEqual([3, 4]);
    } finally {
      await t.orm.em.fork().nativeUpdate(School, { id: s.school.id }, { roundingThreshold: 0.5 });
    }
  });

  it('lists only the subgroup’s members for a subgroup assignment, with no proposal without marks', async () => {
    const { rows } = await sheet(actors.teacher, id.english);
    expect(rows.map((r) => r.studentId)).toEqual([s.studentA.id]);
    expect(rows[0]).toMatchObject({ marks: [], average: null, weightedAverage: null, proposed: null });
    await expect(run(() => periodMarks.acceptProposed(id.english, id.q2, s.studentA.id, actors.teacher))).rejects.toEqual(problemKey('journal.noProposedMark'));
    await expect(run(() => periodMarks.set(id.english, id.q2, id.vasiliev, { value: '5' }, undefined, actors.teacher))).rejects.toEqual(problemKey('journal.notInGroupInPeriod'));
  });

  it('shows the sheet to the teacher, the class teacher and the director, not to another teacher', async () => {
    for (const actor of [actors.classTeacher, actors.director, actors.administrator]) await expect(sheet(actor)).resolves.toMatchObject({ rows: expect.any(Array) });
    await expect(sheet(actors.otherTeacher)).rejects.toThrow(AccessDenied);
  });

  it('refuses what is not a period mark of this assignment’s students, and anyone but its teacher', async () => {
    await expect(set(s.studentA.id, { value: '6' as never })).rejects.toEqual(problemKey('valueNotAllowed'));
    await expect(set(s.studentB.id, { value: '5' })).rejects.toEqual(problemKey('journal.notInGroupInPeriod'));
    await expect(set(id.grigoriev, { value: '5' })).rejects.toEqual(problemKey('journal.notInGroupInPeriod'));
    await expect(set(id.vasiliev, { deferredUntil: '2026-12-28' })).rejects.toEqual(problemKey('journal.deferralOutOfRange'));
    await expect(set(id.vasiliev, { deferredUntil: '2027-06-01' })).rejects.toEqual(problemKey('journal.deferralOutOfRange'));
    await expect(run(() => periodMarks.set(s.assignment.id, id.nextYearPeriod, s.studentA.id, { value: '5' }, undefined, actors.teacher)))
      .rejects.toEqual(problemKey('journal.periodOfAnotherYear'));
    for (const actor of [actors.administrator, actors.director, actors.classTeacher, actors.otherTeacher, systemActor('job')]) {
      await expect(set(s.studentA.id, { value: '5' }, undefined, actor)).rejects.toThrow(AccessDenied);
      await expect(run(() => periodMarks.acceptProposed(s.assignment.id, id.q2, s.studentA.id, actor))).rejects.toThrow(AccessDenied);
    }
    expect((await sheet()).rows.every((r) => r.periodMark === null)).toBe(true);
  });

  it('accepts the proposal, defers an ill student, and locks the period once everyone is settled', async () => {
    const accepted = await run(() => periodMarks.acceptProposed(s.assignment.id, id.q2, s.studentA.id, actors.teacher));
    expect(accepted).toMatchObject({ value: '4', deferredUntil: null, version: 1 });
    const audit = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'PeriodMark', entityId: String(accepted.id) });
    expect(audit).toMatchObject({ action: 'create', before: null, after: expect.objectContaining({ value: '4', student: s.studentA.id, period: id.q2 }) });
    expect(await lockOf()).toBeNull();

    // The teacher saw no mark of Vasiliev's: one given meanwhile is someone else's change.
    await expect(set(id.vasiliev, { value: '5' }, 1)).rejects.toThrow(ConcurrentChange);
    const deferred = await set(id.vasiliev, { deferredUntil: '2027-01-20' });
    expect(deferred).toMatchObject({ value: null, deferredUntil: '2027-01-20', version: 1 });

    const lock = await lockOf();
    expect(lock).toMatchObject({ locked: true, lockedAt: now });
    expect(await t.orm.em.fork().count(AuditEntry, { entity: 'PeriodLock', entityId: String(lock!.id), action: 'create' })).toBe(1);
    expect((await sheet()).lock).toMatchObject({ locked: true });
    expect((await sheet()).rows.map((r) => r.periodMark?.value ?? r.periodMark?.deferredUntil)).toEqual(['4', '2027-01-20']);
  });

  it('refuses journal changes inside the locked period, and period marks too, but takes the deferred mark', async () => {
    const inPeriod = await lesson('2026-11-16');
    const [given] = (await run(() => journal.lessons.sheet(inPeriod.id, actors.teacher))).marks;
    await expect(run(() => journal.rollCall.setAttendance(inPeriod.id, s.studentA.id, 'n', undefined, actors.teacher))).rejects.toEqual(problemKey('journal.periodLocked'));
    await expect(run(() => journal.marks.giveMark(inPeriod.id, s.studentA.id, 5, { workTypeId: id.answer }, actors.teacher))).rejects.toEqual(problemKey('journal.periodLocked'));
    await expect(run(() => journal.marks.changeMark(given!.id, { value: 2 }, given!.version, actors.teacher))).rejects.toEqual(problemKey('journal.periodLocked'));
    await expect(run(() => journal.lessons.setTopic(inPeriod.id, { text: 'Сложение дробей' }, actors.teacher))).rejects.toEqual(problemKey('journal.periodLocked'));
    await expect(lesson('2026-11-19')).rejects.toEqual(problemKey('journal.periodLocked'));
    const i18n = t.core.i18n.getFixedT('ru', 'errors');
    expect(i18n('journal.periodLocked', { period: '2 четверть', start: '05.11.2026', end: '28.12.2026' })).toContain('«2 четверть» (05.11.2026 — 28.12.2026) закрыт');
    await expect(set(s.studentA.id, { value: '5' }, 1)).rejects.toEqual(problemKey('journal.periodLocked'));

    // Another assignment of the same class is not closed by it.
    const english = await lesson('2026-11-19', 1, id.english);
    await run(() => journal.marks.giveMark(english.id, s.studentA.id, 5, { workTypeId: id.answer }, actors.teacher));

    const given2 = await set(id.vasiliev, { value: '5' }, 1);
    expect(given2).toMatchObject({ value: '5', deferredUntil: null, version: 2 });
    await expect(set(id.vasiliev, { deferredUntil: '2027-01-25' }, 2)).rejects.toEqual(problemKey('journal.periodLocked'));
  });

  it('lets only the administrator unlock; the journal opens again and the next complete set locks it again', async () => {
    for (const actor of [actors.teacher, actors.director, actors.classTeacher]) {
      await expect(run(() => periodMarks.unlock(s.assignment.id, id.q2, actor))).rejects.toThrow(AccessDenied);
    }
    expect(await lockOf()).toMatchObject({ locked: true });
    const unlocked = await run(() => periodMarks.unlock(s.assignment.id, id.q2, actors.administrator));
    expect(unlocked).toMatchObject({ locked: false, unlockedAt: now, unlockedBy: `staff:${s.people.administrator.id}` });
    const audit = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'PeriodLock', action: 'update' }, { orderBy: { id: 'desc' } });
    expect(audit).toMatchObject({ before: expect.objectContaining({ locked: true }), after: expect.objectContaining({ locked: false, unlockedBy: `staff:${s.people.administrator.id}` }) });
    await expect(run(() => periodMarks.unlock(s.assignment.id, id.q2, actors.administrator))).rejects.toEqual(problemKey('journal.periodNotLocked'));

    const inPeriod = await lesson('2026-11-16');
    const [given] = (await run(() => journal.lessons.sheet(inPeriod.id, actors.teacher))).marks;
    await run(() => journal.marks.changeMark(given!.id, { value: 4 }, given!.version, actors.teacher));
    await run(() => journal.lessons.setTopic(inPeriod.id, { text: 'Сложение дробей' }, actors.teacher));
    await run(() => journal.rollCall.setAttendance(inPeriod.id, id.vasiliev, 'op', undefined, actors.teacher));
    await run(() => journal.marks.giveMark(inPeriod.id, id.vasiliev, 5, { workTypeId: id.answer }, actors.teacher));

    await expect(set(s.studentA.id, { value: '5' }, 0)).rejects.toThrow(ConcurrentChange);
    await expect(set(s.studentA.id, { value: '5' })).rejects.toThrow(ConcurrentChange);
    now = new Date(`${TODAY}T10:00:00Z`);
    try {
      await set(s.studentA.id, { value: '5' }, 1);
      expect(await lockOf()).toMatchObject({ locked: true, lockedAt: now });
      await expect(run(() => journal.lessons.setTopic(inPeriod.id, { text: 'Вычитание дробей' }, actors.teacher))).rejects.toEqual(problemKey('journal.periodLocked'));
    } finally {
      now = new Date(`${TODAY}T09:00:00Z`);
    }
  });

  it('reports changed and removed marks with old and new values, for the administrator and the director only', async () => {
    await run(() => periodMarks.unlock(s.assignment.id, id.q2, actors.administrator));
    now = new Date('2026-11-06T09:00:00Z');
    try {
      const l = await lesson('2026-11-05', 2);
      const changed = await run(() => journal.marks.giveMark(l.id, s.studentA.id, 3, { workTypeId: id.answer }, actors.teacher));
      await run(() => journal.marks.changeMark(changed.id, { value: 4 }, 1, actors.teacher));
      await run(() => journal.marks.changeMark(changed.id, { comment: 'Исправил ошибку' }, 2, actors.teacher));
      const removed = await run(() => journal.marks.giveMark(l.id, id.vasiliev, 2, { workTypeId: id.test }, actors.teacher));
      await run(() => journal.marks.removeMark(removed.id, 1, actors.teacher));

      const today = t.core.clock.today('Europe/Moscow');
      const report = await run(() => t.core.markChanges.list({ from: today, to: today }, actors.administrator));
      const ofLesson = report.rows.filter((r) => r.lessonId === l.id);
      const common = { teacher: 'Учителева Мария Ивановна', teacherId: s.people.teacher.id, lessonDate: '2026-11-05', subject: 'Математика', group: '7А' };
      expect(ofLesson).toEqual([
        expect.objectContaining({ ...common, action: 'delete', student: 'Васильев Иван', oldMark: '2', newMark: null }),
        expect.objectContaining({ ...common, action: 'update', student: 'Алексеев Пётр', oldMark: '3', newMark: '4' }),
      ]);
      // The comment-only change is no change of the mark.
      expect(report.rows.filter((r) => r.oldMark === r.newMark)).toEqual([]);
      expect(report.total).toBe(report.rows.length);

      const march = fixedClock('2027-03-01T12:00:00Z');
      const byDefault = await run(() => new MarkChangeReport(() => t.orm.em, march, new ReadLog(() => t.orm.em, march)).list({}, actors.director));
      const wholeYear = await run(() => t.core.markChanges.list({ from: '2026-09-01', to: '2027-05-31' }, actors.director));
      expect(byDefault).toMatchObject({ from: '2026-09-01', to: '2027-05-31', total: wholeYear.total });
      // By default the year of today (2026-11-06 now): the second line of the whole year's list, newest first.
      const page = await run(() => t.core.markChanges.list({ limit: 1, offset: 1 }, actors.director));
      expect(page.rows.map((r) => r.id)).toEqual([wholeYear.rows[1]!.id]);
      expect((await run(() => t.core.markChanges.list({ from: '2000-01-01', to: '2000-01-31' }, actors.director))).total).toBe(0);
      await expect(run(() => t.core.markChanges.list({ from: '2026-12-01', to: '2026-11-01' }, actors.director))).rejects.toEqual(problemKey('dateRangeReversed'));
      await expect(run(() => t.core.markChanges.entry(ofLesson[0]!.id, actors.director))).resolves.toMatchObject({ oldMark: '2', newMark: null });

      for (const actor of [actors.teacher, actors.classTeacher]) {
        await expect(run(() => t.core.markChanges.list({}, actor))).rejects.toThrow(AccessDenied);
      }
    } finally {
      now = new Date(`${TODAY}T09:00:00Z`);
    }
  });

  it('closes a reopened period again when the teacher confirms an unchanged mark, without a new audit line for it', async () => {
    expect(await lockOf()).toMatchObject({ locked: false });
    const audits = await t.orm.em.fork().count(AuditEntry, { entity: 'PeriodMark' });
    const same = await set(s.studentA.id, { value: '5' }, 2);
    expect(same).toMatchObject({ value: '5', version: 2 });
    expect(await t.orm.em.fork().count(AuditEntry, { entity: 'PeriodMark' })).toBe(audits);
    expect(await lockOf()).toMatchObject({ locked: true });
  });
});
