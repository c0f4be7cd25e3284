// Feeds journal taps through the real webhook route, as Telegram delivers them: full callback_query
// updates POSTed with the secret header to /telegram/webhook of the real HTTP server (buildServer), which
// hands them to the real bot (createBot) and core on a real PostgreSQL. The bot's own calls to the Bot API
// go to a fake Bot API on 127.0.0.1 that answers like Telegram. The load generator and the fake Bot API run
// in a process of their own (support/webhook-load.ts), so this process is the server alone and its CPU time
// per tap is the server's. The floor (support/floor-server.mjs: parse, dedupe, upsert, outbox in one
// transaction, nothing else) is driven by the same load generator at the same concurrency in the same run.
// Prints, per scenario and concurrency: updates per second, the latency of each webhook request (send →
// HTTP answer, which comes after the update is handled), SQL statements and CPU ms of the server per tap,
// the ratio to the floor, the load average; failures, and marks lost or duplicated as counted in the
// database afterwards; then 200 updates delivered again, which must change nothing.
// "no feature (plumbing)": the same updates with a button no feature knows (answered, nothing written), for
// what any update costs before a feature's work (HTTP, telegraf, the transaction with its claim, the sessions).
// Besides the closed loop at C=1 and C=16 (each teacher taps again as soon as answered: the server's most), a
// paced run: 16 teachers tapping 300 times a second between them, each update timed from when it was due
// (in a closed loop with 16 always in flight the mean latency is 16 ÷ rate by construction, so a p99 under
// 50 ms at 300/s can only be asked of a pace). "outside CPU" is the load process's (load generator and fake
// Bot API), which shares the machine's two cores with the server and PostgreSQL.
// PostgreSQL's CPU per update, from /proc/<pid>/stat (user + system time), before and after each scenario:
// "PG CPU ms/update" counts the backends connected to the scenario's own database (this run's, or the
// floor's), i.e. the statements' parsing, planning and execution; "all PG ms/update" counts every process
// named postgres on the machine, plus what their exited children used (cutime + cstime: backends that ended),
// so ALL PostgreSQL servers and databases of the machine (other helpers' tests, embedded servers) and the
// background work (WAL writer, checkpointer, autovacuum): an upper bound, near the first on a quiet machine.
// Meaningful only when the PostgreSQL of DATABASE_URL runs on this machine.
// Before the first scenario and after the last, the machine's round trip between two processes
// (support/message-cost.ts): a tap is a dozen messages between four processes, so a machine whose messages
// cost more runs every scenario slower, the floor too.
// Run alone: npx tsx bench/journal-webhook.ts [marks=960] [attendance taps=480] [--trace] [--instances=N],
// each count at C=1 and C=16, spread over 16 teachers (one tap in flight per teacher at C=16, as sixteen
// teachers would tap). --trace prints the SQL statements of one mark tap and one roll-call tap first.
// --instances=N runs the paced scenarios again on N server processes sharing the updates (this one and N - 1
// of support/webhook-instance.ts, as instances behind a load balancer): how the same machine does with more
// processes, which point 1 (one process) does not count.
// Per scenario, the server's main thread (the floor's for the floor): its time on a CPU and waiting for one per
// update (/proc/<pid>/schedstat), and their sum × updates/s: a Node process runs its updates on one thread, so
// at 100 % it queues them however idle the cores look.
// The server runs with npm start's node flags (the bench starts itself again with them if they are missing).
// DATABASE_URL set: throwaway databases on that server (dropped at the end); otherwise embedded PostgreSQL
// in a temp directory.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Update } from 'telegraf/types';
import { encodeJournal } from '../bot/callback-data/journal.js';
import { systemActor, type Actor } from '../core/access/actor.js';
import { openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { loadConfig } from '../core/base/config.js';
import { configFromEnvironment } from '../core/config.js';
import { createCore, type Core } from '../core/core.js';
import type { PgConnection } from '../core/db/connection.js';
import { systemClock } from '../core/time/clock.js';
import { addDays, isoWeekday, localDate } from '../core/time/local-date.js';
import { createLogger } from '../core/base/logger.js';
import { adminQuery } from '../test/support/pg-admin.js';
import { loadAverage, percentile, processCpuMs, threadSchedule, watchStalls, type Stalls } from './support/measure.js';
import { countSqlStatements } from './support/sql-statements.js';
import { forkWebhookLoad, type Sent, type WebhookLoad } from './support/webhook-load.js';
import { serveWebhook } from './support/webhook-server.js';
import { freePort } from './support/free-port.js';
import { withServerNodeFlags } from './support/start-command.js';
import { messageCost } from './support/message-cost.js';

await withServerNodeFlags();

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const TRACE = process.argv.includes('--trace');
const MARKS = Number(args[0] ?? 960);
const TAPS = Number(args[1] ?? 480);
const TEACHERS = 16;
if (![MARKS, TAPS].every((n) => Number.isInteger(n) && n >= TEACHERS)) throw new Error(`usage: journal-webhook.ts [marks] [attendance taps] [--trace] [--instances=N], both counts integers ≥ ${TEACHERS}`);
const CONCURRENCY = [1, 16];
/** Paced scenarios: 16 teachers tapping at this many taps a second between them. */
const PACED = [300];
/** --instances=N: the paced scenarios again on N server processes (this one and N - 1 more, webhook-instance.ts). */
const INSTANCES = Number(/^--instances=(\d+)$/.exec(process.argv.find((a) => a.startsWith('--instances=')) ?? '')?.[1] ?? 1);
if (!(INSTANCES >= 1)) throw new Error('usage: --instances=N, N ≥ 1');
/** Taps a teacher makes in the warm-up, at C=16: enough for every pool connection to run each prepared statement past PostgreSQL's five custom plans. */
const WARM_UP_PER_TEACHER = 12;
const REDELIVERED = 200;
const CLASS_SIZE = 30;
/** A lesson gets at most two marks a student (the class walked twice), as a real lesson might. */
const MARKS_PER_LESSON = 2 * CLASS_SIZE;
const TIME_ZONE = 'Europe/Moscow';

const BOT_ID = 987654321;
const TOKEN = `${BOT_ID}:BENCH-${randomBytes(16).toString('hex')}`;
const SECRET = randomBytes(24).toString('base64url');
const BOT_USER = { id: BOT_ID, is_bot: true as const, first_name: 'Классный журнал', username: 'bench_bot' };
const TEACHER_NAMES = [['Учителева', 'Мария'], ['Петрова', 'Анна'], ['Сидоров', 'Олег'], ['Козлова', 'Ирина']] as const;
const SUBJECTS = ['Математика', 'Русский язык', 'Литература', 'История', 'Физика', 'Химия', 'Биология', 'География', 'Информатика', 'Английский язык', 'Обществознание', 'Музыка', 'Изобразительное искусство', 'Технология', 'Физическая культура', 'ОБЖ'];

/** The k-th teacher as Telegram sees it: its user and its private chat with the bot. */
const teacherUser = (k: number) => {
  const [lastName, firstName] = TEACHER_NAMES[k % TEACHER_NAMES.length]!;
  const id = 700_001 + k;
  return {
    user: { id, is_bot: false, first_name: firstName, last_name: lastName, language_code: 'ru' },
    chat: { id, type: 'private' as const, first_name: firstName, last_name: lastName },
  };
};

const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов'];
const NAMES = [['Александр', 'Анастасия'], ['Максим', 'Мария'], ['Иван', 'Анна'], ['Артём', 'Виктория'], ['Дмитрий', 'Екатерина']] as const;

const statements = countSqlStatements();

// ── updates as Telegram sends them ──────────────────────────────────────────────────────────────────

let nextUpdateId = 600_000_000;
const cbId = (updateId: number) => `${BOT_ID}${updateId}`;

function textUpdate(text: string, k: number): Update {
  const update_id = nextUpdateId++;
  const command = /^\/\w+/.exec(text)?.[0];
  const { user, chat } = teacherUser(k);
  return {
    update_id,
    message: {
      message_id: update_id, from: user, chat, date: Math.floor(Date.now() / 1000), text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    },
  };
}

/** A tap on a journal button, and the (lesson, student) cell it changes. */
interface Tap {
  update: Update;
  cell: string;
}

function tapUpdate(data: string, k: number): Update {
  const update_id = nextUpdateId++;
  const { user, chat } = teacherUser(k);
  return {
    update_id,
    callback_query: {
      id: cbId(update_id),
      from: user,
      message: { message_id: 5_000, from: BOT_USER, chat, date: Math.floor(Date.now() / 1000) - 60, text: '…' },
      chat_instance: '-4711812238157431237',
      data,
    },
  };
}

/** Round robin over the teachers' own sequences: tap i of every teacher, then tap i + 1… */
function interleave<T>(perTeacher: T[][]): T[] {
  const out: T[] = [];
  const longest = Math.max(...perTeacher.map((s) => s.length));
  for (let i = 0; i < longest; i++) for (const s of perTeacher) if (i < s.length) out.push(s[i]!);
  return out;
}

// ── the floor ───────────────────────────────────────────────────────────────────────────────────────

interface Floor {
  url: string;
  database: string;
  pid: number;
  /** The floor process's CPU time so far, in ms. */
  cpuMs(): Promise<number>;
}

/** Starts one more instance of the server (support/webhook-instance.ts) on the database of `connection`, with this process's node flags. */
async function startInstance(connection: PgConnection, settings: Record<string, string>, cleanups: Cleanup[]): Promise<Instance> {
  const child = fork(path.join(import.meta.dirname, 'support', 'webhook-instance.ts'), [JSON.stringify({ connection, settings })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push({
    what: 'second server instance',
    run: async () => {
      if (child.connected) child.send('stop');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
      if (child.exitCode === null) child.kill();
    },
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the second server instance ended before it listened (${code})`)));
  });
  return { url, pid: child.pid! };
}

/** Starts support/floor-server.mjs on a throwaway database of its own on the same PostgreSQL server. */
async function startFloor(connection: PgConnection, cleanups: Cleanup[]): Promise<Floor> {
  const name = `klassny_floor_${randomBytes(5).toString('hex')}`;
  const admin = (sql: string) => adminQuery(connection, sql);
  await admin(`create database ${name}`);
  cleanups.push({ what: `database ${name}`, run: () => admin(`drop database if exists ${name} with (force)`) });
  const auth = `${encodeURIComponent(connection.user)}${connection.password ? `:${encodeURIComponent(connection.password)}` : ''}`;
  const url = `postgres://${auth}@${encodeURIComponent(connection.host)}:${connection.port}/${name}`;
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(import.meta.dirname, 'support', 'floor-server.mjs')], {
    env: { FLOOR_DATABASE_URL: url, FLOOR_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  cleanups.push({
    what: 'floor server',
    run: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('floor up')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the floor server ended (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}/telegram/webhook`, database: name, pid: child.pid!, cpuMs: () => cpuMsOf(child.pid!) };
}

/** A process's CPU time so far (user and system), in ms, from Linux's /proc (USER_HZ 100). */
async function cpuMsOf(pid: number): Promise<number> {
  const stat = (await fs.readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(stat[11]) + Number(stat[12])) * 10;
}

/**
 * CPU time (ms) used so far by postgres processes, from /proc (USER_HZ 100): `database`, the backends
 * connected to that database (their process title names it); `all`, every postgres process of the machine,
 * live (utime + stime) and reaped by them (cutime + cstime, so that backends that ended still count).
 */
async function postgresCpuMs(database: string): Promise<{ database: number; all: number }> {
  let all = 0;
  let own = 0;
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => undefined); // gone meanwhile
    if (!stat || stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const used = Number(fields[11]) + Number(fields[12]);
    all += used + Number(fields[13]) + Number(fields[14]);
    const title = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (title.replace(/\0/g, ' ').includes(` ${database} `)) own += used;
  }
  return { database: own * 10, all: all * 10 };
}

/** PostgreSQL's CPU ms per update between `before` and now (see postgresCpuMs). */
async function postgresCpuPerUpdate(database: string, before: { database: number; all: number }, updates: number) {
  const after = await postgresCpuMs(database);
  return { pgCpuMsPerUpdate: (after.database - before.database) / updates, allPgCpuMsPerUpdate: (after.all - before.all) / updates };
}


// ── the run ─────────────────────────────────────────────────────────────────────────────────────────

const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;
const cleanUp = () => (cleaning ??= (async () => {
  for (const { what, run } of cleanups.reverse()) {
    await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
  }
})());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

interface Row {
  scenario: string;
  concurrency: number;
  updates: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  failed: number;
  /** undefined for the floor, whose statements this process does not see (five a tap: begin, three inserts, commit). */
  sqlPerUpdate?: number;
  /** Round trips to PostgreSQL per update (a pipelined BEGIN or COMMIT shares one with a statement); undefined for the floor (five). */
  roundTripsPerUpdate?: number;
  cpuMsPerUpdate: number;
  /** The load process's CPU ÷ updates: the load generator and the fake Bot API (Telegram's side, on this machine's cores too). */
  outsideCpuMsPerUpdate: number;
  /** PostgreSQL's CPU ÷ updates: the backends of the scenario's database; all postgres processes (see the header). */
  pgCpuMsPerUpdate: number;
  allPgCpuMsPerUpdate: number;
  /** The server's main thread (the floor's for the floor) per update: on a CPU, and runnable but waiting for one (threadSchedule). */
  threadRunMs?: number;
  threadWaitMs?: number;
  /** Server processes sharing the updates (webhook-instance.ts beyond this one); 1 when undefined. */
  instances?: number;
  /** Paced scenarios: the taps a second the sixteen teachers were asked for (undefined: a closed loop). */
  pace?: number;
  /** This process's collector pauses and event-loop delays over the scenario (not the other instances'). */
  stalls?: Stalls;
  /** Updates/s ÷ the floor's at the same concurrency. */
  ofFloor: number;
  lost: number;
  duplicated: number;
  load: number;
}

const rows: Row[] = [];
/** A server instance in a process of its own (webhook-instance.ts). */
interface Instance {
  url: string;
  pid: number;
}
/**
 * Starts watching the main threads of `pids` (this process by default); the returned function gives their run
 * and wait per update since, summed (with several instances each thread's busy share is the sum ÷ instances).
 */
async function threadPerUpdate(pids = [process.pid]): Promise<(updates: number) => Promise<Pick<Row, 'threadRunMs' | 'threadWaitMs'>>> {
  const schedules = () => Promise.all(pids.map((pid) => threadSchedule(pid)));
  const before = await schedules();
  return async (updates) => {
    const after = await schedules();
    if (![...before, ...after].every(Boolean)) return {};
    const sum = (of: 'run' | 'wait') => after.reduce((a, t, i) => a + t![of] - before[i]![of], 0) / updates;
    return { threadRunMs: sum('run'), threadWaitMs: sum('wait') };
  };
}
const failureReasons = new Map<string, number>();
/** The machine's round trip between two processes (support/message-cost.ts), for telling a slow machine from a slow tap. */
const messages = async () => {
  const { wallUs, senderCpuUs, answererCpuUs } = await messageCost();
  return `a message and its answer between two processes on loopback take ${wallUs.toFixed(0)} µs and ${senderCpuUs.toFixed(0)} / ${answererCpuUs.toFixed(0)} µs of CPU (sender / answerer)`;
};

try {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-bench-'));
  cleanups.push({ what: 'temp dir', run: () => fs.rm(tmp, { recursive: true, force: true }) });
  await fs.chmod(tmp, 0o755); // under root PostgreSQL runs as "postgres", which must reach its data directory
  const log = createLogger('warn');

  // DATABASE_URL, read the only way the project reads its environment.
  const fromEnv = configFromEnvironment().database;
  const databaseUrl = 'url' in fromEnv ? fromEnv.url : undefined;
  const dbEnv = databaseUrl ? { DATABASE_URL: databaseUrl } : { EMBEDDED_PG_DIR: path.join(tmp, 'pg') };

  const load: WebhookLoad = await forkWebhookLoad({ token: TOKEN, bot: BOT_USER, chat: teacherUser(0).chat });
  cleanups.push({ what: 'load generator and fake Bot API', run: () => load.close() });
  const settings = { PUBLIC_URL: 'https://klassny-bench.example', TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: load.apiRoot };
  const config = loadConfig({ ...dbEnv, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...settings });

  const { orm, connection, embedded } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);
  console.log(`database: ${embedded ? 'embedded PostgreSQL (temp dir)' : `${connection.host}:${connection.port}/${connection.database}`}`);
  const floor = await startFloor(connection, cleanups);

  // The school, through the record service as the panel makes it.
  const school = await seedSchool(core);

  // The real bot and HTTP server, in webhook mode.
  const { bot, app, url: webhook } = await serveWebhook(core);
  cleanups.push({ what: 'bot', run: () => bot.drain() });
  cleanups.push({ what: 'HTTP server', run: () => app.close() });

  // Each teacher signs in with the invitation's deep link, through the webhook too.
  const teachers: Actor[] = [];
  for (const [k, staffId] of school.teacherIds.entries()) {
    const { code } = await core.unitOfWork(() => core.invites.issue('staff', staffId, systemActor('cli'), 'bench_bot'));
    const signIn = await load.drive(webhook, SECRET, [textUpdate(`/start ${code}`, k)], 1);
    const identity = await core.unitOfWork(() => core.botIdentities.current(teacherUser(k).user.id));
    if (signIn.sent[0]?.status !== 200 || !identity?.actor) throw new Error(`teacher ${k} could not sign in (HTTP ${signIn.sent[0]?.status})`);
    teachers.push(identity.actor);
  }

  // Lessons each teacher opens: today's first, then earlier lessons still inside the edit window.
  const lessonSlots = school.assignmentIds.map(() => (function* () {
    for (let day = 0; day < 10; day++) for (let n = 1; n <= 20; n++) yield { date: addDays(school.today, -day), lessonNumber: n };
  })());
  const openLessons = async (k: number, count: number) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const slot = lessonSlots[k]!.next();
      if (slot.done) throw new Error('out of lessons to open: ask for fewer updates');
      ids.push((await core.unitOfWork(() => core.journal.lessons.openLesson(school.assignmentIds[k]!, slot.value.date, slot.value.lessonNumber, teachers[k]!))).id);
    }
    return ids;
  };

  const tap = (k: number, lessonId: number, studentId: number, data: string): Tap => ({ update: tapUpdate(data, k), cell: `${lessonId}:${studentId}` });
  /** `count` marks from each teacher, interleaved, and the lessons they go to. */
  const markTaps = async (perTeacher: number) => {
    const lessons: number[] = [];
    const sequences: Tap[][] = [];
    for (let k = 0; k < TEACHERS; k++) {
      const own = await openLessons(k, Math.ceil(perTeacher / MARKS_PER_LESSON));
      lessons.push(...own);
      sequences.push(Array.from({ length: perTeacher }, (_, i) => {
        const lessonId = own[Math.floor(i / MARKS_PER_LESSON)]!;
        const studentId = school.students[i % CLASS_SIZE]!;
        // The student's marks in the lesson before this tap: the button says how many it saw (a repeated press gives none).
        const seen = Math.floor((i % MARKS_PER_LESSON) / CLASS_SIZE);
        return tap(k, lessonId, studentId, encodeJournal('mg', { lessonId, studentId, workTypeId: school.workTypeId, value: 2 + (i % 4), second: 0, seen }));
      }));
    }
    return { lessons, taps: interleave(sequences) };
  };
  // Each tap on a student not yet marked (version 0): present → «н».
  const rollCallTaps = async (perTeacher: number) => {
    const lessons: number[] = [];
    const sequences: Tap[][] = [];
    for (let k = 0; k < TEACHERS; k++) {
      const own = await openLessons(k, Math.ceil(perTeacher / CLASS_SIZE));
      lessons.push(...own);
      sequences.push(Array.from({ length: perTeacher }, (_, i) => {
        const lessonId = own[Math.floor(i / CLASS_SIZE)]!;
        const studentId = school.students[i % CLASS_SIZE]!;
        return tap(k, lessonId, studentId, encodeJournal('rs', { lessonId, studentId, version: 0, code: 0, page: Math.floor((i % CLASS_SIZE) / 16) }));
      }));
    }
    return { lessons, taps: interleave(sequences) };
  };

  /** HTTP 200 and one answer to the tap, without a text: a refusal or an error would have one. */
  const succeeded = (answers: string[], sent: Sent) => {
    const ok = sent.status === 200 && answers.length === 1 && answers[0] === '';
    if (!ok) {
      const reason = sent.status !== 200 ? `HTTP ${sent.status}` : answers.length === 0 ? 'not answered' : `answered «${answers.join(' / ')}»`;
      failureReasons.set(reason, (failureReasons.get(reason) ?? 0) + 1);
    }
    return ok;
  };

  const countRows = async (table: 'mark' | 'attendance', lessons: number[]) => Number((await orm.em.fork().getConnection().execute<{ n: string }[]>(
    `select count(*) n from ${table} where lesson_id in (${lessons.map(Number).join(',')})`,
  ))[0]?.n);

  /** Rows in `table` for each (lesson, student) against the successful taps: lost and duplicated. */
  const reconcile = async (table: 'mark' | 'attendance', lessons: number[], expected: Map<string, number>) => {
    const found = await orm.em.fork().getConnection().execute<{ lesson_id: number; student_id: number; n: string }[]>(
      `select lesson_id, student_id, count(*) n from ${table} where lesson_id in (${lessons.map(Number).join(',')}) group by lesson_id, student_id`,
    );
    const actual = new Map(found.map((r) => [`${r.lesson_id}:${r.student_id}`, Number(r.n)]));
    let lost = 0;
    let duplicated = 0;
    for (const key of new Set([...expected.keys(), ...actual.keys()])) {
      const diff = (actual.get(key) ?? 0) - (expected.get(key) ?? 0);
      if (diff < 0) lost -= diff;
      else duplicated += diff;
    }
    return { lost, duplicated };
  };

  const summary = (sent: Sent[], seconds: number) => {
    const sorted = sent.map((s) => s.ms).sort((a, b) => a - b);
    return {
      updates: sent.length, perSecond: sent.length / seconds,
      p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN,
    };
  };

  /** The floor at `concurrency`, with `count` updates of a mark tap's shape: its updates/s. */
  const floorRun = async (concurrency: number, count: number) => {
    const updates = Array.from({ length: count }, (_, i) => {
      const update = tapUpdate(`m1:${1_000_000 + Math.floor(i / CLASS_SIZE)}:${i % CLASS_SIZE}:${2 + (i % 4)}`, i % TEACHERS);
      return update;
    });
    const cpuBefore = await floor.cpuMs();
    const outsideBefore = await cpuMsOf(load.pid);
    const pgBefore = await postgresCpuMs(floor.database);
    const thread = await threadPerUpdate([floor.pid]);
    const { sent, seconds } = await load.drive(floor.url, SECRET, updates, concurrency);
    const pg = await postgresCpuPerUpdate(floor.database, pgBefore, count);
    const cpuMsPerUpdate = ((await floor.cpuMs()) - cpuBefore) / count;
    const outsideCpuMsPerUpdate = ((await cpuMsOf(load.pid)) - outsideBefore) / count;
    const failed = sent.filter((s) => s.status !== 200).length;
    const row: Row = { scenario: 'floor', concurrency, ...summary(sent, seconds), failed, cpuMsPerUpdate, outsideCpuMsPerUpdate, ...pg, ...(await thread(count)), ofFloor: 1, lost: 0, duplicated: 0, load: os.loadavg()[0]! };
    rows.push(row);
    console.log(`  floor ×${concurrency}: ${count} updates in ${seconds.toFixed(1)} s`);
    return row.perSecond;
  };

  // The same webhook, bot and transaction for a button no feature knows (answered «outdated», nothing
  // written): what every update costs before any feature's work — the update's plumbing.
  const plumbingRun = async (concurrency: number, count: number, floorPerSecond: number) => {
    const updates = Array.from({ length: count }, (_, i) => tapUpdate('zz:no-feature', i % TEACHERS));
    const statementsBefore = statements();
    const tripsBefore = statements.roundTrips();
    const pgBefore = await postgresCpuMs(connection.database);
    const cpuBefore = processCpuMs();
    const outsideBefore = await cpuMsOf(load.pid);
    const thread = await threadPerUpdate();
    const { sent, seconds } = await load.drive(webhook, SECRET, updates, concurrency);
    await bot.drain();
    const threadMs = await thread(count);
    const answers = await load.answers(updates.map((u) => cbId(u.update_id)));
    const failed = updates.filter((u, i) => sent[i]!.status !== 200 || answers.get(cbId(u.update_id))?.length !== 1).length;
    const row: Row = {
      scenario: 'no feature (plumbing)', concurrency, ...summary(sent, seconds), failed,
      sqlPerUpdate: (statements() - statementsBefore) / count, roundTripsPerUpdate: (statements.roundTrips() - tripsBefore) / count,
      cpuMsPerUpdate: (processCpuMs() - cpuBefore) / count, outsideCpuMsPerUpdate: ((await cpuMsOf(load.pid)) - outsideBefore) / count,
      ...(await postgresCpuPerUpdate(connection.database, pgBefore, count)), ...threadMs,
      ofFloor: (count / seconds) / floorPerSecond, lost: 0, duplicated: 0, load: os.loadavg()[0]!,
    };
    rows.push(row);
    console.log(`  no feature ×${concurrency}: ${count} updates in ${seconds.toFixed(1)} s`);
  };

  /** `others`: more instances of the server (webhook-instance.ts), given their share of the updates; their CPU and threads count with this one's. */
  const scenario = async (name: string, table: 'mark' | 'attendance', lessons: number[], taps: Tap[], concurrency: number, floorPerSecond?: number, rate?: number, others: Instance[] = []) => {
    const updates = taps.map((t) => t.update);
    const statementsBefore = statements();
    const tripsBefore = statements.roundTrips();
    const pgBefore = await postgresCpuMs(connection.database);
    const serverCpuMs = async () => processCpuMs() + (await Promise.all(others.map((o) => cpuMsOf(o.pid)))).reduce((a, b) => a + b, 0);
    const cpuBefore = await serverCpuMs();
    const outsideBefore = await cpuMsOf(load.pid);
    const thread = await threadPerUpdate([process.pid, ...others.map((o) => o.pid)]);
    const stalls = watchStalls();
    const { sent, seconds } = await load.drive(others.length ? [webhook, ...others.map((o) => o.url)] : webhook, SECRET, updates, concurrency, rate);
    const stalled = stalls();
    await bot.drain();
    const threadMs = await thread(updates.length);
    const cpuMsPerUpdate = ((await serverCpuMs()) - cpuBefore) / updates.length;
    const outsideCpuMsPerUpdate = ((await cpuMsOf(load.pid)) - outsideBefore) / updates.length;
    const pg = await postgresCpuPerUpdate(connection.database, pgBefore, updates.length);
    const sqlPerUpdate = (statements() - statementsBefore) / updates.length;
    const roundTripsPerUpdate = (statements.roundTrips() - tripsBefore) / updates.length;
    const answers = await load.answers(updates.map((u) => cbId(u.update_id)));
    const expected = new Map<string, number>();
    let failed = 0;
    taps.forEach(({ update, cell }, i) => {
      if (succeeded(answers.get(cbId(update.update_id)) ?? [], sent[i]!)) expected.set(cell, (expected.get(cell) ?? 0) + 1);
      else failed++;
    });
    const { lost, duplicated } = await reconcile(table, lessons, expected);
    const row: Row = {
      scenario: name, concurrency, ...summary(sent, seconds), failed, sqlPerUpdate, roundTripsPerUpdate, cpuMsPerUpdate, outsideCpuMsPerUpdate, ...pg, ...threadMs, pace: rate, instances: 1 + others.length, stalls: stalled,
      ofFloor: floorPerSecond ? (updates.length / seconds) / floorPerSecond : NaN, lost, duplicated, load: os.loadavg()[0]!,
    };
    if (floorPerSecond !== undefined) {
      rows.push(row);
      console.log(`  ${name} ×${concurrency}${rate ? ` at ${rate}/s` : ''}: ${updates.length} updates in ${seconds.toFixed(1)} s`);
    } else if (failed === updates.length) {
      throw new Error(`every warm-up update failed: ${[...failureReasons.keys()].join('; ')}`);
    }
    return row;
  };

  // Warm-up (not reported): JIT, connection pools, prepared caches; the floor's too. At the highest concurrency,
  // so that the pool has all its connections and each has planned the taps' prepared statements (PostgreSQL
  // plans a prepared statement afresh its first five runs on a connection, then keeps a generic plan), as a
  // server that has been running has.
  {
    const marks = await markTaps(WARM_UP_PER_TEACHER);
    await scenario('warm-up', 'mark', marks.lessons, marks.taps, Math.max(...CONCURRENCY));
    const rollCall = await rollCallTaps(WARM_UP_PER_TEACHER);
    await scenario('warm-up', 'attendance', rollCall.lessons, rollCall.taps, Math.max(...CONCURRENCY));
    await load.drive(floor.url, SECRET, Array.from({ length: 200 }, (_, i) => tapUpdate(`m1:999999:${i}:5`, 0)), 4);
    failureReasons.clear();
  }
  if (TRACE) await trace(markTaps, rollCallTaps);

  console.log(`${TEACHERS} teachers of one class of ${CLASS_SIZE}, each in lessons of its own (at most ${MARKS_PER_LESSON} marks a lesson); taps interleaved teacher by teacher`);
  console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${loadAverage()} before the first scenario; node ${process.version} ${process.execArgv.filter((a) => a.startsWith('--') && a !== '--import' && a !== '--require').join(' ')}`);
  console.log(`machine: ${await messages()}`);
  let redelivered = { lessons: [] as number[], taps: [] as Tap[] };
  const floorAt = new Map<number, number>();
  for (const c of CONCURRENCY) {
    floorAt.set(c, await floorRun(c, MARKS));
    const { lessons, taps } = await markTaps(Math.round(MARKS / TEACHERS));
    await scenario('mark (mg)', 'mark', lessons, taps, c, floorAt.get(c));
    redelivered = { lessons, taps };
  }
  for (const c of CONCURRENCY) {
    const { lessons, taps } = await rollCallTaps(Math.round(TAPS / TEACHERS));
    await scenario('roll call (rs)', 'attendance', lessons, taps, c, floorAt.get(c));
  }

  for (const c of CONCURRENCY) await plumbingRun(c, TAPS, floorAt.get(c)!);

  // Sixteen teachers tapping 300 times a second between them (issue 17): paced, not as fast as answers come.
  // In a closed loop (above) sixteen always in flight wait on each other by construction (mean latency =
  // 16 ÷ rate): this is the latency at the pace itself, each update timed from when it was due.
  for (const rate of PACED) {
    const { lessons, taps } = await markTaps(Math.round(MARKS / TEACHERS));
    await scenario(`mark (mg) ${rate}/s`, 'mark', lessons, taps, 16, floorAt.get(16), rate);
    const rollCall = await rollCallTaps(Math.round(TAPS / TEACHERS));
    await scenario(`roll call (rs) ${rate}/s`, 'attendance', rollCall.lessons, rollCall.taps, 16, floorAt.get(16), rate);
  }
  // The same pace on two instances of the server (this process and one more, as two processes behind a load
  // balancer share one webhook URL): one Node process runs its updates on one thread, whatever the cores.
  // Not point 1's measure (one process), which the lines under the table judge; shown for how it scales.
  if (INSTANCES > 1) {
    const others = await Promise.all(Array.from({ length: INSTANCES - 1 }, () => startInstance(connection, settings, cleanups)));
    // Their own warm-up, as the first instance had (JIT, pool connections, prepared statements), not reported.
    const marks = await markTaps(WARM_UP_PER_TEACHER * INSTANCES);
    await scenario('warm-up', 'mark', marks.lessons, marks.taps, Math.max(...CONCURRENCY), undefined, undefined, others);
    const rollCall = await rollCallTaps(WARM_UP_PER_TEACHER * INSTANCES);
    await scenario('warm-up', 'attendance', rollCall.lessons, rollCall.taps, Math.max(...CONCURRENCY), undefined, undefined, others);
    for (const rate of PACED) {
      const { lessons, taps } = await markTaps(Math.round(MARKS / TEACHERS));
      await scenario(`mark (mg) ${rate}/s, ${INSTANCES} instances`, 'mark', lessons, taps, 16, floorAt.get(16), rate, others);
      const rollCall = await rollCallTaps(Math.round(TAPS / TEACHERS));
      await scenario(`roll call (rs) ${rate}/s, ${INSTANCES} instances`, 'attendance', rollCall.lessons, rollCall.taps, 16, floorAt.get(16), rate, others);
    }
  }

  printTable(rows);
  printGoals(rows);
  // Telegram delivers an update again when the answer was slow or lost: the update ledger must ignore it.
  {
    const again = redelivered.taps.slice(0, REDELIVERED);
    const before = await countRows('mark', redelivered.lessons);
    const { sent } = await load.drive(webhook, SECRET, again.map((t) => t.update), 16);
    await bot.drain();
    const added = (await countRows('mark', redelivered.lessons)) - before;
    const refused = sent.filter((r) => r.status !== 200).length;
    console.log(`redelivery: ${again.length} mark updates POSTed again with their update_id → ${refused} not HTTP 200, ${added} marks added (must be 0)`);
    if (added !== 0 || refused !== 0) process.exitCode = 1;
  }
  console.log(`load average at the end: ${loadAverage()} (other processes on the machine slow the numbers; CPU ms and SQL per update are steadier)`);
  console.log(`machine at the end: ${await messages()}`);
  if (failureReasons.size) {
    console.log('failures:');
    for (const [reason, n] of failureReasons) console.log(`  ${n} × ${reason}`);
  }
  // As Telegram counts them: a call given as a webhook's reply is one it runs for the bot, with no request.
  const replied = await load.replied();
  const calls = [...(await load.calls())].sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${m} ${n}${replied.get(m) ? ` (${replied.get(m)} of them as webhook replies)` : ''}`).join(', ');
  const requests = [...(await load.calls()).values()].reduce((a, b) => a + b, 0) - [...replied.values()].reduce((a, b) => a + b, 0);
  console.log(`fake Bot API calls: ${calls}; HTTP requests to the Bot API: ${requests}`);
  console.log(`peak RSS of the server process (HTTP server, bot and core; PostgreSQL and the load generator apart): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (rows.some((r) => r.failed || r.lost || r.duplicated)) process.exitCode = 1;

  /** --trace: the statements of one mark tap and one roll-call tap, as sent. */
  async function trace(marks: typeof markTaps, rollCall: typeof rollCallTaps) {
    for (const [name, make] of [['mark (mg)', marks], ['roll call (rs)', rollCall]] as const) {
      const { taps } = await make(1);
      const seen: string[] = [];
      statements.watch = (sql) => seen.push(sql.replace(/\s+/g, ' ').slice(0, 220));
      await load.drive(webhook, SECRET, [taps[0]!.update], 1);
      await bot.drain();
      statements.watch = undefined;
      console.log(`\n${name}: ${seen.length} statements`);
      seen.forEach((sql, i) => console.log(`  ${String(i + 1).padStart(2)}. ${sql}`));
    }
    console.log('');
  }
} catch (err) {
  if (!cleaning) console.error(err); // after a signal, only the errors of work cut short
  process.exitCode = 1;
} finally {
  await cleanUp();
}

async function seedSchool(core: Core) {
  const actor: Actor = systemActor('cli');
  const today = localDate(new Date(), TIME_ZONE);
  // A year around today that also holds the earlier lessons of the edit window.
  const y = Number(today.slice(0, 4)) - (today.slice(5) < '09-01' ? 1 : 0);
  const startDate = [`${y}-09-01`, addDays(today, -30)].sort()[0]!;
  const endDate = [`${y + 1}-08-31`, addDays(today, 30)].sort().at(-1)!;
  return core.unitOfWork(async () => {
    const create = async (kind: Parameters<typeof core.records.create>[0], input: Record<string, unknown>) =>
      ((await core.records.create(kind, input, actor)) as { id: number }).id;
    const school = await create('School', { name: 'Школа для замеров', timeZone: TIME_ZONE });
    const year = await create('AcademicYear', { school, name: `${y}/${y + 1}`, startDate, endDate });
    const group = await create('Group', { school, year, name: '7А', gradeLevel: 7 });
    const students: number[] = [];
    for (let i = 0; i < CLASS_SIZE; i++) {
      const girl = i % 2 === 1;
      const surname = SURNAMES[Math.floor(i / 2) % SURNAMES.length]!;
      const student = await create('Student', {
        school, lastName: girl ? `${surname}а` : surname, firstName: NAMES[i % NAMES.length]![girl ? 1 : 0], birthDate: `${y - 13}-0${(i % 9) + 1}-1${i % 10}`, sex: girl ? 'f' : 'm',
      });
      await create('Enrollment', { school, student, group, startDate, startReason: 'admission' });
      students.push(student);
    }
    const workTypeId = await create('WorkType', { school, name: 'Ответ на уроке', weight: 1 });
    const teacherIds: number[] = [];
    const assignmentIds: number[] = [];
    for (let k = 0; k < TEACHERS; k++) {
      const { user } = teacherUser(k);
      const teacher = await create('Staff', { school, lastName: user.last_name, firstName: user.first_name, middleName: 'Ивановна', roles: ['teacher'] });
      const subject = await create('Subject', { school, name: SUBJECTS[k]! });
      const assignment = await create('TeachingAssignment', { school, year, teacher, subject, group, plannedHours: 170 });
      // Today's first lessons, the rest on the next day (a class has at most eight lessons a day).
      await create('TimetableSlot', { school, assignment, group, weekday: ((isoWeekday(today) - 1 + Math.floor(k / 8)) % 7) + 1, lessonNumber: (k % 8) + 1, validFrom: startDate });
      teacherIds.push(teacher);
      assignmentIds.push(assignment);
    }
    return { today, teacherIds, students, assignmentIds, workTypeId };
  });
}

/**
 * Issue 17, point 1, judged on this run: ≤ 10 SQL statements a tap; p99 ≤ 30 ms at concurrency 1; 300 taps a
 * second at 16 concurrent with p99 ≤ 50 ms, i.e. the paced scenarios keep their pace (99 % of it: the run's
 * last taps end after the pace's last second) with p99 ≤ 50 ms.
 */
function printGoals(table: Row[]): void {
  const taps = table.filter((r) => r.scenario.startsWith('mark') || r.scenario.startsWith('roll call'));
  const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL');
  const statements = Math.max(...taps.map((r) => r.sqlPerUpdate ?? Infinity));
  console.log(`${verdict(statements <= 10)}: ≤ 10 SQL statements a tap (the most: ${statements.toFixed(1)})`);
  for (const r of taps.filter((t) => t.concurrency === 1)) {
    console.log(`${verdict(r.p99 <= 30)}: p99 ≤ 30 ms at concurrency 1, ${r.scenario} (${r.p99.toFixed(1)} ms)`);
  }
  for (const r of taps.filter((t) => t.pace !== undefined)) {
    const held = r.perSecond >= 0.99 * r.pace! && r.p99 <= 50;
    // Point 1 is one server process's; more instances are how it scales, told but not judged.
    const mark = (r.instances ?? 1) > 1 ? `(not point 1: ${held ? 'held' : 'missed'})` : verdict(held);
    console.log(`${mark}: ${r.pace} taps/s at 16 concurrent with p99 ≤ 50 ms, ${r.scenario} (${r.perSecond.toFixed(1)}/s, p99 ${r.p99.toFixed(1)} ms)`);
    const s = r.stalls!;
    // A tail much longer than the longest stall is the taps queueing for the thread (see thread busy), not a pause.
    console.log(`      the server's stalls meanwhile: ${s.gcPauses} collector pauses, the longest ${s.gcLongestMs.toFixed(1)} ms; event loop delay p99 ${s.loopDelayP99Ms.toFixed(1)} ms, the longest ${s.loopDelayLongestMs.toFixed(1)} ms`);
  }
  console.log('');
}

function printTable(table: Row[]): void {
  const header = ['scenario', 'C', 'updates', 'updates/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'failed', 'SQL/update', 'round trips', 'CPU ms/update', 'outside CPU ms/update', 'PG CPU ms/update', 'all PG ms/update', 'thread run ms/update', 'thread wait ms/update', 'thread busy', '÷ floor', 'lost', 'duplicated', 'load 1 min'];
  const cells = table.map((r) => [
    r.scenario, String(r.concurrency), String(r.updates), r.perSecond.toFixed(1), r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.max.toFixed(1),
    String(r.failed), r.sqlPerUpdate === undefined ? '(5)' : r.sqlPerUpdate.toFixed(1), r.roundTripsPerUpdate === undefined ? '(5)' : r.roundTripsPerUpdate.toFixed(1), r.cpuMsPerUpdate.toFixed(2), r.outsideCpuMsPerUpdate.toFixed(2), r.pgCpuMsPerUpdate.toFixed(2), r.allPgCpuMsPerUpdate.toFixed(2),
    r.threadRunMs?.toFixed(2) ?? '–', r.threadWaitMs?.toFixed(2) ?? '–', r.threadRunMs === undefined ? '–' : `${(((r.threadRunMs + r.threadWaitMs!) * r.perSecond) / 10 / (r.instances ?? 1)).toFixed(0)} %`, r.ofFloor.toFixed(3),
    String(r.lost), String(r.duplicated), r.load.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const c of cells) console.log(line(c));
  console.log('the floor\'s CPU is its own process\'s; the server\'s is this process\'s (the load generator runs apart); outside CPU is the load process\'s (load generator and fake Bot API: Telegram\'s side, which shares this machine\'s cores); PG CPU is the backends\' of the scenario\'s database, all PG every postgres process\'s on the machine (other databases\' work included); thread run and wait are the server\'s main thread (the floor\'s for the floor) on a CPU and runnable but waiting for one, per update, and thread busy their sum × updates/s: a single-threaded server at 100 % queues its updates however idle the cores look');
  console.log('');
}
