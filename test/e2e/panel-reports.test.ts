import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { pagesShownTo } from '../../admin/adminjs/panel-pages.js';
import { guardianActor, studentActor } from '../../core/access/actor.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { hashPassword } from '../../core/accounts/passwords.js';
import { AccessDenied } from '../../core/base/errors.js';
import { Group } from '../../core/people/group.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import type { ReportChoices } from '../../core/reports/report-choices.js';
import { REPORT_KINDS } from '../../core/reports/report-kinds.js';
import { fixedClock } from '../../core/time/clock.js';
import { panelClient } from '../support/panel-client.js';
import { createReportFixture } from '../support/report-fixture.js';
import { PANEL_PASSWORD, createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('«Отчёты» in the panel, over HTTP: the role matrix (choices; E1, E2, E9)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  let deletedClass: number;
  const newcomer = 'newcomer@school.example';
  const panel = panelClient(() => app);
  type Who = keyof typeof f.logins | 'newcomer' | 'otherAdministrator';
  const emailOf = (who: Who) => (who === 'newcomer' ? newcomer : who === 'otherAdministrator' ? other.logins.administrator : f.logins[who]);
  const get = async (who: Who | undefined, url: string) =>
    app.inject({ method: 'GET', url, ...(who ? { headers: { cookie: await panel.login(emailOf(who)) } } : {}) });
  const query = (params: Record<string, string | number>) => new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const report = (who: Who | undefined, params: Record<string, string | number>) => get(who, `/admin/reports/download?${query(params)}`);
  const choices = async (who: Who, params: Record<string, string | number> = {}) => {
    const res = await get(who, `/admin/reports/choices?${query(params)}`);
    return { status: res.statusCode, body: res.json<ReportChoices & { errors?: string[] }>() };
  };
  const e2 = (extra: Record<string, string | number> = {}) => ({ kind: 'E2', format: 'csv', period: f.quarter.id, ...extra });
  const e9 = (extra: Record<string, string | number> = {}) => ({ ...e2(extra), kind: 'E9' });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-20T09:00:00Z'));
    f = await createReportFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    const em = t.orm.em.fork();
    const group = em.create(Group, { school: f.school.id, year: f.year.id, name: '7В', gradeLevel: 7 });
    // A teacher with no lessons and no class yet: it reaches nothing.
    const staff = em.create(Staff, { school: f.school.id, lastName: 'Новенькая', firstName: 'Ольга', roles: ['teacher'] });
    await em.flush();
    em.create(AdminAccount, { email: newcomer, passwordHash: await hashPassword(PANEL_PASSWORD), staff: staff.id });
    deletedClass = group.id;
    await em.remove(group).flush();
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('offers each role the kinds it may make and only the classes, subjects and teachers it reaches', async () => {
    const names = (c: ReportChoices) => ({
      kinds: c.kinds.map((k) => k.id), classes: c.classes.map((g) => g.name), subjects: c.subjects.map((s) => s.name), teachers: c.teachers.map((s) => s.name),
    });
    // Every kind to the heads; the kinds made of lessons to whoever teaches; E9, about families, to the heads and class teachers.
    const every = Object.keys(REPORT_KINDS);
    const ofLessons = every.filter((k) => k !== 'E9');
    expect(every).toContain('E9');
    const school = { kinds: every, classes: ['7А', '7Б'], subjects: ['Математика', 'Русский язык'], teachers: ['Классная Мария Ивановна', 'Учителева Мария Ивановна'] };
    for (const who of ['administrator', 'director', 'deputy', 'inspector'] as const) {
      const { status, body } = await choices(who);
      expect(status, who).toBe(200);
      expect(names(body), who).toEqual(school);
      expect(body.school.name).toBe('Школа № 1');
      expect(body.periods.map((p) => `${p.name}, ${p.year}`)).toEqual(['1 четверть, 2026/2027']);
      // 20.10.2026 lies in the quarter: the form starts on it.
      expect(body.currentPeriod).toBe(f.quarter.id);
    }
    const kind = (await choices('director')).body.kinds.find((k) => k.id === 'E9');
    expect(kind).toEqual({ id: 'E9', title: 'Охват родителей', description: expect.stringContaining('согласие на обработку персональных данных') });
    // 7А's class teacher: its class, every subject there; guardian reach of its class.
    expect(names((await choices('classTeacherA')).body)).toEqual({ ...school, classes: ['7А'] });
    // 7Б's class teacher: no lessons there yet, so no E1/E2; its class's families, E9.
    expect(names((await choices('classTeacherB')).body)).toEqual({ kinds: ['E9'], classes: ['7Б'], subjects: [], teachers: [] });
    // A teacher: its own assignments; families are not its to report on.
    expect(names((await choices('teacher')).body)).toEqual({ kinds: ofLessons, classes: ['7А'], subjects: ['Математика'], teachers: ['Учителева Мария Ивановна'] });
    // In English when the panel is.
    expect((await choices('director', { lang: 'en' })).body.kinds.map((k) => k.title)).toEqual(expect.arrayContaining(['Summary sheet', 'Pass rate and quality', 'Guardian reach']));
  });

  it('refuses choices to one who reaches nothing, of another school, with a forged school, and without a login', async () => {
    const refused = await choices('newcomer');
    expect(refused.status).toBe(403);
    expect(refused.body.errors).toEqual(['Недостаточно прав для этого действия.']);
    const foreign = await choices('director', { school: other.school.id });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors).toEqual(['Школа не найдена.']);
    expect((await choices('director', { school: '1 or 1=1' })).body.errors).toEqual(['Школа указана неверно.']);
    // Another school's administrator sees its own school only.
    const own = await choices('otherAdministrator');
    expect(own.body.school.name).toBe('Школа № 2');
    expect(own.body.classes.map((c) => c.id)).not.toContain(f.groupA.id);
    expect((await choices('otherAdministrator', { school: f.school.id })).status).toBe(422);
    expect((await get(undefined, '/admin/reports/choices')).statusCode).not.toBe(200);
    // Families have no panel login; the core refuses them anyway.
    for (const actor of [guardianActor({ schoolId: f.school.id, guardianId: f.guardianA.id }), studentActor({ schoolId: f.school.id, studentId: f.studentA.id })]) {
      await expect(t.core.unitOfWork(() => t.core.reports.choices(actor))).rejects.toBeInstanceOf(AccessDenied);
      await expect(t.core.unitOfWork(() => t.core.reports.make('E9', { period: f.quarter.id }, actor, 'csv'))).rejects.toBeInstanceOf(AccessDenied);
      expect(pagesShownTo(actor)).toEqual([]);
    }
  });

  it('gives the whole school to the administrator, the director, the deputy and the inspector', async () => {
    for (const who of ['administrator', 'director', 'deputy', 'inspector'] as const) {
      const res = await report(who, e2());
      expect(res.statusCode, who).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('report-E2-2026-09-01-2026-10-27.csv');
      expect(res.body).toContain('Математика;4;');
      expect(res.body).toContain('Русский язык;6;');
      const reach = await report(who, e9());
      expect(reach.statusCode, who).toBe(200);
      // 7А on 27.10: six students (Ершов left), one guardian, no consent in the registry.
      expect(reach.body).toContain('7А;6;1;0;0,00;0;0,00;0;0;\r\n');
      expect(reach.body).toContain('7Б;1;0;0;;0;;0;0;\r\n');
      expect(reach.body).toContain('Итого по школе;7;1;');
    }
  });

  it('gives a class teacher its class, a teacher its assignments, and refuses the rest', async () => {
    const own = await report('classTeacherA', e2({ class: f.groupA.id }));
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Математика;4;');
    // 7Б's class teacher reaches no assignment of 7А, nor any in its own class (none there).
    expect((await report('classTeacherB', e2({ class: f.groupA.id }))).statusCode).toBe(403);
    expect((await report('classTeacherB', e2())).statusCode).toBe(403);
    const teacher = await report('teacher', e2());
    expect(teacher.statusCode).toBe(200);
    expect(teacher.body).toContain('Математика;4;');
    expect(teacher.body).not.toContain('Русский язык');
    // Its class 7А: its own subject only; another teacher's subject: refused, in words.
    expect((await report('teacher', e2({ class: f.groupA.id }))).body).not.toContain('Русский язык');
    const refused = await report('teacher', e2({ subject: f.russian.id }));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ errors: ['Недостаточно прав для этого действия.'] });
    expect((await report('teacher', { ...e2(), lang: 'en', subject: f.russian.id })).json<{ errors: string[] }>().errors[0]).not.toContain('Недостаточно');
    expect((await report(undefined, e2())).statusCode).not.toBe(200);
    expect((await report('newcomer', e2())).statusCode).toBe(403);

    // E9 is about families: each class teacher its own class, 7Б's too; a teacher none; another class refused.
    const classA = await report('classTeacherA', e9());
    expect(classA.statusCode).toBe(200);
    expect(classA.body).toContain('7А;6;1;');
    expect(classA.body).not.toContain('7Б;');
    expect(classA.body).toContain('Итого;6;1;');
    expect((await report('classTeacherA', e9({ class: f.groupB.id }))).statusCode).toBe(403);
    const classB = await report('classTeacherB', e9());
    expect(classB.statusCode).toBe(200);
    expect(classB.body).toContain('7Б;1;0;');
    expect((await report('teacher', e9())).statusCode).toBe(403);
  });

  it('refuses another school\'s ids, forged ids and a deleted class in words', async () => {
    const says = async (params: Record<string, string | number>, text: string) => {
      const res = await report('administrator', params);
      expect(res.statusCode, text).toBe(422);
      expect(res.json<{ errors: string[] }>().errors.join(' ')).toContain(text);
    };
    const otherPeriod = await t.orm.em.fork().getConnection().execute<{ id: number }[]>(
      `insert into period (school_id, year_id, type, number, name, start_date, end_date, created_at, updated_at)
       values (?, ?, 'quarter', 1, '1 четверть', '2026-09-01', '2026-10-27', now(), now()) returning id`, [other.school.id, other.year.id]);
    await says(e2({ period: otherPeriod[0]!.id }), 'Учебный период не найден в этой школе.');
    await says(e2({ class: other.groupA.id }), 'Класс не найден в этой школе и учебном году');
    await says(e9({ class: other.groupA.id }), 'Класс не найден в этой школе и учебном году');
    await says(e2({ teacher: other.people.teacher.id }), 'Учитель не найден в этой школе.');
    await says(e2({ subject: 999_999 }), 'Предмет не найден в этой школе.');
    await says(e2({ class: deletedClass }), 'Класс не найден в этой школе и учебном году');
    await says(e9({ class: deletedClass }), 'Класс не найден в этой школе и учебном году');
    await says(e2({ school: other.school.id }), 'Школа не найдена.');
    await says(e2({ class: '1 or 1=1' }), 'Класс указан неверно.');
    await says({ ...e2(), kind: 'E0' }, `Нет такого отчёта. Есть: ${Object.keys(REPORT_KINDS).join(', ')}.`);
    // Another school's administrator knows nothing of this school's period.
    for (const kind of ['E1', 'E9']) expect((await report('otherAdministrator', { kind, format: 'pdf', period: f.quarter.id })).statusCode).toBe(422);
  });

  it('shows «Отчёты» as a page of the panel, in its sidebar, and downloads XLSX and PDF', async () => {
    expect((await get('teacher', '/admin/reports')).headers.location).toBe('/admin/pages/reports');
    const page = await get('teacher', '/admin/pages/reports');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.body).toContain('window.KLASSNY_PAGES = ["journal","reports"];');
    expect(page.body).toContain('<script src="/panel-assets/reports.js"></script>');
    const script = await app.inject({ method: 'GET', url: '/panel-assets/reports.js' });
    expect(script.body).toContain('KlassnyReports');
    const xlsx = await report('director', { ...e2(), format: 'xlsx' });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await report('inspector', { kind: 'E9', format: 'pdf', from: '2026-09-01', to: '2026-12-31' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect((await get(undefined, '/admin/pages/reports')).statusCode).not.toBe(200);
  });
});
