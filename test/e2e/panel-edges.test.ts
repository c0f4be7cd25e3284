import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { createLogger } from '../../core/base/logger.js';
import { Student } from '../../core/people/student.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** A CSV upload as the panel's «Выгрузка и загрузка» sends it. */
function multipart(name: string, content: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----klassny-test-boundary';
  const payload = Buffer.from([
    `--${boundary}`,
    `Content-Disposition: form-data; name="file"; filename="${name}"`,
    'Content-Type: text/csv',
    '',
    `\uFEFF${content}`,
    `--${boundary}--`,
    '',
  ].join('\r\n'), 'utf8');
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Issue 12, points 5 and 10, over HTTP: what a hand-made request to the panel gets. Never a 500 for
 * something a client sent; a 500 (a real fault) with a bare body; no SQL or row values in any answer or
 * log line; the login guard by path alone; no framing.
 */
describe('panel: hand-made requests, faults, and the headers every answer carries', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const logLines: string[] = [];
  const panel = panelClient(() => app);
  const asAdmin = async () => ({ cookie: await panel.login(school.logins.administrator) });
  const get = async (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const sql = (query: string) => t.orm.em.fork().getConnection().execute(query);
  const SQL_OR_VALUES = /insert into|update "|select |from "|"student"|Ловушкин|Failing row|violates/;

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    t.core.log = createLogger('info', new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    }));
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
  });

  it('guards pages by their path alone: an asset\'s path in the query string opens nothing', async () => {
    for (const url of [
      '/admin/resources/Student?x=/frontend/assets/app.bundle.js',
      '/admin?x=/frontend/assets/app.bundle.js',
      '/admin/resources/Student/actions/list?a=/frontend/assets/components.bundle.js',
      '/admin/api/resources/Student/actions/list?x=/frontend/assets/global.bundle.js',
      '/admin/pages/x?y=/admin/login',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toBe('/admin/login');
      expect(res.body, url).not.toContain('__APP_STATE__');
    }
    // The assets themselves, and the login page, need no login.
    expect((await get('/admin/frontend/assets/app.bundle.js')).statusCode).toBe(200);
    expect((await get('/admin/frontend/assets/components.bundle.js')).statusCode).toBe(200);
    expect((await get('/admin/login')).statusCode).toBe(200);
  });

  it('sends X-Frame-Options: DENY and a CSP with frame-ancestors \'none\' on every panel answer', async () => {
    const admin = await asAdmin();
    const answers = [
      await get('/admin/login'),
      await get('/admin', admin),
      await get('/admin/resources/Student', admin),
      await get('/admin/api/resources/Student/actions/list', admin),
      await get('/admin/change-password', admin),
      await get('/admin/frontend/assets/app.bundle.js'),
      await get('/admin/resources/Student'),
    ];
    for (const res of answers) {
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
      expect(String(res.headers['content-security-policy'])).toContain("object-src 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    // With sniffing off, a page must name its charset (AdminJS's <meta charset> comes after 600 KB of script).
    for (const res of answers.slice(0, 3)) expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('answers the reference search of Student, Guardian, Staff and TeachingAssignment (it once gave 500)', async () => {
    const admin = await asAdmin();
    const found = async (resource: string, text: string) => {
      const res = await get(`/admin/api/resources/${resource}/search/${encodeURIComponent(text)}`, admin);
      expect(res.statusCode, `${resource} ${text}`).toBe(200);
      return res.json<{ records: { id: string | number }[] }>().records.map((r) => Number(r.id));
    };
    expect(await found('Student', 'Алекс')).toEqual([school.studentA.id]);
    expect(await found('Guardian', 'Алексеева')).toEqual([school.guardianA.id]);
    expect(await found('Staff', 'Учител')).toEqual([school.people.teacher.id]);
    expect(await found('TeachingAssignment', 'Матем')).toEqual([school.assignment.id]);
    // What a person could type: wildcards, a backslash, a NUL (PostgreSQL refuses NUL in text).
    for (const text of ['%', '_', '\\', 'а\u0000б', "'; drop table student; --"]) {
      for (const resource of ['Student', 'Guardian', 'Staff', 'TeachingAssignment']) await found(resource, text);
    }
    expect((await get('/admin/api/resources/Student/actions/search/%00', admin)).statusCode).toBe(200);
  });

  it('takes recordIds sent twice (bulk actions) as one list, and answers other hand-made URLs without a 500', async () => {
    const admin = await asAdmin();
    const ids = `${school.studentA.id}`;
    const twice = await get(`/admin/api/resources/Student/bulk/bulkDelete?recordIds=${ids}&recordIds=${school.studentB.id}`, admin);
    expect(twice.statusCode).toBe(200);
    expect(twice.json<{ records: { id: number }[] }>().records.map((r) => Number(r.id)).sort()).toEqual([school.studentA.id, school.studentB.id].sort());
    const posted = await app.inject({ method: 'POST', url: `/admin/api/resources/Student/bulk/bulkDelete?recordIds=${ids}&recordIds=${ids}`, headers: admin });
    expect(posted.statusCode).not.toBe(500);

    const expectations: [string, number][] = [
      ['/admin/api/resources/Nope/actions/list', 404],
      ['/admin/api/resources/Student/actions/nope', 404],
      ['/admin/api/resources/Student/records/1/nope', 404],
      ['/admin/api/resources/Student/actions/list?page=1&page=2&perPage=1&perPage=2', 200],
      ['/admin/api/resources/Student/actions/list?filters.id=abc', 200],
      ['/admin/api/resources/Student/actions/list?filters.birthDate=13.13.2013', 200],
      ['/admin/api/resources/Student/actions/list?filters.birthDate~~from=x', 200],
      ['/admin/api/resources/Student/actions/list?filters.lastName=%00', 200],
      ['/admin/api/resources/Enrollment/actions/list?filters.group=abc', 200],
    ];
    for (const [url, status] of expectations) expect((await get(url, admin)).statusCode, url).toBe(status);
    const none = await get('/admin/api/resources/Student/actions/list?filters.id=abc', admin);
    expect(none.json<{ records: unknown[] }>().records).toEqual([]);
  });

  it('answers a 300-character surname with a Russian message next to the field, not a 500', async () => {
    const res = await app.inject({
      method: 'POST', url: '/admin/api/resources/Student/actions/new', headers: await asAdmin(),
      payload: { lastName: 'Ш'.repeat(300), firstName: 'Пётр', birthDate: '2013-04-05', sex: 'm' },
    });
    expect(res.statusCode).toBe(200);
    const record = res.json<{ record: { errors: Record<string, { message: string }> } }>().record;
    expect(record.errors.lastName?.message).toBe('Слишком длинное значение: 300 символов, можно не больше 255.');
    expect(res.body).not.toMatch(SQL_OR_VALUES);
  });

  describe('a fault of the database itself (a constraint the core does not know of)', () => {
    beforeAll(async () => {
      // Stands for any driver error the core cannot foresee: its message quotes the SQL and the failing row.
      await sql(`alter table student add constraint test_fault check (last_name <> 'Ловушкин')`);
    });
    afterAll(async () => {
      await sql('alter table student drop constraint test_fault');
    });

    const expectBareFault = (res: LightMyRequestResponse, route: string) => {
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
      const logged = logLines.join('');
      expect(logged).toContain('CheckConstraintViolationException');
      expect(logged).toContain('23514');
      expect(logged).toContain(route);
      expect(logged).not.toMatch(SQL_OR_VALUES);
    };

    it('on a panel save: a bare 500, and a log line with the kind and the code only', async () => {
      logLines.length = 0;
      const res = await app.inject({
        method: 'POST', url: '/admin/api/resources/Student/actions/new', headers: await asAdmin(),
        payload: { lastName: 'Ловушкин', firstName: 'Пётр', birthDate: '2013-04-05', sex: 'm' },
      });
      expectBareFault(res, '/admin/api/resources/:resourceId/actions/:action');
      expect(await t.orm.em.fork().count(Student, { lastName: 'Ловушкин' })).toBe(0);
    });

    it('in an import: the same, and nothing of the file saved', async () => {
      logLines.length = 0;
      const header = 'Фамилия;Имя;Отчество;Дата рождения;Пол;Класс';
      const upload = multipart('students.csv', [header, 'Ловкий;Иван;Петрович;05.04.2013;м;7А', 'Ловушкин;Пётр;Петрович;05.04.2013;м;7А'].join('\r\n'));
      const res = await app.inject({ method: 'POST', url: '/admin/data/import/students', payload: upload.payload, headers: { ...upload.headers, ...(await asAdmin()) } });
      expectBareFault(res, '/admin/data/import/:kind');
      expect(await t.orm.em.fork().count(Student, { lastName: { $in: ['Ловкий', 'Ловушкин'] } })).toBe(0);
    });
  });
});
