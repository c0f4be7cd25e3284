// Feeds journal taps through the real webhook route, as Telegram delivers them: full callback_query
// updates POSTed with the secret header to /telegram/webhook of the real HTTP server (buildServer), which
// hands them to the real bot (createBot) and core on a real PostgreSQL. The bot's own calls to the Bot API
// go to a fake Bot API on 127.0.0.1 that answers like Telegram. Prints, per scenario and concurrency,
// updates per second and the latency of each webhook request (send → HTTP answer, which comes after the
// update is handled), failures, and marks lost or duplicated as counted in the database afterwards.
// Run alone: npx tsx bench/journal-webhook.ts [marks=1000] [attendance taps=500], each count at C=1 and C=8.
// The defaults keep `npm run bench` to a few minutes on a 2-core machine (≈ 10–20 updates/s); the issue's
// full run is `npx tsx bench/journal-webhook.ts 3000 1000` (≈ 9 minutes expected on a quiet 2-core machine).
// DATABASE_URL set: a throwaway database on that server (dropped at the end); otherwise embedded PostgreSQL
// in a temp directory.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Update } from 'telegraf/types';
import { buildServer } from '../admin/server.js';
import { encodeJournal } from '../bot/callback-data/journal.js';
import { createBot } from '../bot/create-bot.js';
import { WEBHOOK_PATH } from '../bot/launch.js';
import { systemActor, type Actor } from '../core/access/actor.js';
import { openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { loadConfig } from '../core/base/config.js';
import { configFromEnvironment } from '../core/config.js';
import { createCore, type Core } from '../core/core.js';
import { systemClock } from '../core/time/clock.js';
import { addDays, isoWeekday, localDate } from '../core/time/local-date.js';
import { createLogger } from '../core/base/logger.js';
import { countSqlStatements } from './support/sql-statements.js';

const MARKS = Number(process.argv[2] ?? 1_000);
const TAPS = Number(process.argv[3] ?? 500);
if (![MARKS, TAPS].every((n) => Number.isInteger(n) && n > 0)) throw new Error('usage: journal-webhook.ts [marks] [attendance taps], both positive integers');
const CONCURRENCY = [1, 8];
const WARM_UP = 60;
const REDELIVERED = 200;
const CLASS_SIZE = 30;
/** A lesson gets at most two marks a student (the class walked twice), as a real lesson might. */
const MARKS_PER_LESSON = 2 * CLASS_SIZE;
const TIME_ZONE = 'Europe/Moscow';

const BOT_ID = 987654321;
const TOKEN = `${BOT_ID}:BENCH-${randomBytes(16).toString('hex')}`;
const SECRET = randomBytes(24).toString('base64url');
const TEACHER = 700_001; // the teacher's Telegram user id
const BOT_USER = { id: BOT_ID, is_bot: true, first_name: 'Классный журнал', username: 'bench_bot' };
const TEACHER_USER = { id: TEACHER, is_bot: false, first_name: 'Мария', last_name: 'Учителева', language_code: 'ru' };
const CHAT = { id: TEACHER, type: 'private' as const, first_name: 'Мария', last_name: 'Учителева' };

const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов'];
const NAMES = [['Александр', 'Анастасия'], ['Максим', 'Мария'], ['Иван', 'Анна'], ['Артём', 'Виктория'], ['Дмитрий', 'Екатерина']] as const;

const statements = countSqlStatements();

// ── the outside world: a fake Telegram Bot API ──────────────────────────────────────────────────────

interface FakeBotApi {
  url: string;
  /** Calls per Bot API method. */
  calls: Map<string, number>;
  /** callback_query_id → the text of each answerCallbackQuery ('' when none, the answer to a tap that worked). */
  answers: Map<string, string[]>;
  close(): Promise<void>;
}

/** Answers every /bot<token>/<method> POST as Telegram does on success; anything else gets Telegram's 404. */
async function startFakeBotApi(token: string): Promise<FakeBotApi> {
  const calls = new Map<string, number>();
  const answers = new Map<string, string[]>();
  const prefix = `/bot${token}/`;
  let messageId = 10_000;
  const now = () => Math.floor(Date.now() / 1000);
  const resultFor = (method: string, p: Record<string, any>): unknown => {
    const chat = { ...CHAT, id: Number(p.chat_id ?? TEACHER) };
    switch (method) {
      case 'getMe':
        return { ...BOT_USER, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false };
      case 'sendMessage':
        return { message_id: messageId++, from: BOT_USER, chat, date: now(), text: p.text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
      case 'editMessageText':
        return { message_id: Number(p.message_id), from: BOT_USER, chat, date: now(), edit_date: now(), text: p.text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
      default:
        return true;
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (req.method !== 'POST' || !url.startsWith(prefix)) {
        send(404, { ok: false, error_code: 404, description: 'Not Found' });
        return;
      }
      const method = url.slice(prefix.length);
      let payload: Record<string, any> = {};
      try {
        const raw = Buffer.concat(chunks).toString('utf8');
        payload = raw ? (JSON.parse(raw) as Record<string, any>) : {};
      } catch {
        send(400, { ok: false, error_code: 400, description: 'Bad Request: can\'t parse JSON' });
        return;
      }
      calls.set(method, (calls.get(method) ?? 0) + 1);
      if (method === 'answerCallbackQuery') {
        const id = String(payload.callback_query_id);
        answers.set(id, [...(answers.get(id) ?? []), typeof payload.text === 'string' ? payload.text : '']);
      }
      send(200, { ok: true, result: resultFor(method, payload) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    answers,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

// ── updates as Telegram sends them ──────────────────────────────────────────────────────────────────

let nextUpdateId = 600_000_000;
const cbId = (updateId: number) => `${BOT_ID}${updateId}`;

function textUpdate(text: string): Update {
  const update_id = nextUpdateId++;
  const command = /^\/\w+/.exec(text)?.[0];
  return {
    update_id,
    message: {
      message_id: update_id, from: TEACHER_USER, chat: CHAT, date: Math.floor(Date.now() / 1000), text,
      ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command.length }] } : {}),
    },
  };
}

/** A tap on a journal button, and the (lesson, student) cell it changes. */
interface Tap {
  update: Update;
  cell: string;
}

function tapUpdate(data: string): Update {
  const update_id = nextUpdateId++;
  return {
    update_id,
    callback_query: {
      id: cbId(update_id),
      from: TEACHER_USER,
      message: { message_id: 5_000, from: BOT_USER, chat: CHAT, date: Math.floor(Date.now() / 1000) - 60, text: '…' },
      chat_instance: '-4711812238157431237',
      data,
    },
  };
}

// ── the load: POSTs to the webhook, `concurrency` at a time ─────────────────────────────────────────

interface Sent {
  status: number;
  ms: number;
}

async function drive(webhook: string, updates: Update[], concurrency: number): Promise<{ sent: Sent[]; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL(webhook);
  const post = (update: Update) => new Promise<Sent>((resolve) => {
    const body = JSON.stringify(update);
    const started = performance.now();
    const req = http.request({
      agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-telegram-bot-api-secret-token': SECRET },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
  const sent: Sent[] = new Array<Sent>(updates.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < updates.length) {
      const i = next++;
      sent[i] = await post(updates[i]!);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { sent, seconds };
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
  sqlPerUpdate: number;
  lost: number;
  duplicated: number;
  rssMb: number;
}

const rows: Row[] = [];
const failureReasons = new Map<string, number>();
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

try {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-bench-'));
  cleanups.push({ what: 'temp dir', run: () => fs.rm(tmp, { recursive: true, force: true }) });
  await fs.chmod(tmp, 0o755); // under root PostgreSQL runs as "postgres", which must reach its data directory
  const log = createLogger('warn');

  // DATABASE_URL, read the only way the project reads its environment.
  const fromEnv = configFromEnvironment().database;
  const databaseUrl = 'url' in fromEnv ? fromEnv.url : undefined;
  const dbEnv = databaseUrl ? { DATABASE_URL: databaseUrl } : { EMBEDDED_PG_DIR: path.join(tmp, 'pg') };

  const fake = await startFakeBotApi(TOKEN);
  cleanups.push({ what: 'fake Bot API', run: () => fake.close() });
  const config = loadConfig({
    ...dbEnv, NODE_ENV: 'test', LOG_LEVEL: 'warn',
    PUBLIC_URL: 'https://klassny-bench.example', TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: fake.url,
  });

  const { orm, connection, embedded } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);
  console.log(`database: ${embedded ? 'embedded PostgreSQL (temp dir)' : `${connection.host}:${connection.port}/${connection.database}`}`);

  // The school, through the record service as the panel makes it.
  const school = await seedSchool(core);

  // The real bot and HTTP server, in webhook mode.
  const bot = createBot(core);
  cleanups.push({ what: 'bot', run: () => bot.drain() });
  const app = await buildServer(core, { webhook: { path: WEBHOOK_PATH, handleUpdate: (update) => bot.handleUpdate(update) }, botUsername: () => 'bench_bot' });
  cleanups.push({ what: 'HTTP server', run: () => app.close() });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const webhook = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${WEBHOOK_PATH}`;

  // The teacher signs in with the invitation's deep link, through the webhook too.
  const { code } = await core.unitOfWork(() => core.invites.issue('staff', school.teacherId, systemActor('cli'), 'bench_bot'));
  const signIn = await drive(webhook, [textUpdate(`/start ${code}`)], 1);
  const identity = await core.unitOfWork(() => core.botIdentities.current(TEACHER));
  if (signIn.sent[0]?.status !== 200 || !identity?.actor) throw new Error(`the teacher could not sign in (HTTP ${signIn.sent[0]?.status})`);
  const teacher = identity.actor;

  // Lessons the teacher opens: today's first, then earlier lessons still inside the edit window.
  const lessonSlots = (function* () {
    for (let day = 0; day < 10; day++) for (let n = 1; n <= 20; n++) yield { date: addDays(school.today, -day), lessonNumber: n };
  })();
  const openLessons = async (count: number) => {
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const slot = lessonSlots.next();
      if (slot.done) throw new Error('out of lessons to open: ask for fewer updates');
      ids.push((await core.unitOfWork(() => core.journal.lessons.openLesson(school.assignmentId, slot.value.date, slot.value.lessonNumber, teacher))).id);
    }
    return ids;
  };

  const tap = (lessonId: number, studentId: number, data: string): Tap => ({ update: tapUpdate(data), cell: `${lessonId}:${studentId}` });
  const markTaps = (lessons: number[], count: number) => Array.from({ length: count }, (_, i) => {
    const lessonId = lessons[Math.floor(i / MARKS_PER_LESSON)]!;
    const studentId = school.students[i % CLASS_SIZE]!;
    // The student's marks in the lesson before this tap: the button says how many it saw (a repeated press gives none).
    const seen = Math.floor((i % MARKS_PER_LESSON) / CLASS_SIZE);
    return tap(lessonId, studentId, encodeJournal('mg', { lessonId, studentId, workTypeId: school.workTypeId, value: 2 + (i % 4), second: 0, seen }));
  });
  // Each tap on a student not yet marked (version 0): present → «н».
  const rollCallTaps = (lessons: number[], count: number) => Array.from({ length: count }, (_, i) => {
    const lessonId = lessons[Math.floor(i / CLASS_SIZE)]!;
    const studentId = school.students[i % CLASS_SIZE]!;
    return tap(lessonId, studentId, encodeJournal('rs', { lessonId, studentId, version: 0, code: 0, page: Math.floor((i % CLASS_SIZE) / 16) }));
  });

  /** HTTP 200 and one answer to the tap, without a text: a refusal or an error would have one. */
  const succeeded = (update: Update, sent: Sent) => {
    const answers = fake.answers.get(cbId(update.update_id)) ?? [];
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

  const scenario = async (name: string, table: 'mark' | 'attendance', lessons: number[], taps: Tap[], concurrency: number, report = true) => {
    const updates = taps.map((t) => t.update);
    const statementsBefore = statements();
    const { sent, seconds } = await drive(webhook, updates, concurrency);
    const sqlPerUpdate = (statements() - statementsBefore) / updates.length;
    await bot.drain();
    const expected = new Map<string, number>();
    let failed = 0;
    taps.forEach(({ update, cell }, i) => {
      if (succeeded(update, sent[i]!)) expected.set(cell, (expected.get(cell) ?? 0) + 1);
      else failed++;
    });
    const { lost, duplicated } = await reconcile(table, lessons, expected);
    const sorted = sent.map((s) => s.ms).sort((a, b) => a - b);
    const row: Row = {
      scenario: name, concurrency, updates: updates.length, perSecond: updates.length / seconds,
      p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN,
      failed, sqlPerUpdate, lost, duplicated, rssMb: process.resourceUsage().maxRSS / 1024,
    };
    if (report) {
      rows.push(row);
      console.log(`  ${name} ×${concurrency}: ${updates.length} updates in ${seconds.toFixed(1)} s`);
    } else if (failed === updates.length) {
      throw new Error(`every warm-up update failed: ${[...failureReasons.keys()].join('; ')}`);
    }
    return row;
  };

  // Warm-up (not reported): JIT, connection pool, prepared caches.
  {
    const lessons = await openLessons(Math.ceil(WARM_UP / MARKS_PER_LESSON));
    await scenario('warm-up', 'mark', lessons, markTaps(lessons, WARM_UP), 1, false);
  }
  console.log(`class of ${CLASS_SIZE}, at most ${MARKS_PER_LESSON} marks a lesson, ${WARM_UP} warm-up updates not counted`);
  const load = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), load average ${load()} before the first scenario`);
  let redelivered = { lessons: [] as number[], taps: [] as Tap[] };
  for (const c of CONCURRENCY) {
    const lessons = await openLessons(Math.ceil(MARKS / MARKS_PER_LESSON));
    const taps = markTaps(lessons, MARKS);
    await scenario('mark (mg)', 'mark', lessons, taps, c);
    redelivered = { lessons, taps };
  }
  for (const c of CONCURRENCY) {
    const lessons = await openLessons(Math.ceil(TAPS / CLASS_SIZE));
    await scenario('attendance (rs)', 'attendance', lessons, rollCallTaps(lessons, TAPS), c);
  }

  printTable(rows);
  // Telegram delivers an update again when the answer was slow or lost: the update ledger must ignore it.
  {
    const again = redelivered.taps.slice(0, REDELIVERED);
    const before = await countRows('mark', redelivered.lessons);
    const { sent } = await drive(webhook, again.map((t) => t.update), 8);
    await bot.drain();
    const added = (await countRows('mark', redelivered.lessons)) - before;
    const refused = sent.filter((r) => r.status !== 200).length;
    console.log(`redelivery: ${again.length} mark updates POSTed again with their update_id → ${refused} not HTTP 200, ${added} marks added (must be 0)`);
    if (added !== 0 || refused !== 0) process.exitCode = 1;
  }
  console.log(`load average at the end: ${load()} (other processes on the machine slow the numbers)`);
  if (failureReasons.size) {
    console.log('failures:');
    for (const [reason, n] of failureReasons) console.log(`  ${n} × ${reason}`);
  }
  const calls = [...fake.calls].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ');
  console.log(`fake Bot API calls: ${calls}`);
  console.log(`peak RSS (this process: HTTP server, bot, core and the load generator; PostgreSQL apart): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (rows.some((r) => r.failed || r.lost || r.duplicated)) process.exitCode = 1;
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
    const teacherId = await create('Staff', { school, lastName: 'Учителева', firstName: 'Мария', middleName: 'Ивановна', roles: ['teacher'] });
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
    const subject = await create('Subject', { school, name: 'Математика' });
    const assignmentId = await create('TeachingAssignment', { school, year, teacher: teacherId, subject, group, plannedHours: 170 });
    const workTypeId = await create('WorkType', { school, name: 'Ответ на уроке', weight: 1 });
    await create('TimetableSlot', { school, assignment: assignmentId, group, weekday: isoWeekday(today), lessonNumber: 1, validFrom: startDate });
    return { today, teacherId, students, assignmentId, workTypeId };
  });
}

function printTable(table: Row[]): void {
  const header = ['scenario', 'C', 'updates', 'updates/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'failed', 'SQL/update', 'lost', 'duplicated', 'peak RSS MB'];
  const cells = table.map((r) => [
    r.scenario, String(r.concurrency), String(r.updates), r.perSecond.toFixed(1), r.p50.toFixed(1), r.p95.toFixed(1), r.p99.toFixed(1), r.max.toFixed(1),
    String(r.failed), r.sqlPerUpdate.toFixed(1), String(r.lost), String(r.duplicated), r.rssMb.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '─'.repeat(w)).join('  ')}`);
  for (const c of cells) console.log(line(c));
  console.log('');
}
