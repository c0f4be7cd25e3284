// Start of a built tree (issue 17, point 4): `npm start` on an installed, built tree answers /healthz 200 in
// ≤ 5 s with the server's RSS ≤ 250 MB. Each start is `npm start` as an operator types it (npm, the prestart
// build check, which finds dist/ up to date, then `node dist/main.js`), with no settings but a port and
// where its data goes: the default configuration, so the sandbox bot and the demo school of a first start
// included. The time runs from the spawn of npm to the first 200 of /healthz (polled every 50 ms).
// RSS: the `node dist/main.js` process's VmRSS (/proc/<pid>/status) when /healthz first says 200, and again
// SETTLE_SECONDS after it logs «web panel ready» (the panel loads after /healthz answers); also the CPU time
// used by then, which the load of a shared machine does not stretch as it does the wall time. Embedded
// PostgreSQL runs in processes of its own, apart from that figure, printed beside it as the PSS of those
// processes (PSS shares their common memory out between them: no sum inflated as one of RSS would be).
// Cases, each started RUNS times:
//   embedded, empty data dir — a first start: initdb, migrations, the demo school;
//   embedded, a data dir an earlier start made — every later start (the case);
//   DATABASE_URL set: a new database on that server (migrations, demo school), and the same database again.
// Run alone: npx tsx bench/start.ts [runs=3]; builds dist/ once first if it is not up to date.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { configFromEnvironment } from '../core/config.js';
import { parseDatabaseUrl } from '../core/db/connection.js';
import { adminQuery } from '../test/support/pg-admin.js';
import { benchTempDir, cleanUpOnce, type Cleanup } from './support/bench-database.js';
import { freePort } from './support/free-port.js';

const RUNS = Number(process.argv[2] ?? 3);
if (!(RUNS >= 1)) throw new Error('usage: start.ts [runs ≥ 1]');
const GOAL_SECONDS = 5;
const GOAL_RSS_MB = 250;
const SETTLE_SECONDS = 2;
const GIVE_UP_SECONDS = 120;

const cleanups: Cleanup[] = [];
const { cleanUp, started: cleaning } = cleanUpOnce(cleanups);

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const mb = (kb: number) => kb / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function statusKb(pid: number, field: string): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
}

async function pssKb(pid: number): Promise<number> {
  const rollup = await fs.readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
  return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0);
}

/** Every process below `pid` (children, their children…), from the kernel's lists of each thread's children. */
async function descendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  const tasks = await fs.readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
  for (const task of tasks) {
    const children = await fs.readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '');
    for (const child of children.split(' ').filter(Boolean).map(Number)) found.push(child, ...(await descendants(child)));
  }
  return found;
}

/**
 * User + system CPU seconds of the process (all threads), from /proc/<pid>/stat; with `children`, also those
 * of its children that have exited and been waited for (npm's: the prestart build check).
 */
async function cpuSecondsOf(pid: number, children = false): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  // utime, stime, cutime, cstime in clock ticks (USER_HZ = 100)
  return (fields[11]! + fields[12]! + (children ? fields[13]! + fields[14]! : 0)) / 100;
}

async function commandLine(pid: number): Promise<string[]> {
  return (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
}


async function healthStatus(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

interface Start {
  seconds: number;
  /** CPU time the server had used by then (all its threads), which the machine's load does not stretch as it does the wall time. */
  cpuSeconds: number;
  /** The same for everything `npm start` ran by then: npm, the build check, the shell, the server. */
  startCpuSeconds: number;
  panelSeconds: number;
  rssMb: number;
  settledRssMb: number;
  postgresPssMb: number;
  postgresProcesses: number;
  load: string;
}

/** One `npm start` with `settings`, timed to the first 200 of /healthz, measured, then stopped with SIGTERM. */
async function start(settings: Record<string, string>): Promise<Start> {
  const port = await freePort();
  const began = performance.now();
  const npm = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, ...settings, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The product logs «web panel ready» once the panel, loaded after /healthz answers, is up.
  let panelSeconds: number | undefined;
  npm.stdout.on('data', (chunk: Buffer) => {
    if (panelSeconds === undefined && chunk.toString().includes('"msg":"web panel ready"')) panelSeconds = (performance.now() - began) / 1000;
  });
  let stderr = '';
  npm.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  let server: number | undefined;
  const stop = async () => {
    if (server !== undefined) process.kill(server, 'SIGTERM');
    else npm.kill('SIGTERM');
    const done = await Promise.race([exited.then(() => true), sleep(30_000).then(() => false)]);
    if (!done) {
      if (server !== undefined) process.kill(server, 'SIGKILL');
      npm.kill('SIGKILL');
      await exited;
    }
  };
  try {
    let seconds: number | undefined;
    while (seconds === undefined) {
      if (npm.exitCode !== null || npm.signalCode !== null) throw new Error(`npm start exited (${npm.exitCode ?? npm.signalCode}):\n${stderr}`);
      if ((performance.now() - began) / 1000 > GIVE_UP_SECONDS) throw new Error(`no 200 from /healthz in ${GIVE_UP_SECONDS} s:\n${stderr}`);
      if ((await healthStatus(`http://127.0.0.1:${port}/healthz`)) === 200) seconds = (performance.now() - began) / 1000;
      else await sleep(50);
    }
    for (const pid of await descendants(npm.pid!)) {
      if ((await commandLine(pid)).some((arg) => arg.endsWith('dist/main.js'))) server = pid;
    }
    if (server === undefined) throw new Error('no node dist/main.js process under npm start');
    const rssMb = mb(await statusKb(server, 'VmRSS'));
    const cpuSeconds = await cpuSecondsOf(server);
    // npm and the build check before the server, and the shell between npm and the server (its own CPU).
    let startCpuSeconds = cpuSeconds + (await cpuSecondsOf(npm.pid!, true));
    for (const pid of await descendants(npm.pid!)) if (pid !== server) startCpuSeconds += await cpuSecondsOf(pid).catch(() => 0);
    while (panelSeconds === undefined) {
      if ((performance.now() - began) / 1000 > GIVE_UP_SECONDS) throw new Error(`no «web panel ready» in ${GIVE_UP_SECONDS} s:\n${stderr}`);
      await sleep(50);
    }
    await sleep(SETTLE_SECONDS * 1000);
    const settledRssMb = mb(await statusKb(server, 'VmRSS'));
    // The embedded server is not the node process's child (as root it runs as the user postgres, handed on
    // by a process that exits): found by its data directory, with the processes it started.
    const postgres: number[] = [];
    if (settings.EMBEDDED_PG_DIR) {
      for (const pid of (await fs.readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(Number)) {
        const args = await commandLine(pid);
        if (args.at(0)?.endsWith('/postgres') && args[args.indexOf('-D') + 1] === settings.EMBEDDED_PG_DIR) postgres.push(pid, ...(await descendants(pid)));
      }
    }
    let pss = 0;
    for (const pid of postgres) pss += await pssKb(pid);
    return { seconds, cpuSeconds, startCpuSeconds, panelSeconds, rssMb, settledRssMb, postgresPssMb: mb(pss), postgresProcesses: postgres.length, load: load() };
  } finally {
    await stop();
  }
}

interface Case {
  name: string;
  starts: Start[];
}

const cases: Case[] = [];
async function measure(name: string, settingsOf: () => Promise<Record<string, string>>) {
  const starts: Start[] = [];
  console.log(`\n${name}`);
  for (let i = 1; i <= RUNS; i++) {
    const s = await start(await settingsOf());
    starts.push(s);
    const postgres = s.postgresProcesses ? `; embedded PostgreSQL apart: ${s.postgresProcesses} processes, PSS ${s.postgresPssMb.toFixed(0)} MB` : '';
    console.log(`  start ${i}: /healthz 200 after ${s.seconds.toFixed(2)} s (CPU: server ${s.cpuSeconds.toFixed(2)} s, with npm and the build check ${s.startCpuSeconds.toFixed(2)} s), RSS ${s.rssMb.toFixed(0)} MB; web panel up after ${s.panelSeconds.toFixed(2)} s, RSS ${s.settledRssMb.toFixed(0)} MB ${SETTLE_SECONDS} s after that${postgres}; load average ${s.load}`);
  }
  cases.push({ name, starts });
}

try {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const tmp = await benchTempDir(cleanups);
  let dirs = 0;
  // Where a start keeps its files: under the bench's temp dir, not the working tree's data/.
  const dataDirs = () => {
    const dir = path.join(tmp, `data-${++dirs}`);
    return { ARCHIVE_DIR: path.join(dir, 'archive'), KEYS_DIR: path.join(dir, 'keys'), BACKUP_DIR: path.join(dir, 'backups') };
  };

  let lastPg = '';
  await measure('embedded PostgreSQL, empty data dir (a first start: initdb, migrations, the demo school)', async () => {
    lastPg = path.join(tmp, `pg-${++dirs}`);
    return { ...dataDirs(), DATABASE_URL: '', EMBEDDED_PG_DIR: lastPg };
  });
  const installed = dataDirs();
  await measure('embedded PostgreSQL, the data dir of an earlier start (an installed tree)', async () => ({ ...installed, DATABASE_URL: '', EMBEDDED_PG_DIR: lastPg }));

  const fromEnv = configFromEnvironment().database;
  if ('url' in fromEnv) {
    const connection = parseDatabaseUrl(fromEnv.url);
    const urlOf = (name: string) => Object.assign(new URL(fromEnv.url), { pathname: `/${name}` }).toString();
    let lastDb = '';
    await measure(`DATABASE_URL (${connection.host}:${connection.port}), a new database (migrations, the demo school)`, async () => {
      lastDb = `klassny_start_${randomBytes(5).toString('hex')}`;
      const name = lastDb;
      await adminQuery(connection, `create database ${name}`);
      cleanups.push({ what: `database ${name}`, run: () => adminQuery(connection, `drop database if exists ${name} with (force)`) });
      return { ...dataDirs(), DATABASE_URL: urlOf(name) };
    });
    const again = dataDirs();
    await measure(`DATABASE_URL (${connection.host}:${connection.port}), the database of an earlier start`, async () => ({ ...again, DATABASE_URL: urlOf(lastDb) }));
  } else {
    console.log('\nDATABASE_URL not set: the cases on an outside PostgreSQL server are left out');
  }

  console.log(`\ngoal: /healthz 200 in ≤ ${GOAL_SECONDS} s, server RSS ≤ ${GOAL_RSS_MB} MB (node dist/main.js alone; embedded PostgreSQL apart)`);
  let failed = false;
  for (const { name, starts } of cases) {
    const seconds = starts.map((s) => s.seconds).sort((a, b) => a - b);
    const median = (seconds[Math.floor((seconds.length - 1) / 2)]! + seconds[Math.ceil((seconds.length - 1) / 2)]!) / 2;
    const cpu = Math.max(...starts.map((s) => s.cpuSeconds));
    const startCpu = Math.max(...starts.map((s) => s.startCpuSeconds));
    const panel = Math.max(...starts.map((s) => s.panelSeconds));
    const slowest = seconds.at(-1)!;
    const rss = Math.max(...starts.map((s) => s.rssMb));
    const settled = Math.max(...starts.map((s) => s.settledRssMb));
    const pass = slowest <= GOAL_SECONDS && rss <= GOAL_RSS_MB;
    // The goal is the installed tree's; a first start (initdb, the demo school) is printed against it for comparison.
    const judged = !name.includes('a first start') && !name.includes('a new database');
    if (judged && !pass) failed = true;
    console.log(`  ${pass ? 'PASS' : 'FAIL'}${judged ? '' : ' (not the goal\'s case)'} ${name}: median ${median.toFixed(2)} s, slowest ${slowest.toFixed(2)} s (CPU by then ≤ ${cpu.toFixed(2)} s in the server, ≤ ${startCpu.toFixed(2)} s with npm and the build check); RSS at 200 ≤ ${rss.toFixed(0)} MB; panel up ≤ ${panel.toFixed(2)} s, RSS then ≤ ${settled.toFixed(0)} MB`);
  }
  console.log(`load average at the end ${load()} (a shared 2-core machine: other processes slow the numbers)`);
  if (failed) process.exitCode = 1;
} catch (err) {
  if (!cleaning()) console.error(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
