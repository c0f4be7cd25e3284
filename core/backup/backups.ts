import type { MikroORM } from '@mikro-orm/postgresql';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { School } from '../school/school.entity.js';
import { requireAccess } from '../access/policy.js';
import { appVersion } from '../base/app-version.js';
import type { BackupSettings } from '../base/config.js';
import { DomainError } from '../base/errors.js';
import type { Logger } from '../base/logger.js';
import type { Integrity } from '../integrity/integrity.js';
import { MANIFEST_FILE, signSet, SIGNATURE_FILE } from '../integrity/manifest.js';
import type { Counter, Gauge } from 'prom-client';
import type { Clock } from '../time/clock.js';
import { describeBackupError } from './backup-error.js';
import { BackupRun, type BackupSource, type BackupStatus } from './backup-run.entity.js';
import { backupName, type BackupMeta } from './backup-set.js';
import type { BackupDestination } from './destinations/destination.js';
import { LocalDirectory, stagingName } from './destinations/local-directory.js';
import { S3Bucket } from './destinations/s3-bucket.js';
import { writeSnapshot } from './snapshot.js';
import { withSqlSession } from './sql-session.js';

/** A backup is being taken already (by the schedule, another person, another instance). */
export class BackupBusy extends DomainError {
  constructor() {
    super([{ key: 'backupBusy' }]);
  }
}

export interface DeliveredBackup {
  destination: BackupDestination['id'];
  status: BackupStatus;
  location: string;
  error?: string;
  /** How long storing it there took. */
  seconds?: number;
}

export interface BackupResult {
  name: string;
  sizeBytes: number;
  /** The whole run, and of it the snapshot with its signed manifest. */
  seconds: number;
  snapshotSeconds: number;
  destinations: DeliveredBackup[];
}

/** A run as the panel lists it. */
export interface BackupRunView {
  name: string;
  destination: BackupDestination['id'];
  status: BackupStatus;
  location: string | null;
  sizeBytes: number | null;
  error: string | null;
  source: BackupSource;
  startedAt: Date;
  finishedAt: Date;
}

/** The core's metrics this module counts in (core/metrics.ts defines them). */
interface BackupMetrics {
  backups: Counter<'destination' | 'result'>;
  backupLastSuccess: Gauge<'destination'>;
}

export interface BackupOverview {
  /** BACKUP_CRON (UTC), or null: scheduled backups are off. */
  schedule: string | null;
  /** Where backups go (no credentials), and how many each keeps. */
  destinations: { id: BackupDestination['id']; place: string; keep: number }[];
  runs: BackupRunView[];
}

interface Dependencies {
  orm: MikroORM;
  settings: BackupSettings;
  integrity: Integrity;
  clock: Clock;
  log: Logger;
  metrics: BackupMetrics;
  runExclusive(name: string, work: () => Promise<void>): Promise<boolean>;
}

/** The scheduled job's name; its lock (the scheduler's `job:<name>`) is the one every backup takes. */
export const BACKUP_JOB = 'backup';
export const BACKUP_LOCK = `job:${BACKUP_JOB}`;

/**
 * Backups of the whole database (F2): a signed logical snapshot (snapshot.ts), delivered to the local
 * directory and, when a bucket is set, to S3-compatible storage. Each destination succeeds or fails alone and
 * is recorded (backup_run, a log line, metrics); retention prunes each after a success there.
 */
export class Backups {
  readonly local: LocalDirectory;
  readonly s3: S3Bucket | undefined;

  constructor(private readonly deps: Dependencies) {
    this.local = new LocalDirectory(deps.settings.dir, deps.settings.keepLocal);
    this.s3 = deps.settings.s3 ? new S3Bucket(deps.settings.s3) : undefined;
  }

  /** On demand (panel, CLI), for those who manage backups (requireManage); refused while another backup runs. */
  async runNow(actor: Actor): Promise<BackupResult> {
    await this.requireManage(actor);
    const source = actor.source === 'panel' ? 'panel' : 'cli';
    let result: BackupResult | undefined;
    const ran = await this.deps.runExclusive(BACKUP_LOCK, async () => {
      result = await this.run(source, actor.accountId);
    });
    if (!ran || !result) throw new BackupBusy();
    return result;
  }

  /** Takes a backup now and delivers it everywhere (the caller holds the backup lock: one run at a time). */
  async run(source: BackupSource, accountId?: number): Promise<BackupResult> {
    const startedAt = this.deps.clock.now();
    const started = performance.now();
    const name = await this.freeName();
    const destinations: BackupDestination[] = [this.local, ...(this.s3 ? [this.s3] : [])];
    const failures = new Map<BackupDestination['id'], unknown>();
    let staging: string;
    try {
      // The children's data: readable by the server's user alone.
      await fs.mkdir(this.local.dir, { recursive: true, mode: 0o700 });
      await this.local.removeLeftovers(name);
      staging = path.join(this.local.dir, stagingName(name));
      await fs.mkdir(staging, { mode: 0o700 });
    } catch (err) {
      // The local directory is out of reach: the other destination still gets the backup, staged elsewhere.
      failures.set('local', err);
      staging = await fs.mkdtemp(path.join(os.tmpdir(), `${name}-`));
    }
    let sizeBytes = 0;
    let snapshotSeconds = 0;
    const seconds = new Map<BackupDestination['id'], number>();
    try {
      const files = await this.snapshot(staging, name);
      snapshotSeconds = (performance.now() - started) / 1000;
      sizeBytes = await totalSize(staging, [...files, MANIFEST_FILE, SIGNATURE_FILE]);
      // S3 first: it reads the staged files, which the local directory then takes over by a rename.
      for (const destination of [...destinations].reverse()) {
        if (failures.has(destination.id)) continue;
        const storing = performance.now();
        try {
          await destination.store(staging, name, [...files, MANIFEST_FILE, SIGNATURE_FILE]);
          seconds.set(destination.id, (performance.now() - storing) / 1000);
        } catch (err) {
          failures.set(destination.id, err);
        }
      }
    } catch (err) {
      for (const d of destinations) if (!failures.has(d.id)) failures.set(d.id, err);
    } finally {
      await fs.rm(staging, { recursive: true, force: true });
    }
    const delivered = destinations.map((d): DeliveredBackup => {
      const failure = failures.get(d.id);
      return failure === undefined
        ? { destination: d.id, location: d.location(name), status: 'success', seconds: seconds.get(d.id)! }
        : { destination: d.id, location: d.location(name), status: 'failed', error: describeBackupError(failure, this.deps.settings.s3) };
    });
    await this.record(name, delivered, { source, accountId, startedAt, sizeBytes });
    for (const d of destinations) if (!failures.has(d.id)) await this.prune(d);
    return { name, sizeBytes, seconds: (performance.now() - started) / 1000, snapshotSeconds, destinations: delivered };
  }

  /** The panel's «Резервные копии»: where backups go, when, and the last runs (requireManage). */
  async overview(actor: Actor): Promise<BackupOverview> {
    const runs = await this.lastRuns(actor);
    return {
      schedule: this.deps.settings.cron ?? null,
      destinations: [
        { id: 'local', place: this.local.dir, keep: this.deps.settings.keepLocal },
        ...(this.deps.settings.s3 ? [{ id: 's3' as const, place: this.s3!.location('').replace(/\/$/, ''), keep: this.deps.settings.s3.keep }] : []),
      ],
      runs,
    };
  }

  /** The last runs, newest first, for those who may take backups. */
  async lastRuns(actor: Actor, limit = 20): Promise<BackupRunView[]> {
    await this.requireManage(actor);
    const rows = await this.deps.orm.em.fork().find(BackupRun, {}, { orderBy: { finishedAt: 'desc', id: 'desc' }, limit });
    return rows.map(({ name, destination, status, location, sizeBytes, error, source, startedAt, finishedAt }) => ({
      name, destination, status, location: location ?? null, sizeBytes: sizeBytes ?? null, error: error ?? null, source, startedAt, finishedAt,
    }));
  }

  /**
   * A backup copies every school of the deployment: `backups.manage` (the director, the administrator) over
   * every one of them. In the usual deployment of one school that is its director and administrator; where
   * several schools share one, only the deployment's administrator, never one school's people.
   */
  async requireManage(actor: Actor): Promise<void> {
    requireAccess(actor, 'backups.manage');
    if (actsEverywhere(actor)) return;
    const schools = await this.deps.orm.em.fork().find(School, {}, { fields: ['id'] });
    for (const school of schools) requireAccess(actor, 'backups.manage', { schoolId: school.id });
  }

  private async snapshot(staging: string, name: string): Promise<string[]> {
    const contents = await withSqlSession(this.deps.orm, (session) => writeSnapshot(session, staging));
    const meta: BackupMeta = { kind: 'klassny-backup', format: 1, name, appVersion: appVersion(), ...contents };
    const files = contents.tables.map((t) => t.file);
    await signSet(staging, files, await this.deps.integrity.keys(), { ...meta }, this.deps.clock);
    return files;
  }

  private async record(name: string, delivered: DeliveredBackup[], run: { source: BackupSource; accountId: number | undefined; startedAt: Date; sizeBytes: number }) {
    const finishedAt = this.deps.clock.now();
    const em = this.deps.orm.em.fork();
    for (const d of delivered) {
      em.create(BackupRun, {
        name, destination: d.destination, status: d.status, location: d.location, sizeBytes: d.status === 'success' ? run.sizeBytes : null,
        error: d.error ?? null, source: run.source, accountId: run.accountId ?? null, startedAt: run.startedAt, finishedAt,
      });
      this.deps.metrics.backups.inc({ destination: d.destination, result: d.status });
      if (d.status === 'success') {
        this.deps.metrics.backupLastSuccess.set({ destination: d.destination }, finishedAt.getTime() / 1000);
        this.deps.log.info({ backup: name, destination: d.destination, location: d.location, bytes: run.sizeBytes }, 'backup stored');
      } else {
        this.deps.log.error({ backup: name, destination: d.destination, error: d.error }, 'backup failed');
      }
    }
    await em.flush();
  }

  /** Retention after a success there; a failing prune is logged, the backup stays a success. */
  private async prune(destination: BackupDestination): Promise<void> {
    try {
      const removed = await destination.prune();
      if (removed.length) this.deps.log.info({ destination: destination.id, removed }, 'old backups removed');
    } catch (err) {
      this.deps.log.warn({ destination: destination.id, error: describeBackupError(err, this.deps.settings.s3) }, 'old backups not removed');
    }
  }

  /** The clock's name, with a number after it if a backup of the same second exists already. */
  private async freeName(): Promise<string> {
    const base = backupName(this.deps.clock);
    for (let n = 1; ; n++) {
      const name = n === 1 ? base : `${base}-${n}`;
      const taken = await fs.access(this.local.location(name)).then(() => true, () => false);
      if (!taken) return name;
    }
  }
}

async function totalSize(dir: string, files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += (await fs.stat(path.join(dir, file))).size;
  return total;
}
