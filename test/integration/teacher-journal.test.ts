import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockFrom } from '../../core/time/clock.js';
import type { Actor } from '../../core/access/actor.js';
import { systemActor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AccessDenied, ConcurrentChange, NotFound } from '../../core/base/errors.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** Whether `value` is made of plain objects, arrays and primitives only: no entity (nor any other class) anywhere in it. */
function isPlain(value: unknown, seen = new Set<unknown>()): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'function';
  if (seen.has(value)) return true;
  seen.add(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== Array.prototype) return false;
  return Object.values(value).every((v) => isPlain(v, seen));
}

describe('the journal as the bot works it (TeacherJournal): one call a tap, answered with plain views', () => {
  const now = new Date('2026-11-20T09:00:00Z');
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const actors = {} as Record<'teacher' | 'other' | 'classTeacher', Actor>;
  const id = { workType: 0, period: 0, lesson: 0 };
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const tj = () => t.core.teacherJournal;

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    const sys = systemActor('panel');
    await run(async () => {
      const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        ((await t.core.records.create(kind, { school: s.school.id, ...input }, sys)) as { id: number }).id;
      id.workType = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
      id.period = await create('Period', { year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
    });
    const em = t.orm.em.fork();
    actors.teacher = (await staffActorFor(em, s.people.teacher.id, 'bot'))!;
    actors.other = (await staffActorFor(em, s.people.classTeacherB.id, 'bot'))!;
    actors.classTeacher = (await staffActorFor(em, s.people.classTeacherA.id, 'bot'))!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens a lesson and answers every change with the lesson as it is after it, as plain values', async () => {
    const opened = await run(() => tj().openLesson(s.assignment.id, '2026-11-20', 1, actors.teacher));
    id.lesson = opened.lesson.id;
    expect(opened.lesson).toMatchObject({ date: '2026-11-20', lessonNumber: 1, topic: null, rollCallTaken: false, substitute: null });
    expect(opened.lesson.assignment).toMatchObject({ subject: { name: 'Математика', doubleMarksAllowed: false }, group: { name: '7А' }, subgroup: null });
    expect(opened.students.map((st) => st.lastName)).toEqual(['Алексеев']);
    expect(opened.workTypes).toEqual([{ id: id.workType, name: 'Ответ на уроке', weight: 1 }]);
    expect(isPlain(opened)).toBe(true);
    // The check above can fail: the service it wraps answers with entities.
    expect(isPlain(await run(() => t.core.journal.lessons.sheet(id.lesson, actors.teacher)))).toBe(false);

    const topic = await run(() => tj().setTopic(id.lesson, { text: 'Дроби' }, actors.teacher));
    expect(topic.lesson.topic).toBe('Дроби');
    const late = await run(() => tj().setAttendance(id.lesson, s.studentA.id, 'op', 0, actors.teacher));
    expect(late.saved).toMatchObject({ studentId: s.studentA.id, code: 'op' });
    expect(late.sheet.attendance).toEqual([late.saved]);
    const given = await run(() => tj().giveMark(id.lesson, s.studentA.id, 4, { workTypeId: id.workType }, actors.teacher));
    expect(given.mark).toMatchObject({ lessonId: id.lesson, studentId: s.studentA.id, value: 4, second: null, workTypeId: id.workType, comment: null, makeUp: false });
    expect(given.sheet.marks).toEqual([given.mark]);
    const homework = await run(() => tj().setHomework(id.lesson, { text: '№ 12' }, actors.teacher));
    expect(homework.homework).toMatchObject([{ studentId: null, text: '№ 12', none: false }]);
    for (const answer of [topic, late, given, homework]) expect(isPlain(answer)).toBe(true);
  });

  it('changes, comments and removes a mark the teacher saw, telling what it was', async () => {
    const given = await t.orm.em.fork().findOneOrFail(Mark, { lesson: id.lesson });
    const { mark } = await run(() => tj().mark(given.id, actors.teacher));
    const changed = await run(() => tj().changeMark(mark.id, { value: 5, second: null }, mark.version, actors.teacher));
    expect([changed.before.value, changed.mark.value]).toEqual([4, 5]);
    expect(changed.sheet.marks.map((m) => m.value)).toEqual([5]);
    // The version the teacher saw is no longer the mark's: nothing changes.
    await expect(run(() => tj().changeMark(mark.id, { value: 3, second: null }, mark.version, actors.teacher))).rejects.toThrow(ConcurrentChange);
    const commented = await run(() => tj().commentMark(mark.id, ' Молодец ', actors.teacher));
    expect(commented.mark.comment).toBe('Молодец');
    const removed = await run(() => tj().removeMark(mark.id, commented.mark.version, actors.teacher));
    expect(removed.removed).toMatchObject({ id: mark.id, value: 5, comment: 'Молодец' });
    expect(removed.sheet.marks).toEqual([]);
    await expect(run(() => tj().mark(mark.id, actors.teacher))).rejects.toThrow(NotFound);
    // Another teacher may not read this lesson's marks, nor change them.
    const again = await run(() => tj().giveMark(id.lesson, s.studentA.id, 3, { workTypeId: id.workType }, actors.teacher));
    await expect(run(() => tj().removeMark(again.mark.id, again.mark.version, actors.other))).rejects.toThrow(AccessDenied);
  });

  it('lets the class teacher record the reason of an absence, answering with the class\'s absences', async () => {
    await run(() => tj().setAttendance(id.lesson, s.studentA.id, 'n', 1, actors.teacher));
    const [absence, ...more] = await run(() => tj().classAbsences(actors.classTeacher));
    expect(more).toEqual([]);
    expect(absence).toMatchObject({ code: 'n', date: '2026-11-20', lessonNumber: 1, subject: 'Математика', group: '7А', student: { id: s.studentA.id, lastName: 'Алексеев' } });
    const after = await run(() => tj().excuseAbsence(absence!.attendanceId, 'b', absence!.version, actors.classTeacher));
    expect(after.map((a) => a.code)).toEqual(['b']);
    expect(isPlain(after)).toBe(true);
    await expect(run(() => tj().classAbsences(actors.teacher))).rejects.toThrow(AccessDenied);
  });

  it('shows the period sheet with its assignment\'s names, defers and accepts period marks', async () => {
    const sheet = await run(() => tj().periodSheet(s.assignment.id, id.period, actors.teacher));
    // The sheet's title needs the subject and the group, loaded in this unit of work.
    expect(sheet.assignment).toMatchObject({ subject: { name: 'Математика' }, group: { name: '7А' }, subgroup: null, yearId: s.year.id });
    expect(sheet.period).toEqual({ id: id.period, yearId: s.year.id, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
    expect(sheet.rows.map((r) => [r.fullName, r.proposed])).toEqual([['Алексеев Пётр', 3]]);
    expect(isPlain(sheet)).toBe(true);
    const deferred = await run(() => tj().deferPeriodMark(s.assignment.id, id.period, s.studentA.id, 2, undefined, actors.teacher));
    expect(deferred.rows[0]!.periodMark).toMatchObject({ value: null, deferredUntil: '2027-01-11' });
    const { accepted, sheet: after } = await run(() => tj().acceptAllProposed(s.assignment.id, id.period, actors.teacher));
    expect(accepted).toBe(0);
    expect(after.lock?.locked).toBe(true);
  });
});
