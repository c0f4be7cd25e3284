import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { Group } from '../../core/people/group.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { panelClient } from '../support/panel-client.js';
import { createReportFixture } from '../support/report-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('«Отчёты» in the panel, over HTTP: the role matrix (E1, E2)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  let deletedClass: number;
  const panel = panelClient(() => app);
  type Who = keyof typeof f.logins;
  const get = async (who: Who | undefined, url: string) =>
    app.inject({ method: 'GET', url, ...(who ? { headers: { cookie: await panel.login(f.logins[who]) } } : {}) });
  const report = (who: Who | undefined, query: Record<string, string | number>) =>
    get(who, `/admin/reports/download?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`);
  const e2 = (extra: Record<string, string | number> = {}) => ({ kind: 'E2', format: 'csv', period: f.quarter.id, ...extra });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
    f = await createReportFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    const em = t.orm.em.fork();
    const group = em.create(Group, { school: f.school.id, year: f.year.id, name: '7В', gradeLevel: 7 });
    await em.flush();
    deletedClass = group.id;
    await em.remove(group).flush();
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('gives the whole school to the administrator, the director, the deputy and the inspector', async () => {
    for (const who of ['administrator', 'director', 'deputy', 'inspector'] as const) {
      const res = await report(who, e2());
      expect(res.statusCode, who).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toContain('report-E2-2026-09-01-2026-10-27.csv');
      expect(res.body).toContain('Математика;4;');
      expect(res.body).toContain('Русский язык;6;');
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
    // Its class 7А: its own subject only; another teacher's subject: refused.
    expect((await report('teacher', e2({ class: f.groupA.id }))).body).not.toContain('Русский язык');
    const refused = await report('teacher', e2({ subject: f.russian.id }));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Недостаточно прав для этого действия.');
    expect(refused.headers['content-type']).toContain('text/html');
    expect((await report(undefined, e2())).statusCode).not.toBe(200);
  });

  it('refuses another school\'s ids, forged ids and a deleted class in words', async () => {
    const says = async (query: Record<string, string | number>, text: string) => {
      const res = await report('administrator', query);
      expect(res.statusCode, text).toBe(422);
      expect(res.body).toContain(text);
    };
    const otherPeriod = await t.orm.em.fork().getConnection().execute<{ id: number }[]>(
      `insert into period (school_id, year_id, type, number, name, start_date, end_date, created_at, updated_at)
       values (?, ?, 'quarter', 1, '1 четверть', '2026-09-01', '2026-10-27', now(), now()) returning id`, [other.school.id, other.year.id]);
    await says(e2({ period: otherPeriod[0]!.id }), 'Учебный период не найден в этой школе.');
    await says(e2({ class: other.groupA.id }), 'Класс не найден в этой школе и учебном году');
    await says(e2({ teacher: other.people.teacher.id }), 'Учитель не найден в этой школе.');
    await says(e2({ subject: 999_999 }), 'Предмет не найден в этой школе.');
    await says(e2({ class: deletedClass }), 'Класс не найден в этой школе и учебном году');
    await says(e2({ school: other.school.id }), 'Школа не найдена.');
    await says(e2({ class: '1 or 1=1' }), 'Класс указан неверно.');
    await says({ ...e2(), kind: 'E10' }, 'Нет такого отчёта. Есть: E1, E2, ');
    // Another school's administrator knows nothing of this school's period.
    const res = await app.inject({ method: 'GET', url: `/admin/reports/download?kind=E1&format=pdf&period=${f.quarter.id}`, headers: { cookie: await panel.login(other.logins.administrator) } });
    expect(res.statusCode).toBe(422);
  });

  it('shows the form with what the actor reaches, under the panel\'s CSP, and downloads XLSX and PDF', async () => {
    const form = await get('teacher', '/admin/reports');
    expect(form.statusCode).toBe(200);
    expect(form.headers['content-security-policy']).toContain("default-src 'self'");
    expect(form.body).toContain('Отчёты');
    expect(form.body).toContain('E2. Успеваемость и качество знаний');
    expect(form.body).toContain('Математика');
    expect(form.body).not.toContain('Русский язык');
    const xlsx = await report('director', { ...e2(), format: 'xlsx' });
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await report('inspector', { kind: 'E1', format: 'pdf', from: '2026-09-01', to: '2026-12-31' });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    expect((await get(undefined, '/admin/reports')).statusCode).not.toBe(200);
  });
});
