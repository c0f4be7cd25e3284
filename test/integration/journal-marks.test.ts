import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { systemActor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AccessDenied, ConcurrentChange, ValidationFailed } from '../../core/base/errors.js';
import { Attendance } from '../../core/journal/attendance.entity.js';
import { lastEditableDay } from '../../core/journal/edit-window.js';
import type { Journal } from '../../core/journal/journal.js';
import { localDate } from '../../core/time/local-date.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { School } from '../../core/school/school.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

const LESSON_DAY = '2026-11-20';

describe('the journal: lessons, topics, attendance and marks (C1–C8)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let now = new Date(`${LESSON_DAY}T09:00:00Z`);
  let journal: Journal;
  let workTypeId: number;
  let russianAssignmentId: number;
  const actors = {} as Record<'teacher' | 'otherTeacher' | 'classTeacher' | 'administrator' | 'director', Actor>;

  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const problemKey = (key: string) => expect.objectContaining({ problems: expect.arrayContaining([expect.objectContaining({ key })]) });
  const lesson = (number: number, assignmentId = s.assignment.id, date = LESSON_DAY) =>
    run(() => journal.lessons.openLesson(assignmentId, date, number, actors.teacher));
  const marksOf = async (lessonId: number) => t.orm.em.fork().find(Mark, { lesson: lessonId }, { orderBy: { id: 'asc' } });

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    journal = t.core.journal;
    const system = systemActor('panel');
    await run(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        t.core.records.create(kind, { school: s.school.id, ...input }, system) as Promise<{ id: number }>;
      workTypeId = (await create('WorkType', { name: 'Ответ на уроке', weight: 1 })).id;
      const russian = await create('Subject', { name: 'Русский язык', doubleMarksAllowed: true });
      russianAssignmentId = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: russian.id, group: s.groupA.id, plannedHours: 136 })).id;
    });
    const em = t.orm.em.fork();
    actors.teacher = (await staffActorFor(em, s.people.teacher.id, 'bot'))!;
    actors.otherTeacher = (await staffActorFor(em, s.people.classTeacherB.id, 'bot'))!;
    actors.classTeacher = (await staffActorFor(em, s.people.classTeacherA.id, 'bot'))!;
    actors.administrator = (await staffActorFor(em, s.people.administrator.id, 'panel'))!;
    actors.director = (await staffActorFor(em, s.people.director.id, 'panel'))!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts the edit window from the lesson date in the school time zone', () => {
    expect(lastEditableDay('2026-11-20', 'never')).toBe('2026-11-20');
    expect(lastEditableDay('2026-11-20', '2w')).toBe('2026-12-04');
    expect(lastEditableDay('2027-01-31', '1m')).toBe('2027-02-28');
    expect(localDate(new Date('2026-11-20T22:30:00Z'), 'Europe/Moscow')).toBe('2026-11-21');
    expect(localDate(new Date('2026-11-20T22:30:00Z'), 'UTC')).toBe('2026-11-20');
  });

  it('lets the teacher give a mark, audited in the same transaction', async () => {
    const l = await lesson(1);
    expect(await lesson(1)).toMatchObject({ id: l.id });
    const mark = await run(() => journal.marks.giveMark(l.id, s.studentA.id, 5, { workTypeId, comment: ' Отличный ответ ' }, actors.teacher));
    expect(await marksOf(l.id)).toEqual([expect.objectContaining({ id: mark.id, value: 5, second: null, comment: 'Отличный ответ', makeUp: false, version: 1 })]);
    const audit = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'Mark', entityId: String(mark.id) });
    expect(audit).toMatchObject({ action: 'create', source: 'bot', before: null, after: expect.objectContaining({ value: 5, student: s.studentA.id, lesson: l.id }) });
    expect(audit.actorStaff?.id).toBe(s.people.teacher.id);
    await expect(run(() => journal.marks.giveMark(l.id, s.studentA.id, 6, { workTypeId }, actors.teacher))).rejects.toThrow(ValidationFailed);
  });

  it('gives a double mark only in a subject that allows it', async () => {
    const maths = await lesson(2);
    await expect(run(() => journal.marks.giveMark(maths.id, s.studentA.id, 5, { second: 4, workTypeId }, actors.teacher)))
      .rejects.toEqual(problemKey('journal.doubleMarkNotAllowed'));
    expect(await marksOf(maths.id)).toEqual([]);
    const russian = await lesson(3, russianAssignmentId);
    const mark = await run(() => journal.marks.giveMark(russian.id, s.studentA.id, 5, { second: 4, workTypeId }, actors.teacher));
    expect(mark).toMatchObject({ value: 5, second: 4 });
  });

  it('lets no one but the lesson teacher give marks: not another teacher, the class teacher or the administrator', async () => {
    const l = await lesson(4);
    for (const actor of [actors.otherTeacher, actors.classTeacher, actors.administrator, actors.director, systemActor('job')]) {
      await expect(run(() => journal.marks.giveMark(l.id, s.studentA.id, 4, { workTypeId }, actor))).rejects.toThrow(AccessDenied);
      await expect(run(() => journal.lessons.openLesson(s.assignment.id, LESSON_DAY, 5, actor))).rejects.toThrow(AccessDenied);
    }
    expect(await marksOf(l.id)).toEqual([]);
    // They may still see the journal, each within its reach.
    await expect(run(() => journal.lessons.sheet(l.id, actors.classTeacher))).resolves.toMatchObject({ marks: [] });
    await expect(run(() => journal.lessons.sheet(l.id, actors.director))).resolves.toMatchObject({ marks: [] });
    await expect(run(() => journal.lessons.sheet(l.id, actors.otherTeacher))).rejects.toThrow(AccessDenied);
  });

  it('lets the substitute registered by the deputy fill in that lesson only (C6)', async () => {
    const deputy = (await staffActorFor(t.orm.em.fork(), s.people.deputy.id, 'panel'))!;
    await expect(run(() => journal.lessons.setSubstitute(s.assignment.id, LESSON_DAY, 9, s.people.classTeacherB.id, actors.teacher))).rejects.toThrow(AccessDenied);
    await expect(run(() => journal.lessons.setSubstitute(s.assignment.id, LESSON_DAY, 9, s.people.director.id, deputy))).rejects.toEqual(problemKey('journal.substituteInvalid'));
    const l = await run(() => journal.lessons.setSubstitute(s.assignment.id, LESSON_DAY, 9, s.people.classTeacherB.id, deputy));
    expect(l.substituteTeacher?.id).toBe(s.people.classTeacherB.id);
    await expect(run(() => journal.lessons.openLesson(s.assignment.id, LESSON_DAY, 9, actors.otherTeacher))).resolves.toMatchObject({ id: l.id });
    const mark = await run(() => journal.marks.giveMark(l.id, s.studentA.id, 4, { workTypeId }, actors.otherTeacher));
    expect(mark.value).toBe(4);
    const other = await lesson(10);
    await expect(run(() => journal.marks.giveMark(other.id, s.studentA.id, 4, { workTypeId }, actors.otherTeacher))).rejects.toThrow(AccessDenied);
    // The assignment's own teacher keeps the lesson too.
    await run(() => journal.lessons.setTopic(l.id, { text: 'Умножение десятичных дробей' }, actors.teacher));
  });

  it('refuses a student of another group', async () => {
    const l = await lesson(1);
    await expect(run(() => journal.marks.giveMark(l.id, s.studentB.id, 4, { workTypeId }, actors.teacher))).rejects.toEqual(problemKey('journal.notInGroup'));
    await expect(run(() => journal.rollCall.setAttendance(l.id, s.studentB.id, 'n', undefined, actors.teacher))).rejects.toEqual(problemKey('journal.notInGroup'));
  });

  it('refuses a bare «Повторение» as a topic and accepts what was studied', async () => {
    const l = await lesson(1);
    await expect(run(() => journal.lessons.setTopic(l.id, { text: 'Повторение' }, actors.teacher))).rejects.toEqual(problemKey('topicTooGeneric'));
    await expect(run(() => journal.lessons.setTopic(l.id, { text: '  Решение задач. ' }, actors.teacher))).rejects.toEqual(problemKey('topicTooGeneric'));
    const saved = await run(() => journal.lessons.setTopic(l.id, { text: 'Повторение: сложение дробей' }, actors.teacher));
    expect(saved.topic).toBe('Повторение: сложение дробей');
    await expect(run(() => journal.lessons.setTopic(l.id, { text: 'Дроби' }, actors.otherTeacher))).rejects.toThrow(AccessDenied);
  });

  it('keeps the absence when a make-up mark is given', async () => {
    const l = await lesson(6);
    const absence = await run(() => journal.rollCall.setAttendance(l.id, s.studentA.id, 'n', undefined, actors.teacher));
    expect(absence).toMatchObject({ code: 'n', version: 1 });
    // Said not to be a make-up mark, it is refused; left unsaid, an absent student's mark is one.
    await expect(run(() => journal.marks.giveMark(l.id, s.studentA.id, 4, { workTypeId, makeUp: false }, actors.teacher))).rejects.toEqual(problemKey('journal.absentNeedsMakeUp'));
    const mark = await run(() => journal.marks.giveMark(l.id, s.studentA.id, 4, { workTypeId }, actors.teacher));
    expect(mark.makeUp).toBe(true);
    const rows = await t.orm.em.fork().find(Attendance, { lesson: l.id });
    expect(rows.map((r) => [r.student.id, r.code])).toEqual([[s.studentA.id, 'n']]);
    // A stale version of the attendance row is refused too.
    await expect(run(() => journal.rollCall.setAttendance(l.id, s.studentA.id, 'b', 0, actors.teacher))).rejects.toThrow(ConcurrentChange);
    await run(() => journal.rollCall.setAttendance(l.id, s.studentA.id, 'b', 1, actors.teacher));
    expect((await t.orm.em.fork().findOneOrFail(Attendance, { lesson: l.id })).code).toBe('b');
  });

  it('refuses a stale version and changes nothing', async () => {
    const l = await lesson(7);
    const mark = await run(() => journal.marks.giveMark(l.id, s.studentA.id, 3, { workTypeId }, actors.teacher));
    const changed = await run(() => journal.marks.changeMark(mark.id, { value: 4 }, 1, actors.teacher));
    expect(changed).toMatchObject({ value: 4, version: 2 });
    const audits = await t.orm.em.fork().count(AuditEntry, { entity: 'Mark', entityId: String(mark.id) });
    await expect(run(() => journal.marks.changeMark(mark.id, { value: 2 }, 1, actors.teacher))).rejects.toThrow(ConcurrentChange);
    await expect(run(() => journal.marks.removeMark(mark.id, 1, actors.teacher))).rejects.toThrow(ConcurrentChange);
    expect(await marksOf(l.id)).toEqual([expect.objectContaining({ value: 4, version: 2 })]);
    expect(await t.orm.em.fork().count(AuditEntry, { entity: 'Mark', entityId: String(mark.id) })).toBe(audits);
    const update = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'Mark', entityId: String(mark.id), action: 'update' });
    expect(update).toMatchObject({ before: expect.objectContaining({ value: 3 }), after: expect.objectContaining({ value: 4 }) });
    await run(() => journal.marks.removeMark(mark.id, 2, actors.teacher));
    expect(await marksOf(l.id)).toEqual([]);
    expect(await t.orm.em.fork().count(AuditEntry, { entity: 'Mark', entityId: String(mark.id), action: 'delete' })).toBe(1);
  });

  it('refuses changes after the school edit window, with the reason', async () => {
    const l = await lesson(8);
    const mark = await run(() => journal.marks.giveMark(l.id, s.studentA.id, 3, { workTypeId }, actors.teacher));
    const saved = now;
    try {
      now = new Date('2026-12-04T20:00:00Z'); // 23:00 in Moscow, the window's last day (2 weeks)
      await run(() => journal.marks.changeMark(mark.id, { value: 4 }, 1, actors.teacher));
      now = new Date('2026-12-04T21:30:00Z'); // already 5 December in Moscow
      await expect(run(() => journal.marks.changeMark(mark.id, { value: 5 }, 2, actors.teacher))).rejects.toEqual(problemKey('journal.editWindowClosed'));
      await expect(run(() => journal.marks.giveMark(l.id, s.studentA.id, 5, { workTypeId }, actors.teacher))).rejects.toEqual(problemKey('journal.editWindowClosed'));
      expect(await marksOf(l.id)).toEqual([expect.objectContaining({ value: 4, version: 2 })]);

      await t.orm.em.fork().nativeUpdate(School, { id: s.school.id }, { markEditWindow: 'never' });
      now = new Date(`${LESSON_DAY}T20:00:00Z`); // 23:00 on the lesson day in Moscow
      await run(() => journal.marks.changeMark(mark.id, { value: 5 }, 2, actors.teacher));
      now = new Date(`${LESSON_DAY}T21:30:00Z`);
      await expect(run(() => journal.marks.changeMark(mark.id, { value: 3 }, 3, actors.teacher))).rejects.toEqual(problemKey('journal.onlyOnLessonDay'));
      const i18n = t.core.i18n.getFixedT('ru', 'errors');
      expect(i18n('journal.editWindowClosed', { date: '20.11.2026', until: '04.12.2026' })).toContain('истёк 04.12.2026');

      now = new Date(`${LESSON_DAY}T09:00:00Z`);
      const future = await lesson(1, s.assignment.id, '2026-11-23');
      await expect(run(() => journal.marks.giveMark(future.id, s.studentA.id, 5, { workTypeId }, actors.teacher))).rejects.toEqual(problemKey('journal.lessonNotYet'));
    } finally {
      now = saved;
      await t.orm.em.fork().nativeUpdate(School, { id: s.school.id }, { markEditWindow: '2w' });
    }
  });
});
