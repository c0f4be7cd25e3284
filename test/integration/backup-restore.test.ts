import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { MikroORM } from '@mikro-orm/postgresql';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillDemoJournal } from '../../scripts/demo-journal.js';
import { deploymentAdministrator } from '../../core/access/actor.js';
import { BackupRun } from '../../core/backup/backup-run.entity.js';
import { BACKUP_LOCK, BackupBusy } from '../../core/backup/backups.js';
import { loadConfig } from '../../core/base/config.js';
import { runJob } from '../../core/jobs/scheduler.js';
import { scheduledJobs } from '../../core/scheduled-jobs.js';
import { restoreBackup, RestoreRefused } from '../../core/backup/restore.js';
import { openRestoreSource } from '../../core/backup/restore-source.js';
import { s3Client } from '../../core/backup/destinations/s3-client.js';
import { connectOrm } from '../../core/database.js';
import { signSet } from '../../core/integrity/manifest.js';
import { seedDemoSchool } from '../../core/demo/seed-demo-school.js';
import type { PgConnection } from '../../core/db/connection.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { MovableClock } from '../../core/time/clock.js';
import { adminQuery } from '../support/pg-admin.js';
import { closedPort, startS3Server } from '../support/s3-server.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** Every table's row count and a checksum of its rows, computed by PostgreSQL alone (not by the backup's code). */
async function fingerprint(orm: MikroORM): Promise<Record<string, string>> {
  const em = orm.em.fork();
  const tables = await em.execute<{ name: string }[]>(
    `select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind = 'r' and relname <> 'mikro_orm_migrations' order by 1`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await em.execute<{ n: number; sum: string }[]>(`select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by t::text collate "C"), '')) as sum from "${name}" t`);
    result[name] = `${row!.n}:${row!.sum}`;
  }
  return result;
}

/** The schema's foreign keys and indexes, by definition. */
async function schemaOf(orm: MikroORM): Promise<string[]> {
  const rows = await orm.em.fork().execute<{ d: string }[]>(`
    select conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) as d from pg_constraint where connamespace = current_schema()::regnamespace
    union all select indexdef from pg_indexes where schemaname = current_schema() order by 1`);
  return rows.map((r) => r.d);
}

const tableNames = async (orm: MikroORM) =>
  (await orm.em.fork().execute<{ name: string }[]>(`select relname as name from pg_class where relnamespace = current_schema()::regnamespace and relkind = 'r'`)).map((r) => r.name);

describe('backups (F2): a signed snapshot to a directory and S3, restored into a fresh database', () => {
  const clock = new MovableClock('2026-10-20T09:00:00Z');
  let t: TestCore;
  let s3: Awaited<ReturnType<typeof startS3Server>>;
  let root: string;
  let pem: string;
  let source: Record<string, string>;
  let name: string;
  const fresh: { orm: MikroORM; drop(): Promise<void> }[] = [];
  const admin = deploymentAdministrator('cli');

  /** An empty database on the test server (not the migrated template): a restore starts from nothing. */
  async function freshDatabase(): Promise<MikroORM> {
    const connection: PgConnection = t.database.connection;
    const database = `klassny_restore_${randomBytes(5).toString('hex')}`;
    await adminQuery(connection, `create database ${database}`);
    const orm = await connectOrm({ ...connection, database });
    fresh.push({ orm, drop: () => adminQuery(connection, `drop database if exists ${database} with (force)`) });
    return orm;
  }

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-backup-'));
    s3 = await startS3Server();
    t = await createTestCore({ KEYS_DIR: path.join(root, 'keys'), BACKUP_DIR: path.join(root, 'backups'), BACKUP_KEEP_LOCAL: '2', BACKUP_KEEP_S3: '2', ...s3.env }, clock);
    const em = t.orm.em.fork();
    // One class journal, filled below, is enough for the round trip; the year's past would only make it slower.
    await seedDemoSchool(em, clock, { past: false });
    await fillDemoJournal(em, clock, { email: 'deputy@demo.example', password: 'demo-password-1' });
    // Text that must survive the round trip byte for byte: quotes, backslashes, a new line, a tab, emoji.
    const homework = await em.findOneOrFail(Homework, { id: { $gt: 0 } }, { orderBy: { id: 'asc' } });
    homework.text = 'Упр. «5»\n\t"кавычки" \\ обратная черта; 😀 ё';
    await em.flush();
    pem = (await t.core.integrity.keys()).publicKeyPem();
  }, 120_000);
  afterAll(async () => {
    for (const db of fresh) {
      await db.orm.close(true);
      await db.drop();
    }
    await t?.close();
    await s3?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('backs up to both destinations, and the restore into a fresh database has every table\'s rows, counted and checksummed', async () => {
    const result = await t.core.backups.runNow(admin);
    name = result.name;
    expect(name).toBe('klassny-backup-20261020T090000Z');
    expect(result.destinations).toMatchObject([
      { destination: 'local', status: 'success', location: path.join(root, 'backups', name) },
      { destination: 's3', status: 'success', location: `s3://klassny/klassny-backups/${name}` },
    ]);
    source = await fingerprint(t.orm);
    expect(source.mark).toMatch(/^[1-9]\d+:/);
    expect(source.homework).toMatch(/^[1-9]\d*:/);

    const orm = await freshDatabase();
    const restored = await restoreBackup(orm, path.join(root, 'backups', name), pem);
    expect(restored).toMatchObject({ name, migrations: expect.any(Number) });
    expect(restored.migrations).toBeGreaterThan(10);
    const after = await fingerprint(orm);
    delete source.backup_run;
    delete after.backup_run;
    expect(after).toEqual(source);
    // Foreign keys and indexes, set aside during the load, are all back, as the migrations made them.
    expect(await schemaOf(orm)).toEqual(await schemaOf(t.orm));
    // The sequences go on where they were: a new row takes a new id.
    const [{ next }] = await orm.em.fork().execute<{ next: string }[]>(`select nextval('mark_id_seq')::text as next`) as [{ next: string }];
    const [{ max }] = await orm.em.fork().execute<{ max: string }[]>(`select max(id)::text as max from mark`) as [{ max: string }];
    expect(Number(next)).toBeGreaterThan(Number(max));
  }, 180_000);

  it('restores from S3 with only the public key', async () => {
    const opened = await openRestoreSource(`s3://klassny/klassny-backups/${name}`, t.core.config.backup.s3);
    const orm = await freshDatabase();
    try {
      await restoreBackup(orm, opened.dir, pem);
    } finally {
      await opened.done();
    }
    const after = await fingerprint(orm);
    delete after.backup_run;
    expect(after).toEqual(source);
  }, 180_000);

  it('refuses a tampered or incomplete backup by name, and a foreign key, before touching the database', async () => {
    const copy = async () => {
      const dir = path.join(root, `copy-${randomBytes(3).toString('hex')}`);
      await fs.cp(path.join(root, 'backups', name), dir, { recursive: true });
      return dir;
    };
    const orm = await freshDatabase();
    const refusal = (dir: string, key = pem) => restoreBackup(orm, dir, key).then(() => undefined, (err: unknown) => err);

    const flipped = await copy();
    const file = path.join(flipped, 'tables', 'mark.ndjson.gz');
    const bytes = await fs.readFile(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    await fs.writeFile(file, bytes);
    expect(await refusal(flipped)).toMatchObject({ reason: 'tampered', problems: [{ file: 'tables/mark.ndjson.gz', kind: 'changed' }] });

    const incomplete = await copy();
    await fs.rm(path.join(incomplete, 'tables', 'student.ndjson.gz'));
    expect(await refusal(incomplete)).toMatchObject({ reason: 'tampered', problems: [{ file: 'tables/student.ndjson.gz', kind: 'missing' }] });

    const foreign = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await refusal(path.join(root, 'backups', name), foreign)).toMatchObject({ reason: 'tampered', problems: [{ file: 'manifest.json', kind: 'bad-signature' }] });
    expect(await refusal(flipped)).toBeInstanceOf(RestoreRefused);

    // Made by a newer version: signed, whole, but with a migration this code does not have.
    const newer = await copy();
    const manifest = JSON.parse(await fs.readFile(path.join(newer, 'manifest.json'), 'utf8')) as { meta: { migrations: string[] }; files: { name: string }[] };
    manifest.meta.migrations.push('Migration20991231000000_from_the_future');
    await signSet(newer, manifest.files.map((f) => f.name), await t.core.integrity.keys(), manifest.meta);
    expect(await refusal(newer)).toMatchObject({ reason: 'newer-backup', details: ['Migration20991231000000_from_the_future'] });
    // Nothing was done to the target: no migration ran (asking which ran creates MikroORM's empty ledger, no more).
    expect((await tableNames(orm)).filter((n) => n !== 'mikro_orm_migrations')).toEqual([]);
  }, 120_000);

  it('refuses a database that holds rows', async () => {
    const err = await restoreBackup(t.orm, path.join(root, 'backups', name), pem).then(() => undefined, (e: unknown) => e);
    expect(err).toMatchObject({ reason: 'not-empty', details: expect.arrayContaining(['school', 'mark', 'student']) });
  });

  it('keeps the newest BACKUP_KEEP_LOCAL and BACKUP_KEEP_S3 backups, and nothing else is deleted', async () => {
    const local = path.join(root, 'backups');
    await fs.mkdir(path.join(local, 'somebody-elses-backup'));
    const client = s3Client(t.core.config.backup.s3!);
    await client.send(new PutObjectCommand({ Bucket: 'klassny', Key: 'klassny-backups/notes/read-me.txt', Body: 'not a backup' }));
    for (let i = 0; i < 2; i++) {
      clock.advance(60_000);
      await t.core.backups.runNow(admin);
    }
    const names = ['klassny-backup-20261020T090100Z', 'klassny-backup-20261020T090200Z'];
    expect((await fs.readdir(local)).sort()).toEqual([...names, 'somebody-elses-backup']);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'klassny', Prefix: 'klassny-backups/', Delimiter: '/' }));
    const folders = (listed.CommonPrefixes ?? []).map((p) => p.Prefix).sort();
    expect(folders).toEqual(['klassny-backups/notes/', ...names.map((n) => `klassny-backups/${n}/`)].sort());
    expect((await fs.stat(path.join(local, names[1]!))).mode & 0o777).toBe(0o700);
  }, 120_000);
});

describe('a failing destination does not cost the other', () => {
  let t: TestCore;
  let root: string;
  const secret = `secret-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-backup-fail-'));
    t = await createTestCore({
      KEYS_DIR: path.join(root, 'keys'), BACKUP_DIR: path.join(root, 'backups'),
      BACKUP_S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}`, BACKUP_S3_BUCKET: 'klassny', BACKUP_S3_ACCESS_KEY_ID: 'AKIDFAILING', BACKUP_S3_SECRET_ACCESS_KEY: secret,
    }, new MovableClock('2026-10-21T02:30:00Z'));
  });
  afterAll(async () => {
    await t?.close();
    if (root) await fs.rm(root, { recursive: true, force: true });
  });

  it('records the S3 failure (backup_run, metric) and keeps the local backup', async () => {
    const result = await t.core.backups.run('job');
    expect(result.destinations.map((d) => [d.destination, d.status])).toEqual([['local', 'success'], ['s3', 'failed']]);
    expect(await fs.readdir(path.join(root, 'backups', result.name))).toEqual(expect.arrayContaining(['manifest.json', 'manifest.sig', 'tables']));
    const runs = await t.orm.em.fork().find(BackupRun, {}, { orderBy: { destination: 'asc' } });
    expect(runs.map((r) => [r.destination, r.status, r.source])).toEqual([['local', 'success', 'job'], ['s3', 'failed', 'job']]);
    expect(runs[1]!.error).toMatch(/ECONNREFUSED/);
    expect(runs[1]!.sizeBytes).toBeNull();
    expect(runs[0]!.sizeBytes).toBeGreaterThan(1000);
    for (const run of runs) expect(`${run.error ?? ''}${run.location ?? ''}`).not.toContain(secret);
    const metrics = await t.core.metrics.registry.metrics();
    expect(metrics).toContain('klassny_backups_total{destination="local",result="success"} 1');
    expect(metrics).toContain('klassny_backups_total{destination="s3",result="failed"} 1');
    expect(metrics).toMatch(/klassny_backup_last_success_timestamp_seconds\{destination="local"\} 1792549800/);
    expect(metrics).not.toContain('klassny_backup_last_success_timestamp_seconds{destination="s3"}');
    expect(metrics).not.toContain(secret);
  }, 120_000);

  it('runs on BACKUP_CRON under the job\'s lock, which an on-demand backup shares: never two at once', async () => {
    const job = scheduledJobs(t.core.config).find((j) => j.name === 'backup')!;
    expect(job.schedule).toBe('30 2 * * *');
    expect(scheduledJobs(loadConfig({ BACKUP_CRON: 'off' })).map((j) => j.name)).not.toContain('backup');
    expect(() => loadConfig({ BACKUP_CRON: 'every night' })).toThrow(/BACKUP_CRON/);
    expect(() => loadConfig({ BACKUP_S3_BUCKET: 'b' })).toThrow(/BACKUP_S3_ACCESS_KEY_ID/);
    await t.core.runExclusive(BACKUP_LOCK, async () => {
      await expect(t.core.backups.runNow(deploymentAdministrator('cli'))).rejects.toBeInstanceOf(BackupBusy);
      expect(await runJob(t.core, job)).toBe(false);
    });
    expect(await runJob(t.core, job)).toBe(true);
    expect(await t.orm.em.fork().count(BackupRun, { source: 'job' })).toBe(4);
  }, 120_000);
});
