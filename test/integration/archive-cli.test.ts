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

describe('npm run cli -- archive, and archive:verify of what it made', () => {
  let t: TestCore;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  let dir: string;
  const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(t.database.connection), NODE_ENV: 'test', LOG_LEVEL: 'silent', ARCHIVE_DIR: path.join(dir, 'archive'), KEYS_DIR: path.join(dir, 'keys') },
  });

  beforeAll(async () => {
    t = await createTestCore();
    f = await createReportFixture(t.core);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-archive-cli-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('makes a signed set as the deployment administrator or a head; refuses a class teacher, a wrong year, a missing class', async () => {
    const { stdout } = await cli(['archive', '--class', String(f.groupA.id)]);
    expect(stdout).toContain('Архив 7А, 2026/2027: ');
    expect(stdout).toMatch(/journal\.pdf {2}\d+ байт {2}sha256 [0-9a-f]{64} {2}хранить до 2033-01-01/);
    expect(stdout).toMatch(/summary\.pdf {2}\d+ байт {2}sha256 [0-9a-f]{64} {2}хранить до 2053-01-01/);
    const set = /Архив 7А, 2026\/2027: (\S+)/.exec(stdout)![1]!;
    expect((await fs.readdir(set)).sort()).toEqual(['journal.pdf', 'manifest.json', 'manifest.sig', 'summary.pdf']);
    // Offline, with only the public key: the set as made checks out.
    await expect(cli(['archive:verify', set])).resolves.toBeDefined();

    expect((await cli(['archive', '--class', String(f.groupA.id), '--year', String(f.year.id), '--as', f.logins.deputy])).stdout).toContain('Архив 7А, 2026/2027: ');
    const [made] = await t.orm.em.fork().getConnection().execute<{ made_by: string }[]>(
      "select made_by from journal_archive where group_id = ? order by id desc limit 1", [f.groupA.id]);
    expect(made!.made_by).toBe('Завучева Мария Ивановна');
    await expect(cli(['archive', '--class', String(f.groupA.id), '--as', f.logins.classTeacherA]))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Недостаточно прав для этого действия.') });
    await expect(cli(['archive', '--class', String(f.groupA.id), '--year', '999999']))
      .rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Класс 7А относится к 2026/2027 учебному году.') });
    await expect(cli(['archive', '--class', '999999'])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('Запись не найдена.') });
    await expect(cli(['archive'])).rejects.toMatchObject({ code: 2 });
    expect((await fs.readdir(path.dirname(set))).length).toBe(2);
  }, 180_000);
});
