// Memory under a steady load (issue 17, point 3): the built server (`node dist/main.js` with the node flags of
// package.json's start script, what `npm start` runs) in its own process, in webhook mode with the real bot,
// takes TAPS_PER_SECOND journal taps a second (marks and roll call, from a few teachers, each over two classes)
// POSTed to /telegram/webhook as Telegram sends them; every student has a guardian bound in Telegram with
// consent, so the marks and absences flow as notifications through the dispatcher to a fake Bot API (which keeps
// counts only). Every 5 s it samples the server process's RSS (/proc/<pid>/status VmRSS), V8's heap in use and
// the collections so far (/metrics).
// The judgement: the level is the MEAN of minute 2's samples (12), not the sample at 2:00, which lands anywhere
// on the heap's sawtooth (a collection just before it makes the goal unreachable, just after it trivially met),
// nor minute 2's max, which would let one early peak excuse every later one. Against it: the max and the last
// sample after minute 2, and the verdict (the max within 10 %), plus the minor and major collections after it.
// Run alone: npx tsx bench/memory.ts [minutes=4] [--gc-trace] [--node=<flag>…] [--snapshots];
// the issue's run is `npx tsx bench/memory.ts 20`.
// --gc-trace: the server runs with --trace-gc-nvp, and each minute prints what the collector saw: scavenges and
// mark-compacts with their pauses, bytes allocated and bytes promoted to old space a tap (what only a major
// collection frees: the sawtooth's cause).
// --node=<flag>: a node flag for the server after npm start's own (a later V8 flag wins), to try a setting.
// --snapshots: heap snapshots of the server at 2 minutes and at the end (SIGUSR2, --heapsnapshot-signal),
// kept in a directory it prints; compare them with `npx tsx bench/support/heap-diff.ts <early> <late>`.
// Writing a snapshot costs the server a few hundred MB of RSS that it keeps, so with --snapshots the RSS after
// 2 minutes says nothing: judge the V8 heap then, and the RSS on a run without them.
// DATABASE_URL set: a throwaway database on that server (dropped at the end); otherwise embedded PostgreSQL
// in a temp directory, which the server shares (its processes are apart from the server's RSS).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Update } from 'telegraf/types';
import { encodeJournal } from '../bot/callback-data/journal.js';
import { WEBHOOK_PATH } from '../bot/launch.js';
import { systemActor, type Actor } from '../core/access/actor.js';
import { configFromEnvironment } from '../core/config.js';
import { createCore, type Core } from '../core/core.js';
import { systemClock } from '../core/time/clock.js';
import { addDays, isoWeekday, localDate } from '../core/time/local-date.js';
import { createLogger } from '../core/base/logger.js';
import { benchConfig, benchTempDir, cleanUpOnce, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { startCountingBotApi } from './support/counting-bot-api.js';
import { freePort } from './support/free-port.js';
import { tallyGcTrace, type GcTally } from './support/gc-trace.js';
import { npmStartNodeFlags } from './support/start-command.js';

const args = process.argv.slice(2);
const MINUTES = Number(args.find((a) => !a.startsWith('--')) ?? 4);
const SNAPSHOTS = args.includes('--snapshots');
const GC_TRACE = args.includes('--gc-trace');
const EXTRA_NODE_FLAGS = args.filter((a) => a.startsWith('--node=')).map((a) => a.slice('--node='.length));
if (!(MINUTES >= 3)) throw new Error('usage: memory.ts [minutes ≥ 3] [--snapshots] [--gc-trace] [--node=<flag>…]');
const TAPS_PER_SECOND = 20;
const MAX_IN_FLIGHT = 32;
const LEVEL_FROM_SECONDS = 60;
const LEVEL_AT_SECONDS = 120;
const SAMPLE_SECONDS = 5;
const TEACHERS = 3;
const GROUPS_PER_TEACHER = 2;
const CLASS_SIZE = 30;
const TIME_ZONE = 'Europe/Moscow';
const FIRST_TEACHER_CHAT = 700_001;
const FIRST_GUARDIAN_CHAT = 800_000_001;

const BOT = { id: 987654321, username: 'bench_bot', first_name: 'Классный журнал' };
const TOKEN = `${BOT.id}:BENCH-${randomBytes(16).toString('hex')}`;
const SECRET = randomBytes(24).toString('base64url');
const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов'];

const cleanups: Cleanup[] = [];
const { cleanUp, started: cleaning } = cleanUpOnce(cleanups);

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
const mb = (bytes: number) => bytes / 1024 / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The Node process's resident set, from the kernel (what `top` shows), in bytes. */
async function processRss(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}


/** `onCall`: a 200 whose body is a Bot API call (the webhook's reply), which Telegram would run for the bot. */
function post(agent: http.Agent, url: URL, body: string, headers: Record<string, string> = {}, onCall?: (method: string, payload: Record<string, any>) => void): Promise<number> {
  return new Promise((resolve) => {
    const req = http.request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (onCall && res.statusCode === 200 && /^application\/json/.test(res.headers['content-type'] ?? '')) {
          const { method, ...payload } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
          if (typeof method === 'string') onCall(method, payload);
        }
        resolve(res.statusCode ?? 0);
      });
    });
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

async function get(url: string): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url);
    return { status: res.status, text: await res.text() };
  } catch {
    return { status: 0, text: '' };
  }
}

interface Sample {
  seconds: number;
  rss: number;
  heapUsed: number;
  /** What V8 holds from the system for its heap (used or not): with the code and native memory, most of the RSS. */
  heapCommitted: number;
  /** Collections so far, by prom-client's kinds (minor: scavenges; major: mark-compacts; incremental: marking steps). */
  gc: Record<'minor' | 'major' | 'incremental', number>;
  taps: number;
  messages: number;
  load: string;
}

try {
  const tmp = await benchTempDir(cleanups);
  const log = createLogger('warn');
  const fake = await startCountingBotApi(TOKEN, BOT);
  cleanups.push({ what: 'fake Bot API', run: () => fake.close() });
  const port = await freePort();
  const settings = {
    PUBLIC_URL: 'https://klassny-bench.example', TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.url,
    // Coalescing shortened from 120 s so that notifications flow from the first minute of a short run.
    NOTIFY_COALESCE_SECONDS: '10', NOTIFY_IDLE_SECONDS: '2', PORT: String(port), HOST: '127.0.0.1',
  };
  const config = benchConfig(tmp, settings);
  const { orm, connection, embedded } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);
  const school = await seedSchool(core);
  await bindGuardians(orm.em.fork(), school.schoolId);

  // The server as `npm start` runs it: build what changed (prestart), then node dist/main.js.
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the build failed');
  const fromEnv = configFromEnvironment().database;
  const database = 'url' in fromEnv
    ? { DATABASE_URL: Object.assign(new URL(fromEnv.url), { pathname: `/${connection.database}` }).toString() }
    : { EMBEDDED_PG_DIR: path.join(tmp, 'pg') };
  const snapshotDir = SNAPSHOTS ? await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-heap-')) : undefined;
  // npm start's V8 settings, then the run's own (a later flag wins), then the diagnostics asked for.
  const nodeFlags = [
    ...(await npmStartNodeFlags()), ...EXTRA_NODE_FLAGS,
    ...(snapshotDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${snapshotDir}`] : []),
    ...(GC_TRACE ? ['--trace-gc-nvp'] : []),
  ];
  const child = spawn(process.execPath, [...nodeFlags, 'dist/main.js'], {
    env: { ...process.env, ...database, ...settings, NODE_ENV: 'test', LOG_LEVEL: 'warn' },
    stdio: ['ignore', GC_TRACE ? 'pipe' : 'ignore', 'inherit'],
  });
  const gcTrace = GC_TRACE ? tallyGcTrace(child.stdout!) : undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  cleanups.push({
    what: 'server', run: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  });
  // A function: TypeScript would keep the first check's narrowing of the property for the whole run.
  const exitCode = (): number | null => child.exitCode;
  const pid = child.pid!;
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (exitCode() !== null) throw new Error(`the server exited (${exitCode()})`);
    if ((await get(`${base}/healthz`)).status === 200) break;
    if (i > 1200) throw new Error('the server did not answer /healthz in 2 minutes');
    await sleep(100);
  }
  console.log(`database: ${embedded ? 'embedded PostgreSQL (temp dir)' : `${connection.host}:${connection.port}/${connection.database}`}; server pid ${pid} (node ${nodeFlags.join(' ') || 'without flags'}), RSS at /healthz ${mb(await processRss(pid)).toFixed(0)} MB`);

  const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });
  const webhook = new URL(`${base}${WEBHOOK_PATH}`);
  let nextUpdateId = 600_000_000;
  const send = (update: Update) => post(agent, webhook, JSON.stringify(update), { 'x-telegram-bot-api-secret-token': SECRET }, fake.record);
  const from = (chat: number) => ({ id: chat, is_bot: false, first_name: 'Мария', last_name: 'Учителева', language_code: 'ru' });
  const privateChat = (chat: number) => ({ id: chat, type: 'private' as const, first_name: 'Мария', last_name: 'Учителева' });

  // The teachers sign in with their invitations' deep links, through the webhook.
  const teachers: Actor[] = [];
  for (const [t, staffId] of school.teacherIds.entries()) {
    const chat = FIRST_TEACHER_CHAT + t;
    const { code } = await core.unitOfWork(() => core.invites.issue('staff', staffId, systemActor('cli'), BOT.username));
    const text = `/start ${code}`;
    const status = await send({
      update_id: nextUpdateId++,
      message: { message_id: nextUpdateId, from: from(chat), chat: privateChat(chat), date: Math.floor(Date.now() / 1000), text, entities: [{ type: 'bot_command', offset: 0, length: 6 }] },
    });
    const actor = (await core.unitOfWork(() => core.botIdentities.current(chat)))?.actor;
    if (status !== 200 || !actor) throw new Error(`teacher ${t + 1} could not sign in (HTTP ${status})`);
    teachers.push(actor);
  }

  // One stream of taps per class: a lesson gets each student's mark twice, then the roll call (one absence
  // each), then the next lesson. The same student's taps are a class-round apart, so never in flight together.
  const tapsNeeded = TAPS_PER_SECOND * MINUTES * 60;
  const tapsPerLesson = 3 * CLASS_SIZE;
  const lessonsPerClass = Math.ceil(tapsNeeded / school.classes.length / tapsPerLesson) + 1;
  const days = Math.ceil(lessonsPerClass / 8);
  if (days > 12) throw new Error('more lessons than the edit window holds: ask for fewer minutes');
  const openStarted = performance.now();
  const streams = await Promise.all(school.classes.map(async (c) => {
    const lessons: number[] = [];
    for (let i = 0; i < lessonsPerClass; i++) {
      const date = addDays(school.today, -Math.floor(i / 8));
      lessons.push((await core.unitOfWork(() => core.journal.lessons.openLesson(c.assignmentId, date, 1 + c.slot * 8 + (i % 8), teachers[c.teacher]!))).id);
    }
    return { ...c, lessons, next: 0 };
  }));
  console.log(`${TEACHERS} teachers × ${GROUPS_PER_TEACHER} classes of ${CLASS_SIZE}, a guardian bound for each student; ${lessonsPerClass} lessons a class opened in ${((performance.now() - openStarted) / 1000).toFixed(1)} s`);

  const tapFor = (s: (typeof streams)[number]): Update => {
    const n = s.next++;
    const lessonId = s.lessons[Math.floor(n / tapsPerLesson)]!;
    const k = n % tapsPerLesson;
    const studentId = s.students[k % CLASS_SIZE]!;
    const chat = FIRST_TEACHER_CHAT + s.teacher;
    const data = k < 2 * CLASS_SIZE
      ? encodeJournal('mg', { lessonId, studentId, workTypeId: school.workTypeId, value: 2 + (n % 4), second: 0, seen: Math.floor(k / CLASS_SIZE) })
      : encodeJournal('rs', { lessonId, studentId, version: 0, code: 0, page: Math.floor((k % CLASS_SIZE) / 16) });
    const update_id = nextUpdateId++;
    return {
      update_id,
      callback_query: {
        id: `${BOT.id}${update_id}`, from: from(chat), chat_instance: '-4711812238157431237', data,
        message: { message_id: 5_000, from: { ...BOT, is_bot: true }, chat: privateChat(chat), date: Math.floor(Date.now() / 1000) - 60, text: '…' },
      },
    };
  };

  // The load: a tap every 1/TAPS_PER_SECOND s, on a fixed schedule (not waiting for answers), at most
  // MAX_IN_FLIGHT unanswered; a slot that finds them all busy is skipped and counted.
  const fromMetrics = async () => {
    const text = (await get(`${base}/metrics`)).text;
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
    const count = (kind: string) => value(`nodejs_gc_duration_seconds_count{kind="${kind}"}`) || 0;
    return { heapUsed: value('nodejs_heap_size_used_bytes'), heapCommitted: value('nodejs_heap_size_total_bytes'), gc: { minor: count('minor'), major: count('major'), incremental: count('incremental') } };
  };
  const samples: Sample[] = [];
  let sent = 0;
  let answered = 0;
  let notOk = 0;
  let skipped = 0;
  let inFlight = 0;
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const snapshotsTaken: number[] = [];
  const gcAfterLevel: GcTally[] = [];
  const snapshot = async () => {
    if (!snapshotDir) return;
    const before = (await fs.readdir(snapshotDir)).length;
    child.kill('SIGUSR2');
    while ((await fs.readdir(snapshotDir)).length === before) await sleep(500);
    snapshotsTaken.push(Math.round(elapsed()));
  };
  const sampler = (async () => {
    for (let next = SAMPLE_SECONDS; next <= MINUTES * 60; next += SAMPLE_SECONDS) {
      await sleep(Math.max(0, next * 1000 - (performance.now() - started)));
      const sample = { seconds: next, rss: await processRss(pid), ...(await fromMetrics()), taps: answered, messages: fake.calls.get('sendMessage') ?? 0, load: load() };
      samples.push(sample);
      if (next % 60 === 0) {
        console.log(`  ${next / 60} min: RSS ${mb(sample.rss).toFixed(0)} MB, heap ${mb(sample.heapUsed).toFixed(0)} MB used of ${mb(sample.heapCommitted).toFixed(0)} MB, ${sample.taps} taps answered, ${sample.messages} messages sent, load average ${sample.load}`);
        if (gcTrace) {
          const minuteAgo = samples.find((s) => s.seconds === next - 60);
          const taps = sample.taps - (minuteAgo?.taps ?? 0);
          const tally = gcTrace.take();
          if (next > LEVEL_AT_SECONDS) gcAfterLevel.push(tally);
          console.log(`    ${describeGc(tally, taps)}`);
        }
      }
      if (next === LEVEL_AT_SECONDS) await snapshot();
    }
  })();
  const cpuBefore = await serverCpuSeconds(pid);
  let slot = 0;
  while (elapsed() < MINUTES * 60) {
    await sleep(Math.max(0, (slot * 1000) / TAPS_PER_SECOND - (performance.now() - started)));
    slot++;
    if (exitCode() !== null) throw new Error(`the server exited (${exitCode()})`);
    if (inFlight >= MAX_IN_FLIGHT) {
      skipped++;
      continue;
    }
    const stream = streams[slot % streams.length]!;
    inFlight++;
    sent++;
    void send(tapFor(stream)).then((status) => {
      inFlight--;
      answered++;
      if (status !== 200) notOk++;
    });
  }
  await sampler;
  while (inFlight > 0) await sleep(50);
  const cpuSeconds = (await serverCpuSeconds(pid)) - cpuBefore;
  await snapshot();
  agent.destroy();

  const levelMinute = samples.filter((s) => s.seconds > LEVEL_FROM_SECONDS && s.seconds <= LEVEL_AT_SECONDS);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const level = { rss: mean(levelMinute.map((s) => s.rss)), heapUsed: mean(levelMinute.map((s) => s.heapUsed)) };
  const atLevel = levelMinute.at(-1)!;
  const after = samples.filter((s) => s.seconds > LEVEL_AT_SECONDS);
  const maxRss = Math.max(...after.map((s) => s.rss));
  const maxHeap = Math.max(...after.map((s) => s.heapUsed));
  const last = samples.at(-1)!;
  const range = (xs: number[]) => `${mb(Math.min(...xs)).toFixed(0)}–${mb(Math.max(...xs)).toFixed(0)}`;
  const pct = (x: number, of: number) => `${x >= of ? '+' : ''}${(((x - of) / of) * 100).toFixed(1)} %`;
  const refused = [...fake.answeredWithText.values()].reduce((a, b) => a + b, 0);
  const pending = Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) n from notification where status = 'pending'`))[0]!.n);
  const marks = Number((await orm.em.fork().execute<{ n: string }[]>('select count(*) n from mark'))[0]!.n);
  const absences = Number((await orm.em.fork().execute<{ n: string }[]>('select count(*) n from attendance'))[0]!.n);
  console.log(`\n${MINUTES} min at ${TAPS_PER_SECOND} taps/s: ${sent} taps sent (${(sent / (MINUTES * 60)).toFixed(1)}/s), ${notOk} not HTTP 200, ${refused} answered with a refusal or error, ${skipped} slots skipped (${MAX_IN_FLIGHT} unanswered)`);
  console.log(`  in the database: ${marks} marks, ${absences} absences; ${fake.calls.get('sendMessage') ?? 0} messages sent to ${fake.messagesTo.size} chats, ${pending} notifications pending at the end`);
  console.log(`  server CPU: ${cpuSeconds.toFixed(0)} s over the run, ${((cpuSeconds / sent) * 1000).toFixed(1)} ms a tap (notifications included)`);
  console.log(`server process RSS: level ${mb(level.rss).toFixed(0)} MB (the mean of minute 2, samples ${range(levelMinute.map((s) => s.rss))} MB); after it: max ${mb(maxRss).toFixed(0)} MB (${pct(maxRss, level.rss)}), last ${mb(last.rss).toFixed(0)} MB (${pct(last.rss, level.rss)}) — goal, the max within 10 % of the level: ${maxRss <= level.rss * 1.1 ? 'MET' : 'NOT MET'}`);
  console.log(`server V8 heap used: level ${mb(level.heapUsed).toFixed(0)} MB (minute 2: ${range(levelMinute.map((s) => s.heapUsed))} MB); after it: ${range(after.map((s) => s.heapUsed))} MB, max ${mb(maxHeap).toFixed(0)} MB (${pct(maxHeap, level.heapUsed)}), last ${mb(last.heapUsed).toFixed(0)} MB (${pct(last.heapUsed, level.heapUsed)})`);
  const gcAfter = (kind: keyof Sample['gc']) => last.gc[kind] - atLevel.gc[kind];
  const tapsAfter = last.taps - atLevel.taps;
  console.log(`collections after minute 2 (prom-client): ${gcAfter('minor')} minor, ${gcAfter('major')} major, ${gcAfter('incremental')} incremental marking; ${tapsAfter} taps answered in that time`);
  if (gcAfterLevel.length) {
    const sum = gcAfterLevel.reduce((a, t) => ({
      scavenges: a.scavenges + t.scavenges, markCompacts: a.markCompacts + t.markCompacts, allocated: a.allocated + t.allocated,
      promoted: a.promoted + t.promoted, scavengePauseMs: a.scavengePauseMs + t.scavengePauseMs, markCompactPauseMs: a.markCompactPauseMs + t.markCompactPauseMs,
    }));
    console.log(`  --trace-gc-nvp after minute 2: ${describeGc(sum, tapsAfter)}`);
  }
  console.log(`samples every ${SAMPLE_SECONDS} s (s: RSS MB / heap MB): ${samples.map((s) => `${s.seconds}: ${mb(s.rss).toFixed(0)}/${mb(s.heapUsed).toFixed(0)}`).join(', ')}`);
  console.log(`load average at the start ${samples[0]?.load}, at the end ${load()} (a shared 2-core machine: other processes slow the numbers)`);
  if (refused) console.log(`refusals: ${[...fake.answeredWithText].map(([text, n]) => `${n} × «${text}»`).join('; ')}`);
  const calls = [...fake.calls].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ');
  console.log(`fake Bot API calls: ${calls}`);
  if (snapshotDir) console.log(`heap snapshots at ${snapshotsTaken.join(' s and ')} s in ${snapshotDir}: npx tsx bench/support/heap-diff.ts <early> <late>`);
  if (notOk || refused) process.exitCode = 1;
} catch (err) {
  if (!cleaning()) console.error(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}

/** One stretch of the collector's work, per tap answered in it. */
function describeGc(t: GcTally, taps: number): string {
  const perTap = (bytes: number) => (taps > 0 ? `${(bytes / 1024 / taps).toFixed(1)} KB a tap` : 'no taps');
  return `GC: ${t.scavenges} scavenges (${t.scavengePauseMs.toFixed(0)} ms), ${t.markCompacts} mark-compacts (${t.markCompactPauseMs.toFixed(0)} ms); `
    + `allocated ${(t.allocated / 1024 / 1024).toFixed(0)} MB (${perTap(t.allocated)}), promoted ${(t.promoted / 1024 / 1024).toFixed(1)} MB (${perTap(t.promoted)}), ${taps} taps`;
}

/** User + system CPU seconds the process has used, from /proc/<pid>/stat. */
async function serverCpuSeconds(pid: number): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/** A school whose TEACHERS teach GROUPS_PER_TEACHER classes each, through the record service as the panel makes it. */
async function seedSchool(core: Core) {
  const actor: Actor = systemActor('cli');
  const today = localDate(new Date(), TIME_ZONE);
  const y = Number(today.slice(0, 4)) - (today.slice(5) < '09-01' ? 1 : 0);
  const startDate = [`${y}-09-01`, addDays(today, -30)].sort()[0]!;
  const endDate = [`${y + 1}-08-31`, addDays(today, 30)].sort().at(-1)!;
  return core.unitOfWork(async () => {
    const create = async (kind: Parameters<typeof core.records.create>[0], input: Record<string, unknown>) =>
      ((await core.records.create(kind, input, actor)) as { id: number }).id;
    const school = await create('School', { name: 'Школа для замеров', timeZone: TIME_ZONE, quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    const year = await create('AcademicYear', { school, name: `${y}/${y + 1}`, startDate, endDate });
    const subject = await create('Subject', { school, name: 'Математика' });
    const workTypeId = await create('WorkType', { school, name: 'Ответ на уроке', weight: 1 });
    const teacherIds: number[] = [];
    const classes: { teacher: number; slot: number; assignmentId: number; students: number[] }[] = [];
    for (let t = 0; t < TEACHERS; t++) {
      const teacher = await create('Staff', { school, lastName: ['Учителева', 'Наставникова', 'Просветова'][t]!, firstName: 'Мария', middleName: 'Ивановна', roles: ['teacher'] });
      teacherIds.push(teacher);
      for (let g = 0; g < GROUPS_PER_TEACHER; g++) {
        const group = await create('Group', { school, year, name: `${5 + t}${'АБВГ'[g]}`, gradeLevel: 5 + t });
        const students: number[] = [];
        for (let i = 0; i < CLASS_SIZE; i++) {
          const girl = i % 2 === 1;
          const surname = SURNAMES[Math.floor(i / 2) % SURNAMES.length]!;
          const student = await create('Student', { school, lastName: girl ? `${surname}а` : surname, firstName: girl ? 'Анна' : 'Иван', birthDate: `${y - 12}-0${(i % 9) + 1}-1${i % 10}`, sex: girl ? 'f' : 'm' });
          await create('Enrollment', { school, student, group, startDate, startReason: 'admission' });
          students.push(student);
        }
        const assignmentId = await create('TeachingAssignment', { school, year, teacher, subject, group, plannedHours: 170 });
        await create('TimetableSlot', { school, assignment: assignmentId, group, weekday: isoWeekday(today), lessonNumber: 1 + g, validFrom: startDate });
        classes.push({ teacher: t, slot: g, assignmentId, students });
      }
    }
    return { schoolId: school, today, teacherIds, classes, workTypeId };
  });
}

/** A guardian for every student, consent given, bound in Telegram (a chat each), as bench/notifications.ts does. */
async function bindGuardians(em: EntityManager, schoolId: number) {
  await em.transactional(async (em) => {
    await em.execute(`insert into guardian (school_id, last_name, first_name) select ?, 'Родитель' || s.id, 'Анна' from student s where s.school_id = ?`, [schoolId, schoolId]);
    await em.execute(`insert into student_guardian (school_id, student_id, guardian_id, relation) select ?, s.id, g.id, 'mother'
      from student s join guardian g on g.last_name = 'Родитель' || s.id and g.school_id = s.school_id where s.school_id = ?`, [schoolId, schoolId]);
    await em.execute(`insert into consent (school_id, guardian_id, status, date) select ?, id, 'given', '2026-09-01' from guardian where school_id = ?`, [schoolId, schoolId]);
    await em.execute(`insert into telegram_account (id) select ? + row_number() over (order by id) from guardian where school_id = ?`, [FIRST_GUARDIAN_CHAT, schoolId]);
    await em.execute(`insert into telegram_binding (telegram_account_id, school_id, person_kind, person_id)
      select ? + row_number() over (order by id), ?, 'guardian', id from guardian where school_id = ?`, [FIRST_GUARDIAN_CHAT, schoolId, schoolId]);
  });
}
