import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { guardianActor } from '../../core/access/actor.js';
import type { ArchiveOverview } from '../../core/archive/archive-list.js';
import { JournalArchive } from '../../core/archive/journal-archive.entity.js';
import { AccessDenied } from '../../core/base/errors.js';
import { Group } from '../../core/people/group.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { panelClient } from '../support/panel-client.js';
import { createReportFixture } from '../support/report-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * «Архив» over HTTP: the year-end job, the page in the sidebar, and the role matrix of listing, making,
 * downloading and checking — another school, forged ids, a deleted class and a path that tries to climb out.
 */
describe('«Архив» in the panel, over HTTP', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let dir: string;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  let deletedClass: number;
  const clock = new MovableClock('2027-05-31T12:00:00Z');
  const panel = panelClient(() => app);
  type Who = keyof typeof f.logins | 'otherAdministrator';
  const emailOf = (who: Who) => (who === 'otherAdministrator' ? other.logins.administrator : f.logins[who]);
  const call = async (who: Who | undefined, method: 'GET' | 'POST', url: string) =>
    app.inject({ method, url, ...(who ? { headers: { cookie: await panel.login(emailOf(who)) } } : {}) });
  const list = async (who: Who) => {
    const res = await call(who, 'GET', '/admin/archive/list');
    return { status: res.statusCode, body: res.json<ArchiveOverview & { errors?: string[] }>() };
  };
  const rowsOf = (groupId: number) => t.orm.em.fork().find(JournalArchive, { group: groupId }, { orderBy: { id: 'asc' } });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-panel-archive-'));
    t = await createTestCore({ ARCHIVE_DIR: path.join(dir, 'archive'), KEYS_DIR: path.join(dir, 'keys') }, clock);
    f = await createReportFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    const em = t.orm.em.fork();
    const group = em.create(Group, { school: f.school.id, year: f.year.id, name: '7В', gradeLevel: 7 });
    await em.flush();
    deletedClass = group.id;
    await em.remove(group).flush();
    app = await buildServer(t.core);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('archives every class with lessons once its year is over, by the one clock, and only once', async () => {
    // 31.05.2027, the year's last day: nothing yet.
    expect(await t.core.archiveHousekeeping.archiveEndedYears()).toEqual({ done: 0, failed: 0 });
    // 01.06.2027 09:00 in Moscow: both schools' 7А (7Б has no teaching assignment, so no journal to keep).
    clock.set('2027-06-01T06:00:00Z');
    expect(await t.core.archiveHousekeeping.archiveEndedYears()).toEqual({ done: 2, failed: 0 });
    expect((await rowsOf(f.groupA.id)).map((r) => [r.kind, r.madeBy])).toEqual([['journal', 'автоматически по окончании учебного года'], ['summary', 'автоматически по окончании учебного года']]);
    expect(await rowsOf(f.groupB.id)).toEqual([]);
    expect((await rowsOf(other.groupA.id)).length).toBe(2);
    // The next night, and the one after: nothing left to do.
    clock.set('2027-06-02T06:00:00Z');
    expect(await t.core.archiveHousekeeping.archiveEndedYears()).toEqual({ done: 0, failed: 0 });
    expect((await rowsOf(f.groupA.id)).length).toBe(2);
    const journal = await fs.readFile(t.core.archives.store.resolve((await rowsOf(f.groupA.id))[0]!.path));
    expect(journal.subarray(0, 5).toString()).toBe('%PDF-');
    clock.set('2027-06-15T09:00:00Z');
  }, 120_000);

  it('shows «Архив» in the sidebar of those who may see it, with its script', async () => {
    expect((await call('director', 'GET', '/admin/archive')).headers.location).toBe('/admin/pages/archive');
    const page = await call('deputy', 'GET', '/admin/pages/archive');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('window.KLASSNY_PAGES = ["journal","reports","archive"];');
    expect(page.body).toContain('<script src="/panel-assets/archive.js"></script>');
    expect((await app.inject({ method: 'GET', url: '/panel-assets/archive.js' })).body).toContain('KlassnyArchive');
    expect((await call('classTeacherA', 'GET', '/admin/pages/archive')).body).toContain('"archive"]');
    expect((await call('teacher', 'GET', '/admin/pages/reports')).body).toContain('window.KLASSNY_PAGES = ["journal","reports"];');
    expect((await call(undefined, 'GET', '/admin/pages/archive')).statusCode).not.toBe(200);
  });

  it('lists the school\'s archives to the heads, a class\'s to its class teacher, nothing to a teacher or another school', async () => {
    for (const who of ['administrator', 'director', 'deputy', 'inspector'] as const) {
      const { status, body } = await list(who);
      expect(status, who).toBe(200);
      expect(body.lines.map((l) => [l.className, l.yearName, l.kind, l.expiresOn, l.verifyState]), who).toEqual([
        ['7А', '2026/2027', 'journal', '2033-01-01', 'ok'], ['7А', '2026/2027', 'summary', '2053-01-01', 'ok'],
      ]);
      expect(body.canManage).toBe(true);
      expect(body.publicKey).toBe(true);
      expect(body.classes.map((c) => c.name)).toEqual(['7А', '7Б']);
      expect(JSON.stringify(body)).not.toContain('journal.pdf');
    }
    const own = await list('classTeacherA');
    expect(own.body.lines.map((l) => l.className)).toEqual(['7А', '7А']);
    expect(own.body).toMatchObject({ canManage: false, classes: [], publicKey: false });
    expect((await list('classTeacherB')).body.lines).toEqual([]);
    expect((await list('teacher')).status).toBe(403);
    expect((await list('teacher')).body.errors).toEqual(['Недостаточно прав для этого действия.']);
    const foreign = await list('otherAdministrator');
    expect(foreign.body.lines.map((l) => l.school)).toEqual(['Школа № 2', 'Школа № 2']);
    await expect(t.core.unitOfWork(() => t.core.archives.overview(guardianActor({ schoolId: f.school.id, guardianId: f.guardianA.id })))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('makes a set for the heads only; another school\'s, a forged and a deleted class are not found', async () => {
    for (const who of ['director', 'deputy', 'inspector', 'administrator'] as const) {
      const res = await call(who, 'POST', `/admin/archive/make?class=${f.groupA.id}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.json<{ made: number[] }>().made).toHaveLength(2);
    }
    expect((await rowsOf(f.groupA.id)).length).toBe(10);
    const refused = await call('classTeacherA', 'POST', `/admin/archive/make?class=${f.groupA.id}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({ errors: ['Недостаточно прав для этого действия.'] });
    expect((await call('teacher', 'POST', `/admin/archive/make?class=${f.groupA.id}`)).statusCode).toBe(403);
    expect((await call('otherAdministrator', 'POST', `/admin/archive/make?class=${f.groupA.id}`)).statusCode).toBe(404);
    expect((await call('director', 'POST', `/admin/archive/make?class=${other.groupA.id}`)).statusCode).toBe(404);
    expect((await call('director', 'POST', `/admin/archive/make?class=${deletedClass}`)).statusCode).toBe(404);
    expect((await call('director', 'POST', '/admin/archive/make?class=999999')).statusCode).toBe(404);
    expect((await call('director', 'POST', '/admin/archive/make?class=1%20or%201=1')).statusCode).toBe(404);
    expect((await call(undefined, 'POST', `/admin/archive/make?class=${f.groupA.id}`)).statusCode).not.toBe(200);
    expect((await rowsOf(f.groupA.id)).length).toBe(10);
  }, 120_000);

  it('downloads a file by its id within reach; another school, a forged id, a deleted file and a climbing path are not found', async () => {
    const [journal, summary] = await rowsOf(f.groupA.id);
    const res = await call('director', 'GET', `/admin/archive/download/${journal!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toContain(`archive-journal-${journal!.id}.pdf`);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('Журнал 7А 2026-2027.pdf'));
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(res.rawPayload.length).toBe(journal!.size);
    expect((await call('classTeacherA', 'GET', `/admin/archive/download/${summary!.id}`)).statusCode).toBe(200);
    expect((await call('classTeacherB', 'GET', `/admin/archive/download/${summary!.id}`)).statusCode).toBe(403);
    expect((await call('teacher', 'GET', `/admin/archive/download/${summary!.id}`)).statusCode).toBe(403);
    expect((await call('otherAdministrator', 'GET', `/admin/archive/download/${summary!.id}`)).statusCode).toBe(404);
    expect((await call('director', 'GET', '/admin/archive/download/999999')).statusCode).toBe(404);
    expect((await call(undefined, 'GET', `/admin/archive/download/${summary!.id}`)).statusCode).not.toBe(200);
    for (const url of ['/admin/archive/download/..%2F..%2F..%2Fetc%2Fpasswd', '/admin/archive/download/%2Fetc%2Fpasswd', '/admin/archive/download/1.pdf']) {
      const climb = await call('director', 'GET', url);
      expect(climb.statusCode, url).toBe(404);
      expect(climb.body).not.toContain('root:');
    }
    // A row whose path was tampered with in the database still cannot reach outside ARCHIVE_DIR.
    const em = t.orm.em.fork();
    const forged = await em.findOneOrFail(JournalArchive, { id: journal!.id });
    forged.path = '../../../../../../etc/passwd';
    await em.flush();
    const escaped = await call('director', 'GET', `/admin/archive/download/${journal!.id}`);
    expect(escaped.statusCode).toBe(404);
    expect(escaped.body).not.toContain('root:');
    forged.path = journal!.path;
    forged.deletedAt = clock.now();
    await em.flush();
    expect((await call('director', 'GET', `/admin/archive/download/${journal!.id}`)).statusCode).toBe(404);
    forged.deletedAt = null;
    await em.flush();
  });

  it('checks a set for the heads and names a changed file', async () => {
    const [journal, summary] = await rowsOf(f.groupA.id);
    const ok = await call('inspector', 'POST', `/admin/archive/verify/${summary!.id}`);
    expect(ok.json()).toEqual({ ok: true, problems: [] });
    expect((await call('classTeacherA', 'POST', `/admin/archive/verify/${summary!.id}`)).statusCode).toBe(403);
    expect((await call('otherAdministrator', 'POST', `/admin/archive/verify/${summary!.id}`)).statusCode).toBe(404);
    const file = t.core.archives.store.resolve(journal!.path);
    await fs.appendFile(file, 'x');
    const bad = await call('director', 'POST', `/admin/archive/verify/${summary!.id}`);
    expect(bad.json()).toEqual({ ok: false, problems: [{ file: 'journal.pdf', kind: 'changed' }] });
    const lines = (await list('director')).body.lines.filter((l) => l.set === journal!.setDir);
    expect(lines.map((l) => [l.kind, l.verifyState])).toEqual([['journal', 'changed'], ['summary', 'ok']]);
    // The public key the page links to checks the set offline.
    const key = await call('director', 'GET', '/admin/integrity/public-key');
    expect(key.body).toContain('BEGIN PUBLIC KEY');
  });
});
