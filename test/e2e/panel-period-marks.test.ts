import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { systemActor } from '../../core/access/actor.js';
import { valueTitle } from '../../core/exports/column-titles.js';
import { PeriodLock } from '../../core/journal/period-lock.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { fixedClock } from '../../core/time/clock.js';

type Json = { records?: { id: string; params: Record<string, unknown>; recordActions: { name: string }[] }[]; record?: { params: Record<string, unknown> }; notice?: { message: string; type: string } };

describe('panel: period marks, closed periods and the mark-change report (C7, B4)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  let lockId: number;
  const panel = panelClient(() => app);
  const api = (who: keyof typeof school.logins, method: 'GET' | 'POST', url: string) => panel.api(school.logins[who], method, url);
  const refused = (res: { statusCode: number; json(): any }) =>
    res.statusCode === 403 || res.json().record?.baseError?.type === 'ForbiddenError' || res.json().notice?.message === 'forbiddenError';
  const lock = () => t.orm.em.fork().findOneOrFail(PeriodLock, lockId);

  beforeAll(async () => {
    // The journal as of a day of the second quarter, whatever the day the tests run.
    t = await createTestCore({}, fixedClock('2026-11-20T09:00:00Z'));
    school = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
    const { journal, periodMarks } = t.core;
    const teacher = (await staffActorFor(t.orm.em.fork(), school.people.teacher.id, 'bot'))!;
    await t.core.unitOfWork(async () => {
      const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
        ((await t.core.records.create(kind, { school: school.school.id, ...input }, systemActor('panel'))) as { id: number }).id;
      const workTypeId = await create('WorkType', { name: 'Ответ на уроке', weight: 1 });
      const q2 = await create('Period', { year: school.year.id, type: 'quarter', number: 2, name: '2 четверть', startDate: '2026-11-05', endDate: '2026-12-28' });
      const first = await journal.lessons.openLesson(school.assignment.id, '2026-11-16', 1, teacher);
      const changed = await journal.marks.giveMark(first.id, school.studentA.id, 3, { workTypeId }, teacher);
      await journal.marks.changeMark(changed.id, { value: 4 }, 1, teacher);
      const second = await journal.lessons.openLesson(school.assignment.id, '2026-11-18', 1, teacher);
      const removed = await journal.marks.giveMark(second.id, school.studentA.id, 5, { workTypeId }, teacher);
      await journal.marks.removeMark(removed.id, 1, teacher);
      await periodMarks.acceptProposed(school.assignment.id, q2, school.studentA.id, teacher);
      lockId = (await t.orm.em.findOneOrFail(PeriodLock, { assignment: school.assignment.id, period: q2 })).id;
    });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('lists period marks with names and Russian values, within each one’s reach', async () => {
    const list = await api('teacher', 'GET', '/resources/PeriodMark/actions/list');
    expect(list.statusCode).toBe(200);
    const [row, ...rest] = list.json<Json>().records!;
    expect(rest).toEqual([]);
    expect(row!.params).toMatchObject({ studentName: 'Алексеев Пётр', periodName: '2 четверть', value: '4', deferredUntil: null });
    expect(row!.params.assignmentTitle).toContain('Математика — 7А');
    expect(row!.recordActions.map((a) => a.name)).not.toContain('edit');
    expect((await api('classTeacherA', 'GET', '/resources/PeriodMark/actions/list')).json<Json>().records).toHaveLength(1);
    expect((await api('classTeacherB', 'GET', '/resources/PeriodMark/actions/list')).json<Json>().records).toEqual([]);
    expect(['5', 'pass', 'fail', 'na', 'exempt'].map((v) => valueTitle('PeriodMark', 'value', v))).toEqual(['5', 'зачёт', 'незачёт', 'н/а', 'осв.']);
  });

  it('lets only the administrator unlock a closed period, even by a direct request', async () => {
    const teacherList = await api('teacher', 'GET', '/resources/PeriodLock/actions/list');
    const [own] = teacherList.json<Json>().records!;
    expect(own!.params).toMatchObject({ locked: true, periodName: '2 четверть' });
    expect(own!.recordActions.map((a) => a.name)).not.toContain('unlock');
    for (const who of ['teacher', 'director', 'classTeacherA'] as const) {
      expect(refused(await api(who, 'POST', `/resources/PeriodLock/records/${lockId}/unlock`)), who).toBe(true);
      expect(await lock()).toMatchObject({ locked: true });
    }

    const adminList = await api('administrator', 'GET', '/resources/PeriodLock/actions/list');
    expect(adminList.json<Json>().records![0]!.recordActions.map((a) => a.name)).toContain('unlock');
    const unlocked = await api('administrator', 'POST', `/resources/PeriodLock/records/${lockId}/unlock`);
    expect(unlocked.json<Json>().notice).toMatchObject({ type: 'success' });
    expect(unlocked.json<Json>().record!.params).toMatchObject({ locked: false, unlockedBy: school.logins.administrator });
    expect(await lock()).toMatchObject({ locked: false, unlockedBy: school.logins.administrator });

    const again = await api('administrator', 'POST', `/resources/PeriodLock/records/${lockId}/unlock`);
    expect(again.json<Json>().notice).toMatchObject({ type: 'error' });
    expect(again.json<Json>().notice!.message).toContain('не закрыт');
  });

  it('shows the mark-change report to the administrator and the director, filtered by date; not to a teacher', async () => {
    const today = t.core.clock.today('Europe/Moscow');
    const query = `/resources/MarkChange/actions/list?filters.changedOn~~from=${today}&filters.changedOn~~to=${today}`;
    for (const who of ['administrator', 'director'] as const) {
      const list = await api(who, 'GET', query);
      expect(list.statusCode).toBe(200);
      const rows = list.json<Json>().records!.map((r) => r.params);
      const common = { teacher: 'Учителева Мария Ивановна', student: 'Алексеев Пётр', subject: 'Математика', group: '7А' };
      expect(rows).toEqual([
        expect.objectContaining({ ...common, lessonDate: '2026-11-18', oldMark: '5', newMark: 'удалена' }),
        expect.objectContaining({ ...common, lessonDate: '2026-11-16', oldMark: '3', newMark: '4' }),
      ]);
      const show = await api(who, 'GET', `/resources/MarkChange/records/${String(rows[1]!.id)}/show`);
      expect(show.json<Json>().record!.params).toMatchObject({ oldMark: '3', newMark: '4' });
    }
    const english = await api('administrator', 'GET', `${query}&lang=en`);
    expect(english.json<Json>().records!.map((r) => r.params.newMark)).toEqual(['removed', '4']);
    const before = await api('administrator', 'GET', '/resources/MarkChange/actions/list?filters.changedOn~~from=2000-01-01&filters.changedOn~~to=2000-01-31');
    expect(before.json<Json>().records).toEqual([]);
    for (const who of ['teacher', 'classTeacherA', 'deputy'] as const) {
      const list = await api(who, 'GET', query);
      expect(refused(list), who).toBe(true);
      expect(list.json<Json>().records ?? []).toEqual([]);
    }
  });
});
