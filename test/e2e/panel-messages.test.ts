import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { guardianActor, systemActor } from '../../core/access/actor.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { Announcement } from '../../core/notifications/announcement.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { panelClient } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';

type Json = {
  records?: { id: string; params: Record<string, unknown>; recordActions: { name: string }[] }[];
  record?: { params: Record<string, unknown>; errors?: Record<string, { message: string }> };
  notice?: { message: string; type: string };
  meta?: { total: number };
};

describe('panel: «Переписка», «Объявления», «Еженедельные сводки» (D8, D9, D11)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let threadId = 0;
  const sys = systemActor('cli');
  const panel = panelClient(() => app);
  const api = (who: keyof typeof s.logins, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => panel.api(s.logins[who], method, url, payload);
  const refused = (res: { statusCode: number; json(): any }) =>
    res.statusCode === 403 || res.json().record?.baseError?.type === 'ForbiddenError' || res.json().notice?.message === 'forbiddenError';
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-28T09:05:00Z'));
    s = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
    await run(() => t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys));
    const em = t.orm.em.fork();
    em.create(TelegramBinding, { telegramAccount: em.create(TelegramAccount, { id: 9001 }), school: s.school.id, personKind: 'guardian', personId: s.guardianA.id });
    await em.flush();
    const guardian = guardianActor({ guardianId: s.guardianA.id, schoolId: s.school.id });
    const { thread } = await run(() => t.core.messages.write(guardian, s.studentA.id, s.people.teacher.id, 'Здравствуйте! Можно пересдать контрольную?'));
    threadId = thread.id;
    await run(() => t.core.digests.issue(s.school.id, '2026-11-23'));
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('shows the administrator and the director every thread with its messages, read-only', async () => {
    for (const who of ['administrator', 'director'] as const) {
      const list = await api(who, 'GET', '/resources/MessageThread/actions/list');
      expect(list.statusCode, who).toBe(200);
      const [row, ...rest] = list.json<Json>().records!;
      expect(rest).toEqual([]);
      expect(row!.params).toMatchObject({ guardian: 'Алексеева Анна', student: 'Алексеев Пётр', staff: 'Учителева Мария Ивановна', messages: 1 });
      expect(row!.recordActions.map((a) => a.name)).toEqual(['show']);
      const show = await api(who, 'GET', `/resources/MessageThread/records/${threadId}/show`);
      expect(show.json<Json>().record!.params.conversation).toBe('28.11.2026, 12:05 — Родитель (Алексеева Анна):\nЗдравствуйте! Можно пересдать контрольную?');
    }
    const english = await api('administrator', 'GET', `/resources/MessageThread/records/${threadId}/show?lang=en`);
    expect(english.json<Json>().record!.params.conversation).toBe('28.11.2026, 12:05 — Parent (Алексеева Анна):\nЗдравствуйте! Можно пересдать контрольную?');
  });

  it('shows no thread to anybody else, the thread\'s own teacher included (it answers in the bot)', async () => {
    for (const who of ['teacher', 'classTeacherA', 'deputy', 'inspector'] as const) {
      const list = await api(who, 'GET', '/resources/MessageThread/actions/list');
      expect(refused(list), who).toBe(true);
      expect(list.json<Json>().records ?? []).toEqual([]);
      expect(refused(await api(who, 'GET', `/resources/MessageThread/records/${threadId}/show`)), who).toBe(true);
    }
  });

  it('lets the administrator announce to the school and a class teacher to its own class only', async () => {
    const school = await api('administrator', 'POST', '/resources/Announcement/actions/new', { title: 'Каникулы', text: 'Зимние каникулы с 29 декабря.' });
    expect(school.json<Json>().notice).toMatchObject({ type: 'success' });
    const own = await api('classTeacherA', 'POST', '/resources/Announcement/actions/new', { group: s.groupA.id, text: 'Собрание в пятницу.' });
    expect(own.json<Json>().notice).toMatchObject({ type: 'success' });
    const rows = await t.orm.em.fork().find(Announcement, {}, { orderBy: { id: 'asc' } });
    expect(rows.map((a) => [a.group?.id ?? null, a.author?.id ?? null, a.text])).toEqual([
      [null, s.people.administrator.id, 'Зимние каникулы с 29 декабря.'],
      [s.groupA.id, s.people.classTeacherA.id, 'Собрание в пятницу.'],
    ]);
    expect(await t.orm.em.fork().count(Notification, { kind: 'announcement', personId: s.guardianA.id })).toBe(2);

    const empty = await api('classTeacherA', 'POST', '/resources/Announcement/actions/new', { group: s.groupA.id, text: ' ' });
    expect(empty.json<Json>().record!.errors!.text!.message).toBe('Напишите текст сообщения.');
    for (const [who, payload] of [
      ['classTeacherA', { group: s.groupB.id, text: 'Чужой класс' }],
      ['classTeacherA', { text: 'Всей школе' }],
      ['teacher', { text: 'Всей школе' }],
      ['director', { text: 'Всей школе' }],
    ] as const) {
      expect(refused(await api(who, 'POST', '/resources/Announcement/actions/new', payload)), who).toBe(true);
    }
    expect(await t.orm.em.fork().count(Announcement, {})).toBe(2);

    const list = await api('director', 'GET', '/resources/Announcement/actions/list');
    expect(list.json<Json>().records!.map((r) => [r.params.groupName, r.params.recipients])).toEqual([['7А', 1], ['Вся школа', 1]]);
    const classB = await api('classTeacherB', 'GET', '/resources/Announcement/actions/list');
    expect(classB.json<Json>().records!.map((r) => r.params.groupName)).toEqual(['Вся школа']);
    const english = await api('classTeacherB', 'GET', '/resources/Announcement/actions/list?lang=en');
    expect(english.json<Json>().records!.map((r) => r.params.groupName)).toEqual(['Whole school']);
    expect(refused(await api('teacher', 'GET', '/resources/Announcement/actions/list'))).toBe(true);
  });

  it('lists the weekly digests within each one\'s reach', async () => {
    const admin = await api('administrator', 'GET', '/resources/WeeklyDigest/actions/list');
    expect(admin.json<Json>().records!.map((r) => r.params)).toEqual([
      expect.objectContaining({ weekStart: '2026-11-23', student: 'Алексеев Пётр', groupName: '7А', guardian: 'Алексеева Анна', acknowledged: false }),
    ]);
    expect((await api('classTeacherA', 'GET', '/resources/WeeklyDigest/actions/list')).json<Json>().records).toHaveLength(1);
    expect((await api('classTeacherB', 'GET', '/resources/WeeklyDigest/actions/list')).json<Json>().records).toEqual([]);
    expect(refused(await api('teacher', 'GET', '/resources/WeeklyDigest/actions/list'))).toBe(true);
    await run(() => t.core.digests.acknowledge(Number(admin.json<Json>().records![0]!.id), guardianActor({ guardianId: s.guardianA.id, schoolId: s.school.id })));
    const done = await api('director', 'GET', '/resources/WeeklyDigest/actions/list?filters.acknowledged=true');
    expect(done.json<Json>().records!.map((r) => r.params.acknowledged)).toEqual([true]);
    expect((await api('director', 'GET', '/resources/WeeklyDigest/actions/list?filters.acknowledged=false')).json<Json>().records).toEqual([]);
  });
});
