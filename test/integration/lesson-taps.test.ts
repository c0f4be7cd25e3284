import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/actor.js';
import { systemActor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { ConcurrentChange, ValidationFailed } from '../../core/base/errors.js';
import type { AttendanceCode } from '../../core/journal/attendance-codes.js';
import type { LessonSheetView } from '../../core/journal/journal-views.js';
import { NotificationPreference } from '../../core/notifications/notification-preference.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { clockFrom } from '../../core/time/clock.js';
import { addGuardian, bindTelegram, recordConsent } from '../support/notification-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const DAY = '2026-11-20';
const NOON = new Date(`${DAY}T09:00:00Z`);

/** One step of a teacher's work in a lesson, as a tap makes it. */
type Step =
  | { attendance: AttendanceCode | null; expected: number }
  | { mark: number; seen?: number; workType?: 'answer' | 'test'; second?: number | null };

/**
 * Issue 17: a journal tap (core/journal/lesson-taps.ts) reads its lesson once and writes in one statement.
 * It must leave what the journal's services (Marks.give, RollCall.set) leave — the same rows, audit lines
 * and notification rows with the same schedule — and answer with the sheet a fresh read shows.
 */
describe('a journal tap in a few statements leaves and shows what the journal services do', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let teacher: Actor;
  let clock = NOON;
  const workTypes = { answer: 0, test: 0 };
  let lessonNo = 0;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();

  const SEQUENCE: Step[] = [
    { attendance: 'n', expected: 0 },
    // Absent: a make-up mark.
    { mark: 4, seen: 0 },
    { attendance: 'op', expected: 1 },
    { mark: 5, seen: 1, workType: 'test' },
    // The same button pressed again: no second mark.
    { mark: 5, seen: 1, workType: 'test' },
    { attendance: null, expected: 2 },
    { mark: 3 },
  ];

  /** Runs the steps in a new lesson, through the taps or through the services; answers the lesson and the sheets the taps answered. */
  async function work(steps: Step[], lean: boolean): Promise<{ lessonId: number; sheets: LessonSheetView[] }> {
    const lesson = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, DAY, ++lessonNo, teacher));
    const sheets: LessonSheetView[] = [];
    for (const [i, step] of steps.entries()) {
      clock = new Date(NOON.getTime() + i * 5000);
      if ('attendance' in step) {
        if (lean) sheets.push((await run(() => t.core.teacherJournal.setAttendance(lesson.id, s.studentA.id, step.attendance, step.expected, teacher))).sheet);
        else await run(() => t.core.journal.rollCall.set(lesson.id, s.studentA.id, step.attendance, step.expected, teacher));
      } else {
        const input = { workTypeId: workTypes[step.workType ?? 'answer'], second: step.second ?? null, ...(step.seen === undefined ? {} : { seen: step.seen }) };
        if (lean) sheets.push((await run(() => t.core.teacherJournal.giveMark(lesson.id, s.studentA.id, step.mark, input, teacher))).sheet);
        else await run(() => t.core.journal.marks.give(lesson.id, s.studentA.id, step.mark, input, teacher));
      }
    }
    return { lessonId: lesson.id, sheets };
  }

  /** What a run left, with its own ids (rows, lesson) named by their order. */
  async function left(lessonId: number) {
    const notifications = await em().find(Notification, { lessonId }, { orderBy: { id: 'asc' } });
    const ids = new Map<string, string>();
    const name = (kind: string, id: unknown) => {
      const key = `${kind}:${String(id)}`;
      if (!ids.has(key)) ids.set(key, `${kind}#${[...ids.keys()].filter((k) => k.startsWith(`${kind}:`)).length + 1}`);
      return ids.get(key)!;
    };
    const audit = (await em().find(AuditEntry, { entity: { $in: ['Mark', 'Attendance'] }, at: { $gte: NOON } }, { orderBy: { id: 'asc' } }))
      .filter((a) => (a.after ?? a.before)?.lesson === lessonId)
      .map((a) => {
        const rename = (snap: Record<string, unknown> | null | undefined) => snap && { ...snap, id: name(a.entity, snap.id), lesson: 'lesson' };
        return { at: a.at.toISOString(), source: a.source, actorStaff: a.actorStaff?.id, action: a.action, entity: a.entity, entityId: name(a.entity, a.entityId), before: rename(a.before), after: rename(a.after) };
      });
    return {
      audit,
      notifications: notifications.map((n) => ({
        chat: n.telegramAccountId, personKind: n.personKind, personId: n.personId, studentId: n.studentId, kind: n.kind, status: n.status,
        payload: { ...n.payload, lessonId: 'lesson', lessonNumber: 0, ...(n.payload.markId ? { markId: name('Mark', n.payload.markId) } : {}) },
        eventKey: n.eventKey.replace(/^(mark|absence):(\d+)/, (_, kind: string, id: string) => `${kind}:${name(kind === 'mark' ? 'Mark' : 'Attendance', id)}`),
        notBefore: n.notBefore.toISOString(), openUntil: n.openUntil?.toISOString() ?? null, createdAt: n.createdAt.toISOString(),
      })),
    };
  }

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => clock));
    s = await createSchoolFixture(t.core);
    const system = systemActor('panel');
    await run(async () => {
      workTypes.answer = ((await t.core.records.create('WorkType', { school: s.school.id, name: 'Ответ на уроке', weight: 1 }, system)) as { id: number }).id;
      workTypes.test = ((await t.core.records.create('WorkType', { school: s.school.id, name: 'Контрольная работа', weight: 2 }, system)) as { id: number }).id;
    });
    const e = em();
    await recordConsent(e, s.school.id, s.guardianA.id, 'given');
    await bindTelegram(e, s.school.id, 'guardian', s.guardianA.id, 7001);
    await bindTelegram(e, s.school.id, 'student', s.studentA.id, 7101);
    // A guardian whose consent is not in force is told nothing, bound or not.
    const withdrawn = await addGuardian(e, s.school.id, s.studentA.id, 'Алексеев', 'withdrawn');
    await bindTelegram(e, s.school.id, 'guardian', withdrawn.id, 7002);
    // The student turned absences off, and keeps quiet hours of its own that cover the whole day.
    e.create(NotificationPreference, { telegramAccountId: 7101, disabledKinds: ['absence'], quietHoursStart: '11:00', quietHoursEnd: '23:00' });
    await e.flush();
    teacher = (await staffActorFor(em(), s.people.teacher.id, 'bot'))!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes the same rows, audit lines and notifications (at the same times) as the services, and answers with what a fresh read shows', async () => {
    const lean = await work(SEQUENCE, true);
    // Each answer is the lesson as read afresh right after that tap: checked on the last; the others by their marks and attendance.
    expect(lean.sheets.at(-1)).toEqual(await run(() => t.core.teacherJournal.lesson(lean.lessonId, teacher)));
    expect(lean.sheets.map((sh) => [sh.marks.length, sh.attendance.map((a) => a.code).join()])).toEqual([[0, 'n'], [1, 'n'], [1, 'op'], [2, 'op'], [2, 'op'], [2, ''], [3, '']]);
    const leanLeft = await left(lean.lessonId);
    // The other run starts from the same outbox: none of the first run's batches open.
    await em().nativeDelete(Notification, {});
    const services = await work(SEQUENCE, false);
    const servicesLeft = await left(services.lessonId);

    expect(leanLeft.audit).toHaveLength(6);
    expect(leanLeft.audit).toEqual(servicesLeft.audit);
    expect(leanLeft.notifications.map((n) => [n.chat, n.kind])).toEqual([[7001, 'absence'], [7001, 'mark'], [7101, 'mark'], [7001, 'absence'], [7001, 'mark'], [7101, 'mark'], [7001, 'absence'], [7001, 'mark'], [7101, 'mark']]);
    expect(leanLeft.notifications).toEqual(servicesLeft.notifications);
    // The student's quiet hours hold its rows; the guardian's wait the idle time after the last tap.
    expect(new Set(leanLeft.notifications.filter((n) => n.chat === 7101).map((n) => n.notBefore))).toEqual(new Set(['2026-11-20T20:00:00.000Z']));
  });

  it("has in its roster the lesson's students on its date, each once: not who left before or came after, nor who is outside the lesson's subgroup", async () => {
    const sys = systemActor('panel');
    const ids = await run(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        t.core.records.create(kind, { school: s.school.id, ...input }, sys) as Promise<{ id: number }>;
      const student = (lastName: string) => create('Student', { lastName, firstName: 'Ольга', birthDate: '2013-06-07', sex: 'f' });
      const enrol = (id: number, startDate: string, endDate?: string, group = s.groupA) =>
        create('Enrollment', { student: id, group: group.id, startDate, startReason: 'admission', ...(endDate ? { endDate, endReason: 'transfer' } : {}) });
      const gone = await student('Ушедшая');
      await enrol(gone.id, '2026-09-01', '2026-11-01');
      const late = await student('Поздняя');
      await enrol(late.id, '2026-12-01');
      // Went to the other class and came back before the lesson: two stretches of the group, one of them on its date.
      const back = await student('Вернувшаяся');
      await enrol(back.id, '2026-09-01', '2026-09-30');
      await enrol(back.id, '2026-10-01', '2026-10-14', s.groupB);
      await enrol(back.id, '2026-10-15');
      const half = await create('Subgroup', { group: s.groupA.id, name: 'Группа 1' });
      await create('SubgroupMember', { subgroup: half.id, student: back.id });
      const english = await create('Subject', { name: 'Английский язык' });
      const inHalf = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: english.id, group: s.groupA.id, subgroup: half.id, plannedHours: 102 });
      return { gone: gone.id, late: late.id, back: back.id, inHalf: inHalf.id };
    });
    const tj = t.core.teacherJournal;
    const whole = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, DAY, ++lessonNo, teacher));
    const { sheet } = await run(() => tj.setAttendance(whole.id, s.studentA.id, 'n', 0, teacher));
    expect(sheet.students.map((x) => x.id)).toEqual([s.studentA.id, ids.back]);
    expect(sheet).toEqual(await run(() => tj.lesson(whole.id, teacher)));
    for (const outside of [ids.gone, ids.late]) {
      await expect(run(() => tj.setAttendance(whole.id, outside, 'n', 0, teacher))).rejects.toThrow(ValidationFailed);
    }

    const halfLesson = await run(() => t.core.journal.lessons.openLesson(ids.inHalf, DAY, ++lessonNo, teacher));
    const { sheet: halfSheet } = await run(() => tj.giveMark(halfLesson.id, ids.back, 5, { workTypeId: workTypes.answer }, teacher));
    expect(halfSheet.students.map((x) => x.id)).toEqual([ids.back]);
    await expect(run(() => tj.giveMark(halfLesson.id, s.studentA.id, 5, { workTypeId: workTypes.answer }, teacher))).rejects.toThrow(ValidationFailed);
  });

  it('refuses as the services do, writing nothing', async () => {
    const lesson = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, DAY, ++lessonNo, teacher));
    const tj = t.core.teacherJournal;
    const count = async () => [await em().count(AuditEntry, {}), await em().count(Notification, {})];
    const before = await count();
    await expect(run(() => tj.giveMark(lesson.id, s.studentA.id, 6, { workTypeId: workTypes.answer }, teacher))).rejects.toThrow(ValidationFailed);
    await expect(run(() => tj.giveMark(lesson.id, s.studentA.id, 5, { workTypeId: workTypes.answer, second: 4 }, teacher))).rejects.toThrow(ValidationFailed);
    await expect(run(() => tj.giveMark(lesson.id, s.studentB.id, 5, { workTypeId: workTypes.answer }, teacher))).rejects.toThrow(ValidationFailed);
    await expect(run(() => tj.giveMark(lesson.id, s.studentA.id, 5, { workTypeId: workTypes.answer, makeUp: false }, teacher))).resolves.toMatchObject({ told: true });
    await expect(run(() => tj.giveMark(lesson.id, s.studentA.id, 5, { workTypeId: workTypes.answer, seen: 0 }, teacher))).resolves.toMatchObject({ told: false });
    await expect(run(() => tj.giveMark(lesson.id, s.studentA.id, 4, { workTypeId: workTypes.answer, seen: 0 }, teacher))).rejects.toThrow(ConcurrentChange);
    await expect(run(() => tj.setAttendance(lesson.id, s.studentA.id, 'n', 1, teacher))).rejects.toThrow(ConcurrentChange);
    const after = await count();
    expect(after[0]).toBe(before[0]! + 1);
  });
});
