import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderers } from '../../core/notification-renderers.js';
import type { Actor } from '../../core/access/actor.js';
import { systemActor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AccessDenied, NotFound, ValidationFailed } from '../../core/base/errors.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Dispatcher } from '../../core/notifications/dispatcher.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { bindTelegram, recordConsent } from '../support/notification-fixture.js';
import { RecordingSender } from '../support/notification-sender.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

const DAY = '2026-11-20';
const NOON = new Date(`${DAY}T09:00:00Z`); // 12:00 in Moscow

describe('the journal writes its notifications in the transaction of each change (D10)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let clock = NOON;
  let teacher: Actor;
  let workTypeId: number;
  /** The class: studentA of the fixture and three more; «Сидоровы» are siblings with one guardian. */
  const students: { id: number; chat: number; guardianChat: number }[] = [];
  let siblingsGuardianChat: number;
  let lessonNo = 0;

  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const rows = (where: Record<string, unknown> = {}) => t.orm.em.fork().find(Notification, where, { orderBy: { id: 'asc' } });
  const lesson = (date = DAY) => run(() => t.core.journal.lessons.openLesson(s.assignment.id, date, ++lessonNo, teacher));

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => clock));
    s = await createSchoolFixture(t.core);
    const system = systemActor('panel');
    const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
      run(() => t.core.records.create(kind, { school: s.school.id, ...input }, system) as Promise<{ id: number }>);
    workTypeId = (await create('WorkType', { name: 'Ответ на уроке', weight: 1 })).id;
    const em = t.orm.em.fork();
    await recordConsent(em, s.school.id, s.guardianA.id, 'given');
    await bindTelegram(em, s.school.id, 'guardian', s.guardianA.id, 6001);
    await bindTelegram(em, s.school.id, 'student', s.studentA.id, 6101);
    students.push({ id: s.studentA.id, chat: 6101, guardianChat: 6001 });
    const siblingsGuardian = await create('Guardian', { lastName: 'Сидорова', firstName: 'Анна' });
    await recordConsent(em, s.school.id, siblingsGuardian.id, 'given');
    siblingsGuardianChat = 6002;
    await bindTelegram(em, s.school.id, 'guardian', siblingsGuardian.id, siblingsGuardianChat);
    for (const [i, [lastName, firstName, sex]] of ([['Сидоров', 'Иван', 'm'], ['Сидорова', 'Мария', 'f'], ['Бородин', 'Олег', 'm']] as const).entries()) {
      const student = await create('Student', { lastName, firstName, birthDate: '2013-01-01', sex });
      await create('Enrollment', { student: student.id, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
      let guardianChat = siblingsGuardianChat;
      if (lastName === 'Бородин') {
        const guardian = await create('Guardian', { lastName: 'Бородина', firstName: 'Ольга' });
        await recordConsent(em, s.school.id, guardian.id, 'given');
        guardianChat = 6003;
        await bindTelegram(em, s.school.id, 'guardian', guardian.id, guardianChat);
        await create('StudentGuardian', { student: student.id, guardian: guardian.id, relation: 'mother' });
      } else {
        await create('StudentGuardian', { student: student.id, guardian: siblingsGuardian.id, relation: 'mother' });
      }
      await bindTelegram(em, s.school.id, 'student', student.id, 6102 + i);
      students.push({ id: student.id, chat: 6102 + i, guardianChat });
    }
    teacher = (await staffActorFor(t.orm.em.fork(), s.people.teacher.id, 'bot'))!;
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    clock = NOON;
    await t.orm.em.fork().nativeDelete(Notification, {});
  });

  it('tells the guardian and the student of a mark given, with what the message needs', async () => {
    const l = await lesson();
    const mark = await run(() => t.core.journal.marks.giveMark(l.id, s.studentA.id, 5, { workTypeId, comment: 'Отличный ответ' }, teacher));
    const written = await rows();
    expect(written.map((r) => [r.telegramAccountId, r.kind, r.eventKey])).toEqual([[6001, 'mark', `mark:${mark.id}:given`], [6101, 'mark', `mark:${mark.id}:given`]]);
    expect(written[0]!.payload).toEqual({
      lessonId: l.id, subject: 'Математика', date: DAY, lessonNumber: l.lessonNumber, studentName: 'Алексеев Пётр', studentSex: 'm',
      markId: mark.id, value: 5, second: null, workType: 'Ответ на уроке', comment: 'Отличный ответ', makeUp: false,
    });
    // Due once the teacher has been idle 10 s (nothing else came), its lesson noted for the entry's end.
    expect(written[0]!.notBefore).toEqual(new Date(NOON.getTime() + 10_000));
    expect(written.map((r) => r.lessonId)).toEqual([l.id, l.id]);
  });

  it('writes nothing for a refused change', async () => {
    const l = await lesson();
    await expect(run(() => t.core.journal.marks.giveMark(l.id, s.studentA.id, 6, { workTypeId }, teacher))).rejects.toThrow(ValidationFailed);
    const other = (await staffActorFor(t.orm.em.fork(), s.people.classTeacherB.id, 'bot'))!;
    await expect(run(() => t.core.journal.marks.giveMark(l.id, s.studentA.id, 4, { workTypeId }, other))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.journal.rollCall.setAttendance(l.id, s.studentB.id, 'n', undefined, teacher))).rejects.toThrow(ValidationFailed);
    expect(await rows()).toEqual([]);
  });

  it('tells of a mark changed (old and new value) and removed; not of a comment edited', async () => {
    const l = await lesson();
    const mark = await run(() => t.core.journal.marks.giveMark(l.id, s.studentA.id, 3, { workTypeId }, teacher));
    await run(() => t.core.journal.marks.changeMark(mark.id, { value: 4 }, 1, teacher));
    await run(() => t.core.journal.marks.changeMark(mark.id, { comment: 'Исправил' }, 2, teacher));
    await run(() => t.core.journal.marks.removeMark(mark.id, 3, teacher));
    const guardian = await rows({ telegramAccountId: 6001 });
    expect(guardian.map((r) => [r.kind, r.payload.oldValue, r.payload.value])).toEqual([['mark', undefined, 3], ['markChanged', 3, 4], ['markRemoved', undefined, 4]]);
  });

  it('tells of an absence appearing, changing and disappearing, with its code', async () => {
    const l = await lesson();
    await run(() => t.core.journal.rollCall.setAttendance(l.id, s.studentA.id, 'n', undefined, teacher));
    await run(() => t.core.journal.rollCall.setAttendance(l.id, s.studentA.id, 'b', 1, teacher));
    await run(() => t.core.journal.rollCall.setAttendance(l.id, s.studentA.id, null, 2, teacher));
    await run(() => t.core.journal.rollCall.setAttendance(l.id, s.studentA.id, 'op', 0, teacher));
    await run(() => t.core.journal.rollCall.allPresent(l.id, teacher));
    const guardian = await rows({ telegramAccountId: 6001 });
    expect(guardian.map((r) => [r.kind, r.payload.oldCode, r.payload.code])).toEqual([
      ['absence', null, 'n'], ['absence', 'n', 'b'], ['absence', 'b', null], ['absence', null, 'op'], ['absence', 'op', null],
    ]);
    // The class teacher records the reason later (a note from home): that is news too.
    const absent = await run(() => t.core.journal.rollCall.setAttendance(l.id, s.studentA.id, 'n', 0, teacher));
    const classTeacher = (await staffActorFor(t.orm.em.fork(), s.people.classTeacherA.id, 'bot'))!;
    await run(() => t.core.journal.rollCall.excuseAbsence(absent!.id, 'b', absent!.version, classTeacher));
    expect((await rows({ telegramAccountId: 6001 })).slice(-2).map((r) => [r.payload.oldCode, r.payload.code])).toEqual([[null, 'n'], ['n', 'b']]);
  });

  it('tells every student of the lesson and their guardians of the group\'s homework, one student of its own', async () => {
    const l = await lesson();
    await run(() => t.core.journal.homework.setHomework(l.id, { text: '№ 125, 126', dueDate: '2026-11-23' }, teacher));
    const all = await rows();
    expect(new Set(all.map((r) => r.telegramAccountId))).toEqual(new Set([6001, 6002, 6003, 6101, 6102, 6103, 6104]));
    // The siblings' guardian gets a row for each child.
    expect(all.filter((r) => r.telegramAccountId === siblingsGuardianChat)).toHaveLength(2);
    // The same text again is the same event; another text is news.
    await run(() => t.core.journal.homework.setHomework(l.id, { text: '№ 125, 126', dueDate: '2026-11-23' }, teacher));
    expect(await rows()).toHaveLength(all.length);
    await t.orm.em.fork().nativeDelete(Notification, {});
    await run(() => t.core.journal.homework.setHomework(l.id, { text: 'Выучить правило', studentId: students[3]!.id, dueDate: '2026-11-23' }, teacher));
    expect((await rows()).map((r) => [r.telegramAccountId, r.payload.individual])).toEqual([[6003, true], [6104, true]]);
  });

  it('tells the lesson\'s students and guardians of a substitution ahead, not of one in the past', async () => {
    const deputy = (await staffActorFor(t.orm.em.fork(), s.people.deputy.id, 'panel'))!;
    await run(() => t.core.journal.lessons.setSubstitute(s.assignment.id, '2026-11-23', 3, s.people.classTeacherB.id, deputy));
    const all = await rows();
    expect(all).toHaveLength(8);
    expect(all[0]!.payload).toMatchObject({ substitute: 'Другая Мария Ивановна', lessonNumber: 3, date: '2026-11-23' });
    await t.orm.em.fork().nativeDelete(Notification, {});
    await run(() => t.core.journal.lessons.setSubstitute(s.assignment.id, '2026-11-19', 3, s.people.classTeacherB.id, deputy));
    expect(await rows()).toEqual([]);
  });

  it('tells of a period mark, with the period', async () => {
    const period = await run(() => t.core.records.create('Period', { school: s.school.id, year: s.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' }, systemActor('panel')) as Promise<{ id: number }>);
    const mark = await run(() => t.core.periodMarks.set(s.assignment.id, period.id, s.studentA.id, { value: '5' }, undefined, teacher));
    const written = await rows();
    expect(written.map((r) => [r.telegramAccountId, r.kind, r.eventKey])).toEqual([[6001, 'mark', `period-mark:${mark.id}:v1`], [6101, 'mark', `period-mark:${mark.id}:v1`]]);
    expect(written[0]!.payload).toEqual({ period: '2 четверть', periodMarkId: mark.id, subject: 'Математика', studentName: 'Алексеев Пётр', studentSex: 'm', value: '5' });
  });

  it('sends a roll call with marks for the class as one message per guardian, by child and subject', async () => {
    const l = await lesson();
    const [a, ivan, maria, oleg] = students;
    await run(() => t.core.journal.rollCall.setAttendance(l.id, maria!.id, 'n', undefined, teacher));
    await run(() => t.core.journal.rollCall.setAttendance(l.id, oleg!.id, 'op', undefined, teacher));
    await run(() => t.core.journal.rollCall.finishRollCall(l.id, teacher));
    clock = new Date(NOON.getTime() + 10_000);
    for (const [student, value] of [[a!, 5], [ivan!, 4], [oleg!, 3]] as const) {
      await run(() => t.core.journal.marks.giveMark(l.id, student.id, value, { workTypeId }, teacher));
    }
    await run(() => t.core.journal.marks.giveMark(l.id, ivan!.id, 5, { workTypeId, comment: 'Молодец' }, teacher));
    const sender = new RecordingSender();
    const dispatcher = new Dispatcher({ renderers, orm: t.orm, i18n: t.core.i18n, log: t.core.log, sender, clock: t.core.clock, settings: { ...t.core.config.notifications, globalPerSecond: 500, perChatPerSecond: 100 } });
    // The entry goes on while news of the lesson comes, whoever it is about: nothing is due before 10 s without any.
    clock = new Date(NOON.getTime() + 19_000);
    expect(await dispatcher.runOnce()).toBe(0);
    clock = new Date(NOON.getTime() + 20_000);
    expect(await dispatcher.runOnce()).toBe(7);
    expect(await t.orm.em.fork().count(Notification, { status: { $ne: 'sent' } })).toBe(0);
    const byChat = new Map<number, string[]>();
    for (const m of sender.sent) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m.text]);
    expect(byChat.get(siblingsGuardianChat)).toEqual([
      '🔔 Дневник: 3 новые записи\n'
        + 'Сидоров Иван, математика, 20.11: 4 (ответ на уроке); 5 (ответ на уроке, «Молодец»)\n'
        + 'Сидорова Мария, математика, 20.11: отсутствовала (н)',
    ]);
    expect(byChat.get(6003)).toEqual(['🔔 Дневник: 2 новые записи\nБородин Олег, математика, 20.11: опоздал (оп); 3 (ответ на уроке)']);
    expect(byChat.get(6001)).toEqual(['🔔 Дневник: 1 новая запись\nАлексеев Пётр, математика, 20.11: 5 (ответ на уроке)']);
    // A student is told without its own name.
    expect(byChat.get(oleg!.chat)).toEqual(['🔔 Дневник: 2 новые записи\nматематика, 20.11: опоздал (оп); 3 (ответ на уроке)']);
    expect([...byChat.values()].every((texts) => texts.length === 1)).toBe(true);
    expect(byChat.size).toBe(7);
  });

  it('ends the lesson\'s entry with its homework: every chat of the lesson gets one message at once, roll call, marks and homework together', async () => {
    const l = await lesson();
    const [a, ivan, maria] = students;
    await run(() => t.core.journal.rollCall.setAttendance(l.id, maria!.id, 'n', undefined, teacher));
    clock = new Date(NOON.getTime() + 6_000);
    await run(() => t.core.journal.marks.giveMark(l.id, a!.id, 5, { workTypeId }, teacher));
    clock = new Date(NOON.getTime() + 12_000);
    await run(() => t.core.journal.marks.giveMark(l.id, ivan!.id, 4, { workTypeId }, teacher));
    clock = new Date(NOON.getTime() + 20_000);
    await run(() => t.core.journal.homework.setHomework(l.id, { text: '№ 125, 126', dueDate: '2026-11-23' }, teacher));
    const sender = new RecordingSender();
    const dispatcher = new Dispatcher({ renderers, orm: t.orm, i18n: t.core.i18n, log: t.core.log, sender, clock: t.core.clock, settings: { ...t.core.config.notifications, globalPerSecond: 500, perChatPerSecond: 100 } });
    expect(await dispatcher.runOnce()).toBe(7);
    expect(await t.orm.em.fork().count(Notification, { status: { $ne: 'sent' } })).toBe(0);
    const byChat = new Map<number, string[]>();
    for (const m of sender.sent) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m.text]);
    expect([...byChat.values()].every((texts) => texts.length === 1)).toBe(true);
    expect(byChat.get(6001)![0]).toContain('5 (ответ на уроке)');
    expect(byChat.get(siblingsGuardianChat)![0]).toMatch(/4 \(ответ на уроке\)[\s\S]*отсутствовала \(н\)/);
    expect(byChat.get(6001)![0]).toContain('№ 125, 126');
  });

  it('lets only the lesson\'s teacher end or prolong its entry: not another teacher or role, another school, a forged or a deleted lesson', async () => {
    const l = await lesson();
    await run(() => t.core.journal.marks.giveMark(l.id, s.studentA.id, 5, { workTypeId }, teacher));
    const due = async () => [...new Set((await rows({ status: 'pending' })).map((r) => r.notBefore.getTime() - NOON.getTime()))];
    expect(await due()).toEqual([10_000]);
    clock = new Date(NOON.getTime() + 2_000);
    const as = async (staffId: number) => (await staffActorFor(t.orm.em.fork(), staffId, 'bot'))!;
    const end = (lessonId: number, actor: Actor) => run(() => t.core.teacherJournal.entryEnded(lessonId, actor));
    const elsewhere = await createSchoolFixture(t.core, 'Школа № 2');
    const [otherTeacher, elsewhereTeacher] = [await as(s.people.classTeacherB.id), await as(elsewhere.people.teacher.id)];
    await expect(end(l.id, await as(s.people.classTeacherB.id))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.teacherJournal.entryGoesOn(l.id, elsewhereTeacher))).rejects.toThrow(NotFound);
    await expect(run(() => t.core.teacherJournal.entryGoesOn(l.id, otherTeacher))).rejects.toThrow(AccessDenied);
    await expect(end(l.id, await as(s.people.administrator.id))).rejects.toThrow(AccessDenied);
    await expect(end(l.id, elsewhereTeacher)).rejects.toThrow(NotFound);
    await expect(end(999_999, teacher)).rejects.toThrow(NotFound);
    const removed = await lesson();
    await t.orm.em.fork().nativeDelete(Lesson, { id: removed.id });
    await expect(end(removed.id, teacher)).rejects.toThrow(NotFound);
    expect(await due()).toEqual([10_000]);
    // The teacher leaves the lesson: its news is due now.
    await end(l.id, teacher);
    expect(await due()).toEqual([2_000]);
  });
});
