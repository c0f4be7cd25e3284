import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery } from '../support/pg-admin.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { databaseUrl } from '../support/test-app.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('npm run cli -- backup and restore', () => {
  let t: TestCore;
  let dir: string;
  let target: string;
  const cli = (url: string, args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli.ts', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, DATABASE_URL: url, NODE_ENV: 'test', LOG_LEVEL: 'silent', KEYS_DIR: path.join(dir, 'keys'), BACKUP_DIR: path.join(dir, 'backups') },
  });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-backup-cli-'));
    t = await createTestCore({ KEYS_DIR: path.join(dir, 'keys') });
    await createSchoolFixture(t.core);
    target = `klassny_restore_${randomBytes(5).toString('hex')}`;
    await adminQuery(t.database.connection, `create database ${target}`);
  });
  afterAll(async () => {
    await t?.close();
    if (t) await adminQuery(t.database.connection, `drop database if exists ${target} with (force)`);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('backs up, restores into an empty database, and refuses a database with rows, with a non-zero exit code', async () => {
    const source = databaseUrl(t.database.connection);
    const { stdout } = await cli(source, ['backup']);
    expect(stdout).toMatch(/^Резервная копия klassny-backup-\d{8}T\d{6}Z: [\d.]+ МБ за [\d.]+ с\.\nлокальный каталог: сохранено — /);
    const [name] = await fs.readdir(path.join(dir, 'backups'));
    const backup = path.join(dir, 'backups', name!);
    const key = path.join(dir, 'key.pem');
    await fs.writeFile(key, (await cli(source, ['archive:public-key'])).stdout);

    const restored = await cli(databaseUrl({ ...t.database.connection, database: target }), ['restore', backup, '--public-key', key]);
    expect(restored.stdout).toContain(`Восстановлено из ${name}: таблиц — `);
    const [{ n }] = await t.orm.em.fork().execute<{ n: number }[]>('select count(*)::int as n from staff') as [{ n: number }];
    const copy = new (await import('pg')).default.Client({ ...t.database.connection, database: target });
    await copy.connect();
    try {
      expect((await copy.query<{ n: number }>('select count(*)::int as n from staff')).rows[0]!.n).toBe(n);
    } finally {
      await copy.end();
    }

    await expect(cli(source, ['restore', backup, '--public-key', key])).rejects.toMatchObject({
      code: 1, stderr: expect.stringContaining('База данных не пуста — восстановление выполняется только в пустую базу'),
    });
    await expect(cli(source, ['restore', path.join(dir, 'nothing-here')])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('ни каталог резервной копии') });
  }, 180_000);
});
