import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianActor, systemActor, type Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AccessDenied, ValidationFailed } from '../../core/base/errors.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { MessageThread, ThreadMessage } from '../../core/messages/message-thread.entity.js';
import { Announcement } from '../../core/notifications/announcement.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';

// Monday 23 November 2026, 12:00 in Moscow.
const NOW = new Date('2026-11-23T09:00:00Z');

describe('messages and announcements: who may write to whom, and the notifications they enqueue (D8, D9)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const sys = systemActor('cli');
  const staff = {} as Record<'teacher' | 'classA' | 'classB' | 'admin' | 'director' | 'otherAdmin', Actor>;
  let guardianA: Actor;
  let guardianB: Actor;
  let studentA2 = 0;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const notifications = (kind: string, eventKey?: string) => em().find(Notification, { kind: kind as never, ...(eventKey ? { eventKey } : {}) }, { orderBy: { id: 'asc' } });
  /** The PostgreSQL transaction that inserted a row: equal for two rows written by one commit. */
  const xmin = async (table: string, where: string, value: unknown) =>
    (await em().execute<{ xmin: string }[]>(`select xmin::text from ${table} where ${where} = ?`, [value]))[0]?.xmin;

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    s = await createSchoolFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    let telegramId = 7000;
    const bind = async (schoolId: number, personKind: 'guardian' | 'student' | 'staff', personId: number) => {
      const fork = em();
      const account = fork.create(TelegramAccount, { id: ++telegramId });
      fork.create(TelegramBinding, { telegramAccount: account, school: schoolId, personKind, personId });
      await fork.flush();
    };
    await run(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        t.core.records.create(kind, { school: s.school.id, ...input }, sys) as Promise<{ id: number }>;
      const guardianOfB = await create('Guardian', { lastName: 'Борисова', firstName: 'Вера' });
      await create('StudentGuardian', { student: s.studentB.id, guardian: guardianOfB.id, relation: 'mother' });
      guardianB = guardianActor({ guardianId: guardianOfB.id, schoolId: s.school.id });
      // A second child in 7А whose guardian never consented: no account, no notifications (G2).
      const second = await create('Student', { lastName: 'Васильев', firstName: 'Иван', birthDate: '2013-02-02', sex: 'm' });
      await create('Enrollment', { student: second.id, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
      studentA2 = second.id;
      const unconsented = await create('Guardian', { lastName: 'Васильева', firstName: 'Ольга' });
      await create('StudentGuardian', { student: second.id, guardian: unconsented.id, relation: 'mother' });
      await t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys);
      await t.core.consents.record(guardianOfB.id, 'given', '2026-09-01', sys);
      await bind(s.school.id, 'guardian', unconsented.id);
    });
    guardianA = guardianActor({ guardianId: s.guardianA.id, schoolId: s.school.id });
    await bind(s.school.id, 'guardian', s.guardianA.id);
    await bind(s.school.id, 'guardian', guardianB.personId!);
    await bind(s.school.id, 'student', s.studentA.id);
    await bind(s.school.id, 'student', s.studentB.id);
    for (const id of [s.people.teacher.id, s.people.classTeacherA.id, s.people.classTeacherB.id]) await bind(s.school.id, 'staff', id);
    const actor = async (id: number) => (await staffActorFor(em(), id, 'bot'))!;
    Object.assign(staff, {
      teacher: await actor(s.people.teacher.id),
      classA: await actor(s.people.classTeacherA.id),
      classB: await actor(s.people.classTeacherB.id),
      admin: await actor(s.people.administrator.id),
      director: await actor(s.people.director.id),
      otherAdmin: await actor(other.people.administrator.id),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets a guardian write only to its child\'s class teacher and subject teachers', async () => {
    const teachers = await run(() => t.core.messages.teachersOf(guardianA, s.studentA.id));
    expect(teachers.map((x) => [x.lastName, x.classTeacher, x.subjects])).toEqual([
      ['Классная', true, []],
      ['Учителева', false, ['Математика']],
    ]);
    // The class teacher of 7Б teaches Алексеев nothing: refused, and nothing is written.
    await expect(run(() => t.core.messages.write(guardianA, s.studentA.id, s.people.classTeacherB.id, 'Здравствуйте'))).rejects.toThrow(AccessDenied);
    // Борисов is not its child: neither listing nor writing about him.
    await expect(run(() => t.core.messages.teachersOf(guardianA, s.studentB.id))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.messages.write(guardianA, s.studentB.id, s.people.classTeacherB.id, 'Здравствуйте'))).rejects.toThrow(AccessDenied);
    // A guardian of another school cannot reach this school's child either.
    const stranger = guardianActor({ guardianId: s.guardianA.id, schoolId: other.school.id });
    await expect(run(() => t.core.messages.write(stranger, s.studentA.id, s.people.teacher.id, 'Здравствуйте'))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.messages.write(guardianA, s.studentA.id, s.people.teacher.id, '   '))).rejects.toThrow(ValidationFailed);
    expect(await em().count(ThreadMessage, {})).toBe(0);
    expect(await em().count(MessageThread, {})).toBe(0);
  });

  it('writes the message and the teacher\'s notification in one transaction', async () => {
    const { thread, message } = await run(() => t.core.messages.write(guardianA, s.studentA.id, s.people.teacher.id, 'Здравствуйте! Петя болел, можно сдать контрольную позже?'));
    expect(thread).toMatchObject({ guardian: { id: s.guardianA.id }, staff: { id: s.people.teacher.id }, student: { id: s.studentA.id } });
    const [row, ...rest] = await notifications('message', `message:${message.id}`);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({ personKind: 'staff', personId: s.people.teacher.id, studentId: s.studentA.id, status: 'pending' });
    expect(row!.payload).toMatchObject({ threadId: thread.id, side: 'guardian', from: 'Алексеева Анна', student: 'Алексеев Пётр', text: 'Здравствуйте! Петя болел, можно сдать контрольную позже?' });
    expect(await xmin('notification', 'event_key', `message:${message.id}`)).toBe(await xmin('thread_message', 'id', message.id));

    // The second message goes into the same thread.
    const again = await run(() => t.core.messages.write(guardianA, s.studentA.id, s.people.teacher.id, 'И ещё вопрос.'));
    expect(again.thread.id).toBe(thread.id);
  });

  it('lets the teacher read and answer only its own threads, and counts what is unread', async () => {
    const [own] = (await run(() => t.core.messages.threads(staff.teacher))).rows;
    expect(own).toMatchObject({ unread: 2, messages: 2, guardian: { name: 'Алексеева Анна' }, lastText: 'И ещё вопрос.' });
    // Another teacher, the class teacher of the same child included, neither sees nor opens nor answers it.
    expect((await run(() => t.core.messages.threads(staff.classA))).rows).toEqual([]);
    await expect(run(() => t.core.messages.open(own!.id, staff.classA))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.messages.reply(own!.id, 'Ответ', staff.classB))).rejects.toThrow(AccessDenied);
    // Another guardian cannot read it or write into it.
    await expect(run(() => t.core.messages.open(own!.id, guardianB))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.messages.reply(own!.id, 'Чужое', guardianB))).rejects.toThrow(AccessDenied);

    const view = await run(() => t.core.messages.open(own!.id, staff.teacher));
    expect(view.items.map((m) => m.author)).toEqual(['guardian', 'guardian']);
    expect((await run(() => t.core.messages.threads(staff.teacher))).rows[0]!.unread).toBe(0);

    const { message } = await run(() => t.core.messages.reply(own!.id, 'Да, в четверг после уроков.', staff.teacher));
    const [row] = await notifications('message', `message:${message.id}`);
    expect(row).toMatchObject({ personKind: 'guardian', personId: s.guardianA.id, studentId: s.studentA.id });
    expect(row!.payload).toMatchObject({ side: 'staff', from: 'Учителева Мария Ивановна', subjects: ['Математика'], classTeacher: false });
    expect(await xmin('notification', 'event_key', `message:${message.id}`)).toBe(await xmin('thread_message', 'id', message.id));
    expect(await run(() => t.core.messages.unreadCount(guardianA))).toBe(1);
    await run(() => t.core.messages.open(own!.id, guardianA));
    expect(await run(() => t.core.messages.unreadCount(guardianA))).toBe(0);
    // The guardian of another child sees no thread at all.
    expect((await run(() => t.core.messages.threads(guardianB))).rows).toEqual([]);
  });

  it('shows every thread to the administrator and the director of the school, and to nobody else', async () => {
    for (const who of [staff.admin, staff.director]) {
      const { rows, total } = await run(() => t.core.messages.list(who));
      expect(total).toBe(1);
      const view = await run(() => t.core.messages.read(rows[0]!.id, who));
      expect(view.items.map((m) => m.text)).toEqual(['Здравствуйте! Петя болел, можно сдать контрольную позже?', 'И ещё вопрос.', 'Да, в четверг после уроков.']);
    }
    for (const who of [staff.teacher, staff.classA]) await expect(run(() => t.core.messages.list(who))).rejects.toThrow(AccessDenied);
    expect((await run(() => t.core.messages.list(staff.otherAdmin))).rows).toEqual([]);
    const [thread] = await em().find(MessageThread, {});
    await expect(run(() => t.core.messages.read(thread!.id, staff.otherAdmin))).rejects.toThrow(AccessDenied);
  });

  it('lets a class teacher announce to its own class only, and the administrator to the whole school', async () => {
    // A letter to the parents of 7А: one announcement, to the consenting guardians with a binding.
    const letter = await run(() => t.core.announcements.create({ groupId: s.groupA.id, text: 'Родительское собрание в пятницу в 18:00.', audience: 'guardians' }, staff.classA));
    expect(letter).toMatchObject({ group: { id: s.groupA.id }, author: { id: s.people.classTeacherA.id } });
    const sent = await notifications('announcement', `announcement:${letter.id}`);
    expect(sent.map((n) => [n.personKind, n.personId])).toEqual([['guardian', s.guardianA.id]]);
    expect(sent[0]!.payload).toMatchObject({ group: '7А', author: 'Классная Мария Ивановна', text: 'Родительское собрание в пятницу в 18:00.' });
    expect(await xmin('notification', 'event_key', `announcement:${letter.id}`)).toBe(await xmin('announcement', 'id', letter.id));

    // A class announcement reaches the class's students too.
    const forClass = await run(() => t.core.announcements.create({ groupId: s.groupA.id, title: 'Экскурсия', text: 'В среду едем в музей.' }, staff.classA));
    expect((await notifications('announcement', `announcement:${forClass.id}`)).map((n) => [n.personKind, n.personId]))
      .toEqual([['guardian', s.guardianA.id], ['student', s.studentA.id]]);

    const before = await em().count(Announcement, {});
    await expect(run(() => t.core.announcements.create({ groupId: s.groupB.id, text: 'Чужой класс' }, staff.classA))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.announcements.create({ text: 'Всей школе' }, staff.classA))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.announcements.create({ text: 'Всей школе' }, staff.director))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.announcements.create({ text: 'Всей школе' }, staff.teacher))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.announcements.create({ groupId: s.groupA.id, text: 'Чужая школа' }, staff.otherAdmin))).rejects.toThrow(AccessDenied);
    expect(await em().count(Announcement, {})).toBe(before);

    const school = await run(() => t.core.announcements.create({ title: 'Каникулы', text: 'Зимние каникулы с 29 декабря.' }, staff.admin));
    const everyone = await notifications('announcement', `announcement:${school.id}`);
    expect(everyone.map((n) => `${n.personKind}:${n.personId}`).sort()).toEqual(
      [`guardian:${s.guardianA.id}`, `guardian:${guardianB.personId}`, `student:${s.studentA.id}`, `student:${s.studentB.id}`].sort(),
    );
    expect(everyone.some((n) => n.studentId === studentA2)).toBe(false);

    // Reading: the director all, the class teacher its class's and the school's, the teacher nothing.
    expect((await run(() => t.core.announcements.list(staff.director))).total).toBe(3);
    expect((await run(() => t.core.announcements.list(staff.classB))).rows.map((r) => r.announcement.id)).toEqual([school.id]);
    await expect(run(() => t.core.announcements.list(staff.teacher))).rejects.toThrow(AccessDenied);
    await expect(run(() => t.core.announcements.get(letter.id, staff.classB))).rejects.toThrow(AccessDenied);
  });
});
