import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { Consent } from '../../core/privacy/consent.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { panelClient } from '../support/panel-client.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('invitations and consents from the panel, over HTTP', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const panel = panelClient(() => app);
  const as = async (who: keyof typeof school.logins) => ({ cookie: await panel.login(school.logins[who]) });

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
    app = await buildServer(t.core, { botUsername: () => 'school_one_bot' });
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('gives the administrator the class slips as a PDF attachment, with skipped parents counted', async () => {
    const res = await app.inject({ method: 'POST', url: `/admin/data/invite-slips/${school.groupA.id}.pdf?who=both`, headers: await as('administrator') });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="invites-\d+-both\.pdf"$/);
    expect(res.headers['x-klassny-skipped']).toBe('1');
    expect(res.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });

  it('lets a class teacher print its own class and refuses another class, and refuses without a login', async () => {
    const own = await app.inject({ method: 'POST', url: `/admin/data/invite-slips/${school.groupA.id}.pdf?who=students`, headers: await as('classTeacherA') });
    expect(own.statusCode).toBe(200);
    const other = await app.inject({ method: 'POST', url: `/admin/data/invite-slips/${school.groupA.id}.pdf?who=students`, headers: await as('classTeacherB') });
    expect(other.statusCode).toBe(403);
    expect(other.headers['content-type']).not.toBe('application/pdf');
    const anonymous = await app.inject({ method: 'POST', url: `/admin/data/invite-slips/${school.groupA.id}.pdf` });
    expect(anonymous.statusCode).not.toBe(200);
    expect((await app.inject({ method: 'POST', url: `/admin/data/invite-slips/${school.groupA.id}.pdf?who=all`, headers: await as('administrator') })).statusCode).toBe(404);
  });

  it('issues one person\'s invite with its deep link and QR, and prints that same invite', async () => {
    const res = await app.inject({ method: 'POST', url: `/admin/data/invite/student/${school.studentA.id}`, headers: await as('administrator') });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.deepLink).toMatch(/^https:\/\/t\.me\/school_one_bot\?start=[A-Za-z0-9_-]+$/);
    expect(body.qr).toMatch(/^data:image\/png;base64,/);
    expect(body.expires).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d$/);
    const slip = await app.inject({ method: 'GET', url: `/admin/data/invite-slip/student/${school.studentA.id}.pdf?code=${body.code}`, headers: await as('administrator') });
    expect(slip.statusCode).toBe(200);
    expect(slip.headers['content-type']).toBe('application/pdf');
    const stale = await app.inject({ method: 'GET', url: `/admin/data/invite-slip/student/${school.studentA.id}.pdf?code=wrong-code`, headers: await as('administrator') });
    expect(stale.statusCode).toBe(410);

    // A parent without consent gets no invite; another class's teacher gets none for this student.
    const guardian = await app.inject({ method: 'POST', url: `/admin/data/invite/guardian/${school.guardianA.id}`, headers: await as('administrator') });
    expect(guardian.statusCode).toBe(422);
    expect(guardian.json().errors.join(' ')).toMatch(/соглас/i);
    const refused = await app.inject({ method: 'POST', url: `/admin/data/invite/student/${school.studentA.id}`, headers: await as('classTeacherB') });
    expect(refused.statusCode).toBe(403);
  });

  it('shows and records a parent\'s consent', async () => {
    const headers = await as('classTeacherA');
    const empty = await app.inject({ method: 'GET', url: `/admin/data/consent/${school.guardianA.id}`, headers });
    expect(empty.json()).toEqual({ current: null, history: [] });
    const saved = await app.inject({ method: 'POST', url: `/admin/data/consent/${school.guardianA.id}`, headers, payload: { status: 'given', date: '2026-09-01', note: 'бумажное заявление' } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ status: 'given', date: '2026-09-01' });
    const after = await app.inject({ method: 'GET', url: `/admin/data/consent/${school.guardianA.id}`, headers });
    expect(after.json().current).toMatchObject({ status: 'given', date: '2026-09-01', note: 'бумажное заявление' });
    expect(await t.orm.em.fork().count(Consent, { guardian: school.guardianA.id })).toBe(1);

    const bad = await app.inject({ method: 'POST', url: `/admin/data/consent/${school.guardianA.id}`, headers, payload: { status: 'maybe', date: '2026-09-01' } });
    expect(bad.statusCode).toBe(422);
    const other = await app.inject({ method: 'POST', url: `/admin/data/consent/${school.guardianA.id}`, headers: await as('classTeacherB'), payload: { status: 'refused', date: '2026-09-01' } });
    expect(other.statusCode).toBe(403);
    // Now the parent may be invited.
    const invite = await app.inject({ method: 'POST', url: `/admin/data/invite/guardian/${school.guardianA.id}`, headers });
    expect(invite.statusCode).toBe(200);
  });

  it('offers the panel actions to the roles that may use them', async () => {
    const group = await app.inject({ method: 'GET', url: `/admin/api/resources/Group/records/${school.groupA.id}/show`, headers: await as('administrator') });
    expect((group.json().record.recordActions as { name: string }[]).map((a) => a.name)).toContain('inviteSlips');
    const guardian = await app.inject({ method: 'GET', url: `/admin/api/resources/Guardian/records/${school.guardianA.id}/show`, headers: await as('administrator') });
    expect((guardian.json().record.recordActions as { name: string }[]).map((a) => a.name)).toEqual(expect.arrayContaining(['invite', 'consent']));
    const director = await app.inject({ method: 'GET', url: `/admin/api/resources/Group/records/${school.groupA.id}/show`, headers: await as('director') });
    expect((director.json().record.recordActions as { name: string }[]).map((a) => a.name)).not.toContain('inviteSlips');
  });
});
