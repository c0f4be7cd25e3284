import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportFixture } from '../support/report-fixture.js';
import { databaseUrl } from '../support/test-app.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('npm run cli -- report', () => {
  let t: TestCore;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  let dir: string;
  const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli.ts', 'report', ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl(t.database.connection), NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  });

  beforeAll(async () => {
    t = await createTestCore();
    f = await createReportFixture(t.core);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-report-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('writes the file as the deployment administrator, and with --as a teacher\'s rights only', async () => {
    const out = path.join(dir, 'e2.csv');
    const { stdout } = await cli(['E2', '--period', String(f.quarter.id), '--format', 'csv', '--out', out]);
    expect(stdout).toContain(`Сохранено: ${out}`);
    const csv = await fs.readFile(out, 'utf8');
    expect(csv).toContain('Математика;4;1;1;1;0;1;1;1;1;75,00;50,00;51,75;3,75');
    expect(csv).toContain('администратор развёртывания');

    const mine = path.join(dir, 'teacher.xlsx');
    await cli(['e2', '--from', '2026-09-01', '--to', '2026-10-27', '--as', f.logins.teacher, '--out', mine]);
    expect((await fs.readFile(mine)).subarray(0, 2).toString()).toBe('PK');

    const refused = cli(['E1', '--period', String(f.quarter.id), '--as', f.logins.classTeacherB, '--format', 'pdf', '--out', path.join(dir, 'no.pdf')]);
    await expect(refused).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Недостаточно прав для этого действия.') });
    await expect(fs.access(path.join(dir, 'no.pdf'))).rejects.toThrow();
  }, 120_000);
});
