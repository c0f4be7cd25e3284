import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { guardianActor, studentActor, systemActor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AccessDenied } from '../../core/base/errors.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { createJournalFixture, type JournalFixture } from '../support/journal-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { PANEL_PASSWORD } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const DEPLOYMENT_ADMIN = 'deployment@klassny.example';
const WHAT = ['view', 'pdf', 'xlsx'] as const;
type What = (typeof WHAT)[number];

describe('who may read and print a class journal in the panel (SPEC B2 role table; issue 13, point 3)', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let s: JournalFixture;
  const panel = panelClient(() => app);
  const urlOf = (what: What, assignment: number | string, period: number | string) =>
    what === 'view' ? `/admin/data/journal/view?assignment=${assignment}&period=${period}` : `/admin/data/journal/${assignment}/${period}.${what}`;
  const get = async (login: string | undefined, url: string) =>
    app.inject({ method: 'GET', url, ...(login ? { headers: { cookie: await panel.login(login) } } : {}) });
  const journal = (login: string | undefined, what: What, assignment: number | string = s.assignment.id, period: number | string = s.periods.q1) =>
    get(login, urlOf(what, assignment, period));
  const prints = () => t.orm.em.fork().count(AuditEntry, { entity: 'JournalPrint' });

  /** A refusal: its status, no file, no line of the journal. */
  function expectRefused(res: LightMyRequestResponse, status: number): void {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type'] ?? '').not.toMatch(/pdf|spreadsheet|html/);
    for (const secret of ['Ёлкин', 'Натуральные числа', '4,00']) expect(res.body).not.toContain(secret);
  }

  function expectJournal(res: LightMyRequestResponse, what: What): void {
    expect(res.statusCode).toBe(200);
    if (what === 'view') {
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('Ёлкин Артём');
    } else {
      expect(res.headers['content-type']).toBe(what === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(res.rawPayload.subarray(0, 2).toString()).toBe(what === 'pdf' ? '%P' : 'PK');
    }
    expect(res.headers['cache-control']).toBe('no-store');
  }

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-20T09:00:00Z'));
    s = await createJournalFixture(t.core);
    await t.core.unitOfWork(() => t.core.adminAccounts.ensureConfigured(DEPLOYMENT_ADMIN, PANEL_PASSWORD));
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  const allowed = ['administrator', 'director', 'deputy', 'inspector', 'classTeacherA', 'teacher'] as const;
  for (const who of allowed) {
    it(`lets the ${who} read and print 7А's mathematics`, async () => {
      for (const what of WHAT) expectJournal(await journal(s.logins[who], what), what);
    });
  }

  it('lets the deployment administrator read and print it, as the policy makes it an administrator of every school', async () => {
    for (const what of WHAT) expectJournal(await journal(DEPLOYMENT_ADMIN, what), what);
  });

  it('refuses the class teacher of another class and a teacher without the assignment, and audits no print', async () => {
    const before = await prints();
    for (const what of WHAT) {
      expectRefused(await journal(s.logins.classTeacherB, what), 403);
      expectRefused(await journal(s.outsider.login, what), 403);
    }
    const refused = await journal(s.outsider.login, 'view');
    expect(refused.json()).toEqual({ errors: ['Недостаточно прав для этого действия.'] });
    expect(await prints()).toBe(before);
  });

  it('knows nothing of this school for another school\'s director, and nothing of that school here', async () => {
    for (const what of WHAT) expectRefused(await journal(s.other.logins.director, what), 404);
    for (const what of WHAT) {
      const res = await journal(s.logins.director, what, s.other.assignment.id);
      expect(res.statusCode).toBe(404);
    }
  });

  it('lets a substitute read only the lessons it gave, without period marks or averages', async () => {
    const view = await journal(s.substitute.login, 'view');
    expect(view.statusCode).toBe(200);
    expect(view.body).toContain('Только уроки, проведённые вами по замене');
    expect(view.body).not.toContain('Натуральные числа');
    expect(view.body).not.toContain('4,00');
    expect(view.body).toContain('1 урок');
    expect((await journal(s.substitute.login, 'pdf')).statusCode).toBe(200);
  });

  it('sends whoever has no panel session to the login page, and a guardian or a student has no door at all', async () => {
    for (const what of WHAT) {
      const res = await journal(undefined, what);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/admin/login');
    }
    for (const actor of [guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id }), studentActor({ schoolId: s.school.id, studentId: s.studentA.id })]) {
      await expect(t.core.unitOfWork(() => t.core.journalPages.page(s.assignment.id, s.periods.q1, actor))).rejects.toBeInstanceOf(AccessDenied);
      await expect(t.core.unitOfWork(() => t.core.journalPages.print(s.assignment.id, s.periods.q1, 'pdf', actor))).rejects.toBeInstanceOf(AccessDenied);
      expect((await t.core.unitOfWork(() => t.core.journalPages.choices(actor, {}))).groups).toEqual([]);
    }
  });

  it('refuses forged ids: unknown, malformed, a period of another school or year, a deleted assignment', async () => {
    const who = s.logins.director;
    for (const what of WHAT) {
      expectRefused(await journal(who, what, 999_999), 404);
      expectRefused(await journal(who, what, 'abc'), 404);
      expectRefused(await journal(who, what, s.assignment.id, 999_999), 404);
      expectRefused(await journal(who, what, s.assignment.id, '-1'), 404);
    }
    const foreign = await t.core.unitOfWork(async () => (await t.core.records.create('Period', {
      school: s.other.school.id, year: s.other.year.id, type: 'quarter', number: 1, name: 'Чужая четверть', startDate: '2026-09-01', endDate: '2026-10-25',
    }, systemActor('panel'))) as { id: number });
    for (const what of WHAT) expectRefused(await journal(who, what, s.assignment.id, foreign.id), 404);
    expectRefused(await get(who, '/admin/data/journal/view?group=abc'), 404);
    expectRefused(await get(who, `/admin/data/journal/view?group=${s.other.groupA.id}`), 404);

    const physics = await t.core.unitOfWork(async () => {
      const system = systemActor('panel');
      const subject = (await t.core.records.create('Subject', { school: s.school.id, name: 'Физика' }, system)) as { id: number };
      const row = (await t.core.records.create('TeachingAssignment', { school: s.school.id, year: s.year.id, teacher: s.people.teacher.id, subject: subject.id, group: s.groupA.id, plannedHours: 68 }, system)) as { id: number };
      return row.id;
    });
    expect((await journal(who, 'view', physics)).statusCode).toBe(200);
    await t.core.unitOfWork(() => t.core.records.remove('TeachingAssignment', physics, systemActor('panel')));
    for (const what of WHAT) expectRefused(await journal(who, what, physics), 404);
  });

  it('offers each reader only the classes and subjects it may open', async () => {
    const classes = async (login: string) => [...(await get(login, '/admin/data/journal/view')).body.matchAll(/data-testid="journal-group">([^<]+)</g)].map(([, name]) => name);
    expect(await classes(s.logins.director)).toEqual(['7А (2026/2027)']);
    expect(await classes(s.logins.teacher)).toEqual(['7А (2026/2027)']);
    expect(await classes(s.logins.classTeacherB)).toEqual([]);
    expect((await get(s.logins.classTeacherB, '/admin/data/journal/view')).body).toContain('Вам не доступен ни один журнал.');
    expectRefused(await get(s.logins.classTeacherB, `/admin/data/journal/view?group=${s.groupA.id}`), 403);
    const subjects = await get(s.logins.deputy, `/admin/data/journal/view?group=${s.groupA.id}`);
    expect(subjects.body).toContain('Математика — Учителева М. И.');
    expect(subjects.body).toContain(`/admin/pages/journal?group=${s.groupA.id}&#38;assignment=${s.assignment.id}`);
    const periods = await get(s.logins.deputy, `/admin/data/journal/view?assignment=${s.assignment.id}`);
    expect(periods.body).toMatch(/class="chip on"[^>]*>1 четверть</);
    expect(periods.body).toContain(`/admin/data/journal/${s.assignment.id}/${s.periods.q1}.pdf`);
  });

  it('writes the page, the print and the refusals in the panel\'s language', async () => {
    const view = await get(s.logins.deputy, `/admin/data/journal/view?assignment=${s.assignment.id}&period=${s.periods.q1}&lang=en`);
    expect(view.body).toContain('Journal: 7А — Математика');
    expect(view.body).toContain('Weighted avg.');
    expect(view.body).toContain(`/admin/data/journal/${s.assignment.id}/${s.periods.q1}.pdf?lang=en`);
    const pdf = await get(s.logins.deputy, `/admin/data/journal/${s.assignment.id}/${s.periods.q1}.pdf?lang=en`);
    expect(pdf.headers['content-disposition']).toContain(encodeURIComponent('Journal 7А Математика 1 четверть.pdf'));
    const refused = await get(s.logins.classTeacherB, `/admin/data/journal/view?assignment=${s.assignment.id}&lang=en`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().errors).toEqual(['You do not have the rights for this action.']);
  });

  it('escapes what people typed: a topic written as HTML stays text', async () => {
    await t.core.unitOfWork(async () => {
      const lesson = await t.orm.em.findOneOrFail(Lesson, s.lessons.oct05.id);
      lesson.topic = '<script>alert(1)</script> & «тема»';
      await t.orm.em.flush();
    });
    const res = await journal(s.logins.deputy, 'view');
    expect(res.body).not.toContain('<script>alert(1)</script>');
    expect(res.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; «тема»');
  });
});
