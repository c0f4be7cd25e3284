// Backups on a school of a real size (issue 15, F2): the 1,000-student school of `seed:load` — on the server of
// DATABASE_URL in the database klassny_bench_backup_<students>, kept between runs and reused when it already
// holds the school, else on a throwaway embedded PostgreSQL — backed up to a local directory and to s3rver (a
// local S3-compatible server) as the product does it, then the set verified with the public key alone and
// restored into a fresh database. Prints each step's time with the machine's load average.
// Run alone: npx tsx bench/backup.ts [students=1000]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { createLogger } from '../core/base/logger.js';
import { restoreBackup } from '../core/backup/restore.js';
import { createCore } from '../core/core.js';
import { connectOrm } from '../core/database.js';
import { verifyManifest } from '../core/integrity/manifest.js';
import { systemClock } from '../core/time/clock.js';
import { adminQuery } from '../test/support/pg-admin.js';
import { benchConfig, benchTempDir, type Cleanup } from './support/bench-database.js';
import { loadSchoolDatabase } from './support/load-school.js';

const STUDENTS = Number(process.argv[2] ?? 1000);
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const rows: { what: string; value: string; load: string }[] = [];
const add = (what: string, value: string) => {
  rows.push({ what, value, load: load() });
  console.log(`${what}: ${value} (load ${load()})`);
};

const cleanups: Cleanup[] = [];
const tmp = await benchTempDir(cleanups);
try {
  console.log(`${os.cpus().length} CPUs, load average at start: ${load()}`);
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: path.join(tmp, 's3'), configureBuckets: [{ name: 'klassny' }] });
  await fs.mkdir(path.join(tmp, 's3'));
  const { port } = await s3.run();
  cleanups.push({ what: 's3rver', run: () => s3.close() });
  const config = benchConfig(tmp, {
    KEYS_DIR: path.join(tmp, 'keys'), BACKUP_DIR: path.join(tmp, 'backups'),
    BACKUP_S3_ENDPOINT: `http://127.0.0.1:${port}`, BACKUP_S3_BUCKET: 'klassny', BACKUP_S3_ACCESS_KEY_ID: 'S3RVER', BACKUP_S3_SECRET_ACCESS_KEY: 'S3RVER',
  });
  const log = createLogger('warn');
  const { orm, connection, embedded } = await loadSchoolDatabase(config, log, cleanups, `klassny_bench_backup_${STUDENTS}`, STUDENTS);
  const core = await createCore(config, orm, log, systemClock);

  const [{ n: marks }] = (await orm.em.fork().execute<{ n: string }[]>('select count(*)::text as n from mark')) as [{ n: string }];

  const result = await core.backups.run('cli');
  const failed = result.destinations.filter((d) => d.status !== 'success');
  if (failed.length) throw new Error(`backup failed: ${failed.map((d) => `${d.destination}: ${d.error}`).join('; ')}`);
  add(`backup: snapshot of the whole database + signed manifest (${Number(marks).toLocaleString('en-US')} marks)`, `${seconds(result.snapshotSeconds * 1000)}, ${(result.sizeBytes / 1e6).toFixed(1)} MB`);
  for (const d of result.destinations) add(`  stored to ${d.destination === 'local' ? 'the local directory (a rename)' : 'S3 (s3rver on loopback)'}`, seconds(d.seconds! * 1000));
  add('backup run in all (snapshot, both destinations, backup_run rows, retention)', seconds(result.seconds * 1000));

  const dir = path.join(tmp, 'backups', result.name);
  const pem = (await core.integrity.keys()).publicKeyPem();
  let started = performance.now();
  const verification = await verifyManifest(dir, pem);
  if (!verification.ok) throw new Error(`verification failed: ${JSON.stringify(verification.problems)}`);
  add(`verify the set (${verification.manifest!.files.length} files, SHA-256 and signature)`, seconds(performance.now() - started));

  const fresh = `klassny_bench_restore_${randomBytes(4).toString('hex')}`;
  const admin = (sql: string) => adminQuery(connection, sql);
  await admin(`create database ${fresh}`);
  cleanups.push({ what: `database ${fresh}`, run: () => admin(`drop database if exists ${fresh} with (force)`) });
  const target = await connectOrm({ ...connection, database: fresh }, log);
  cleanups.push({ what: 'restore ORM', run: () => target.close(true) });
  started = performance.now();
  const restored = await restoreBackup(target, dir, pem, log);
  add(`restore into a fresh database (${restored.migrations} migrations, ${restored.tables} tables, ${restored.rows.toLocaleString('en-US')} rows, counts and checksums compared)`, seconds(performance.now() - started));

  console.log(`\nPostgreSQL ${verification.manifest!.meta.server as string}${embedded ? ' (embedded)' : ' (DATABASE_URL)'}; load average at the end: ${load()}\n`);
  console.log('| step | result | load average |\n|---|---|---|');
  for (const r of rows) console.log(`| ${r.what.trim()} | ${r.value} | ${r.load} |`);
} finally {
  for (const c of cleanups.reverse()) await c.run().catch((err: unknown) => console.error(`cleanup of ${c.what} failed:`, err));
}
