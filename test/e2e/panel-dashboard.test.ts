import type { FastifyInstance } from 'fastify';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import type { DayView } from '../../admin/adminjs/day-summary-view.js';
import { systemActor } from '../../core/access/actor.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { panelClient } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const FRIDAY = '2026-11-20';

interface Dashboard {
  school: string | null;
  counts: Record<string, number>;
  days: DayView[];
  labels: Record<string, unknown>;
}

/** The panel's home page (issue 13): the day summary by role over AdminJS's dashboard API, and no welcome page. */
describe('panel: the home page is the school\'s day', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let s2: Awaited<ReturnType<typeof createSchoolFixture>>;
  const panel = panelClient(() => app);
  const dashboard = async (email: string, lang?: string) => {
    const res = await panel.api(email, 'GET', `/dashboard${lang ? `?lang=${lang}` : ''}`);
    expect(res.statusCode).toBe(200);
    return res.json<Dashboard>();
  };
  const figure = (day: DayView, id: string) => day.figures.find((f) => f.id === id);

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(DateTime.fromISO(`${FRIDAY}T12:00`, { zone: 'Europe/Moscow' }).toJSDate()));
    s = await createSchoolFixture(t.core);
    s2 = await createSchoolFixture(t.core, 'Школа № 2');
    const sys = systemActor('panel');
    await t.core.unitOfWork(async () => {
      const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>, school = s.school.id) =>
        t.core.records.create(kind, { school, ...input }, sys) as Promise<{ id: number }>;
      const history = await create('Subject', { name: 'История' });
      const historyB = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.classTeacherB.id, subject: history.id, group: s.groupB.id, plannedHours: 68 });
      await create('TimetableSlot', { assignment: s.assignment.id, group: s.groupA.id, weekday: 5, lessonNumber: 1, validFrom: '2026-09-01' });
      await create('TimetableSlot', { assignment: historyB.id, group: s.groupB.id, weekday: 5, lessonNumber: 2, validFrom: '2026-09-01' });
      await create('TimetableSlot', { assignment: s2.assignment.id, group: s2.groupA.id, weekday: 5, lessonNumber: 1, validFrom: '2026-09-01' }, s2.school.id);
      await create('TimetableSlot', { assignment: s2.assignment.id, group: s2.groupA.id, weekday: 5, lessonNumber: 2, validFrom: '2026-09-01' }, s2.school.id);
      await create('TimetableSlot', { assignment: s2.assignment.id, group: s2.groupA.id, weekday: 5, lessonNumber: 3, validFrom: '2026-09-01' }, s2.school.id);
      // The outbox: about 7А's student (failed today, waiting), about 7Б's (waiting), the other school's (failed).
      const at = DateTime.fromISO(`${FRIDAY}T09:00`, { zone: 'Europe/Moscow' }).toJSDate();
      let key = 0;
      const notification = (status: Notification['status'], student: number, school = s.school.id) => t.orm.em.create(Notification, {
        school, telegramAccountId: 7001, personKind: 'student', personId: student, studentId: student, kind: 'mark', payload: { text: 'секрет' },
        eventKey: `e2e:${key++}`, status, notBefore: at, createdAt: at,
      });
      notification('failed', s.studentA.id);
      notification('pending', s.studentA.id);
      notification('pending', s.studentB.id);
      notification('failed', s2.studentA.id, s2.school.id);
      await t.orm.em.flush();
    });
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('shows the heads the whole school\'s day, in Russian, each figure with its list', async () => {
    for (const head of ['director', 'deputy', 'inspector', 'administrator'] as const) {
      const home = await dashboard(s.logins[head]);
      expect(home.days, head).toHaveLength(1);
      const [day] = home.days as [DayView];
      expect(day.summary).toMatchObject({ school: { id: s.school.id }, date: FRIDAY, coverage: 'school', lessons: { total: 2, complete: 0, marks: 0 }, guardians: { connected: 0, total: 1 } });
      expect(day.title).toBe('Сводка дня — Школа № 1');
      expect(day.date).toBe('пятница, 20.11.2026');
      expect(day.figures.map((f) => f.id)).toEqual(['lessons', 'withoutTopic', 'withoutAttendance', 'withoutHomework', 'marks', 'guardians', 'digests', 'waiting', 'failed']);
      expect(figure(day, 'lessons')).toMatchObject({ value: '2', caption: 'Уроков по расписанию', link: { resource: 'TimetableSlot', query: 'filters.weekday=5' } });
      expect(figure(day, 'withoutTopic')).toMatchObject({ value: '2', attention: true });
      expect(figure(day, 'guardians')).toMatchObject({ value: '0', detail: 'из 1: Telegram и согласие', link: { resource: 'Guardian' } });
      expect(figure(day, 'marks')?.link.resource).toBe('AuditEntry');
      expect(figure(day, 'marks')?.link.query).toContain('filters.entity=Mark');
      expect(day.teachers.rows.map((r) => [r.name, r.lessons, r.missing])).toEqual([
        ['Другая М. И.', 1, 'без темы 1, без посещаемости 1, без д/з 1'],
        ['Учителева М. И.', 1, 'без темы 1, без посещаемости 1, без д/з 1'],
      ]);
      expect(day.teachers.rows[1]!.link).toEqual({ resource: 'TeachingAssignment', query: `filters.teacher=${s.people.teacher.id}` });
      expect(home.labels.school).toBe('Школа в цифрах');
    }
  });

  it('speaks English when the panel is switched to English', async () => {
    const [day] = (await dashboard(s.logins.director, 'en')).days as [DayView];
    expect(day.title).toBe('Day summary — Школа № 1');
    expect(day.date).toBe('Friday, 20.11.2026');
    expect(figure(day, 'lessons')?.caption).toBe('Lessons in the timetable');
    // Anything else is Russian, the default.
    expect((await dashboard(s.logins.director, 'xx')).days[0]!.title).toBe('Сводка дня — Школа № 1');
  });

  it('shows a class teacher its class, and a teacher its own lessons without the families', async () => {
    const [a] = (await dashboard(s.logins.classTeacherA)).days as [DayView];
    expect(a.title).toBe('Сводка дня — 7А');
    expect(a.summary).toMatchObject({ coverage: 'classes', lessons: { total: 1 }, guardians: { total: 1 } });
    expect(figure(a, 'lessons')?.link.query).toBe(`filters.weekday=5&filters.group=${s.groupA.id}`);
    // 7Б's class teacher also teaches history there: its class, its lesson.
    const [b] = (await dashboard(s.logins.classTeacherB)).days as [DayView];
    expect(b.summary).toMatchObject({ coverage: 'classes', groups: [{ name: '7Б' }], lessons: { total: 1 }, guardians: { total: 0 } });

    const [own] = (await dashboard(s.logins.teacher)).days as [DayView];
    expect(own.summary).toMatchObject({ coverage: 'lessons', lessons: { total: 1 }, guardians: null, digests: null, notifications: null });
    expect(own.title).toBe('Ваши уроки дня — Школа № 1');
    expect(own.figures.map((f) => f.id)).not.toContain('guardians');
  });

  it('never mixes in another school', async () => {
    const home = await dashboard(s2.logins.director);
    expect(home.school).toBe('Школа № 2');
    expect(home.days.map((d) => [d.summary.school.id, d.summary.lessons.total])).toEqual([[s2.school.id, 3]]);
  });

  it('lists the outbox behind the figures, scoped like the summary, without what the messages said', async () => {
    const list = async (who: string, query = '') => panel.api(who, 'GET', `/resources/Notification/actions/list${query}`);
    const rows = (res: { json(): any }) => (res.json().records ?? []).map((r: { params: Record<string, unknown> }) => [r.params.student, r.params.status]);
    const [day] = (await dashboard(s.logins.director)).days as [DayView];
    expect(figure(day, 'failed')).toMatchObject({ value: '1', attention: true, link: { resource: 'Notification', query: 'filters.status=failed' } });
    expect(figure(day, 'waiting')).toMatchObject({ value: '2', link: { resource: 'Notification', query: 'filters.status=pending' } });

    const failed = await list(s.logins.director, '?filters.status=failed');
    expect(failed.statusCode).toBe(200);
    expect(rows(failed)).toEqual([['Алексеев Пётр', 'failed']]);
    expect(failed.body).not.toContain('секрет');
    expect(rows(await list(s.logins.director)).length).toBe(3);
    // 7А's class teacher: its student's notifications only.
    expect(rows(await list(s.logins.classTeacherA)).sort()).toEqual([['Алексеев Пётр', 'failed'], ['Алексеев Пётр', 'pending']]);
    // A teacher holds no summary.view: refused; the other school sees its own.
    const teacher = await list(s.logins.teacher);
    expect(teacher.statusCode === 403 || teacher.json().notice?.message === 'forbiddenError' || (teacher.json().records ?? []).length === 0).toBe(true);
    expect(teacher.body).not.toContain('Алексеев');
    expect(rows(await list(s2.logins.director))).toEqual([['Алексеев Пётр', 'failed']]);
    // A forged id of the first school's notification: nothing shown to the second school's director.
    const theirs = await t.orm.em.fork().findOneOrFail(Notification, { school: s.school.id, status: 'failed' });
    const mine = await panel.api(s.logins.director, 'GET', `/resources/Notification/records/${theirs.id}/show`);
    expect(mine.json().record?.params).toMatchObject({ id: theirs.id, status: 'failed', recipient: 'Алексеев Пётр' });
    const forged = await panel.api(s2.logins.director, 'GET', `/resources/Notification/records/${theirs.id}/show`);
    expect(forged.json().record?.baseError?.type).toBe('NotFoundError');
    expect(forged.json().record?.params).toEqual({});
  });

  it('gives nothing without a session, or with a made-up one', async () => {
    const none = await app.inject({ method: 'GET', url: '/admin/api/dashboard' });
    expect(none.statusCode).not.toBe(200);
    expect(none.body).not.toContain('Сводка дня');
    const forged = await app.inject({ method: 'GET', url: '/admin/api/dashboard', headers: { cookie: 'klassny_panel=forged.value' } });
    expect(forged.statusCode).not.toBe(200);
    expect(forged.body).not.toContain('Школа № 1');
  });

  it('renders no AdminJS welcome page: its texts are gone and our dashboard is registered before the first drawing', async () => {
    const cookie = await panel.login(s.logins.director);
    const page = await app.inject({ method: 'GET', url: '/admin', headers: { cookie } });
    expect(page.statusCode).toBe(200);
    for (const text of ['Добавление ресурсов', 'Настройка ресурсов', 'Своя главная страница', 'Discord', 'Adding Resources', 'Customize Resources']) expect(page.body).not.toContain(text);
    // Our script comes right after AdminJS's components, before the script that draws the page.
    const ours = page.body.indexOf('<script src="/panel-assets/panel.js"></script>');
    expect(ours).toBeGreaterThan(page.body.indexOf('components.bundle.js'));
    expect(ours).toBeLessThan(page.body.indexOf('root.render'));
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const script = await app.inject({ method: 'GET', url: '/panel-assets/panel.js' });
    expect(script.body).toContain('UserComponents.DashboardRoute = Dashboard');
  });
});
