import type { FastifyInstance } from 'fastify';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { pagesShownTo } from '../../admin/adminjs/panel-pages.js';
import type { BackupOverview, BackupResult } from '../../core/backup/backups.js';
import { MovableClock } from '../../core/time/clock.js';
import { panelClient } from '../support/panel-client.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('«Резервные копии» in the panel: who may take a backup and see the runs', () => {
  let t: TestCore;
  let app: FastifyInstance;
  let root: string;
  let f: Awaited<ReturnType<typeof createSchoolFixture>>;
  const clock = new MovableClock('2026-10-20T09:00:00Z');
  const panel = panelClient(() => app);
  const call = async (email: string, method: 'GET' | 'POST', url: string) => app.inject({ method, url, headers: { cookie: await panel.login(email) } });
  const run = (email: string) => {
    clock.advance(60_000);
    return call(email, 'POST', '/admin/backups/run');
  };

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-panel-backups-'));
    t = await createTestCore({ KEYS_DIR: path.join(root, 'keys'), BACKUP_DIR: path.join(root, 'backups'), BACKUP_CRON: '15 1 * * *' }, clock);
    f = await createSchoolFixture(t.core);
    app = await buildServer(t.core);
  });
  afterAll(async () => {
    await app?.close();
    await t?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('lets the director and the administrator of the school take a backup and list the runs', async () => {
    for (const who of ['director', 'administrator'] as const) {
      const res = await run(f.logins[who]);
      expect(res.statusCode, who).toBe(200);
      const result = res.json<BackupResult>();
      expect(result.destinations).toMatchObject([{ destination: 'local', status: 'success', location: path.join(root, 'backups', result.name) }]);
    }
    const overview = (await call(f.logins.director, 'GET', '/admin/backups')).json<BackupOverview>();
    expect(overview.schedule).toBe('15 1 * * *');
    expect(overview.destinations).toEqual([{ id: 'local', place: path.join(root, 'backups'), keep: 7 }]);
    expect(overview.runs.map((r) => [r.destination, r.status, r.source])).toEqual([['local', 'success', 'panel'], ['local', 'success', 'panel']]);
    expect(overview.runs[0]!.name).toBe('klassny-backup-20261020T090200Z');
  });

  it('refuses the deputy, the inspector, teachers and class teachers, and shows them no page', async () => {
    for (const who of ['deputy', 'inspector', 'teacher', 'classTeacherA'] as const) {
      expect((await run(f.logins[who])).statusCode, who).toBe(403);
      expect((await call(f.logins[who], 'GET', '/admin/backups')).statusCode, who).toBe(403);
      const actor = await t.core.unitOfWork(async () => t.core.panel.actor(await accountId(f.logins[who])));
      expect(pagesShownTo(actor), who).not.toContain('backups');
    }
    expect((await app.inject({ method: 'POST', url: '/admin/backups/run' })).statusCode).not.toBe(200);
  });

  it('refuses another school\'s administrator: a backup copies every school, so once there are two only the deployment\'s administrator may', async () => {
    const other = await createSchoolFixture(t.core, 'Школа № 2');
    expect((await run(other.logins.administrator)).statusCode).toBe(403);
    expect((await run(f.logins.director)).statusCode).toBe(403);
    expect((await call(other.logins.administrator, 'GET', '/admin/backups')).statusCode).toBe(403);
    const runs = (await t.core.backups.lastRuns({ kind: 'system', roles: new Set(['administrator']), classGroupIds: [], source: 'cli' })).length;
    expect(runs).toBe(2);
  });

  it('draws the page from its script, in the sidebar of those who may use it', async () => {
    const director = await t.core.unitOfWork(async () => t.core.panel.actor(await accountId(f.logins.director)));
    expect(pagesShownTo(director)).toContain('backups');
    const page = await call(f.logins.director, 'GET', '/admin/pages/backups');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<script src="/panel-assets/backups.js"></script>');
    expect((await app.inject({ method: 'GET', url: '/panel-assets/backups.js' })).body).toContain('KlassnyBackups');
  });

  async function accountId(email: string): Promise<number> {
    const [row] = await t.orm.em.fork().execute<{ id: number }[]>('select id from admin_account where email = ?', [email]);
    return row!.id;
  }
});
