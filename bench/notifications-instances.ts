// Issue 17 point 5: several instances of the product share Telegram's limits through PostgreSQL. Enqueues
// notifications for GUARDIANS guardians (marks coalesced into one message per chat, and an announcement each:
// two messages a chat), then starts INSTANCES dispatchers, each in a process of its own with its own
// connection pool (bench/support/dispatcher-instance.ts), all with the product's settings (30/s for the bot,
// 1/s per chat, nothing divided by hand), on one database against one Bot API emulator with Telegram's limits
// on, which answers 429 above them. Prints the send rate as a share of the limit (≥ 90 % to pass), the 429s,
// the messages lost and doubled (0 to pass), the most messages in any one-second window (for the bot and for
// one chat), each instance's share and the send moments it came to too late to use (let go: the bot-wide limit
// holds in any one-second window only if a send leaves at most 40 ms after its moment), the shared schedule's
// statements a second, and the load average.
// Run alone: npx tsx bench/notifications-instances.ts [guardians=900] [instances=3] [limit=30]
// DATABASE_URL set: a throwaway database on that server (dropped at the end); otherwise embedded PostgreSQL.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../core/base/logger.js';
import { startEmulator } from '../telegram-emulator/index.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import type { InstanceReport } from './support/dispatcher-instance.js';
import { deliveryStats, enqueueNotificationSchool, lostAndDoubled } from './support/notification-school.js';
import { maxInAnySecond } from '../test/support/max-in-any-second.js';
import { BOT_PACE_SHARE } from '../core/notifications/pacer.js';

const GUARDIANS = Number(process.argv[2] ?? 900);
const INSTANCES = Number(process.argv[3] ?? 3);
const LIMIT = Number(process.argv[4] ?? 30);
const PER_CHAT = 1;
const ROWS = GUARDIANS * 3; // two marks and an announcement each: two messages

const cleanups: Cleanup[] = [];
async function cleanUp() {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`clean-up of ${what} failed:`, err));
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

function raisePriority(): boolean {
  try {
    os.setPriority(-10);
    return true;
  } catch {
    return false;
  }
}

/** A message from the child, or its death. */
function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a dispatcher instance exited (${code})`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

try {
  // The emulator stands for Telegram, whose servers do not share this machine's 2 cores: it runs ahead of the
  // dispatchers (if this process may), so that a busy machine does not hold their requests and judge them together.
  const judgeFirst = raisePriority();
  const log = createLogger('warn');
  const emulator = await startEmulator({ limits: { globalPerSecond: LIMIT, perChatPerSecond: PER_CHAT } });
  cleanups.push({ what: 'Bot API emulator', run: () => emulator.stop() });
  const settings = {
    TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.url,
    NOTIFY_GLOBAL_PER_SECOND: String(LIMIT), NOTIFY_PER_CHAT_PER_SECOND: String(PER_CHAT), NOTIFY_POLL_INTERVAL_MS: '200',
  };
  const config = benchConfig(await benchTempDir(cleanups), settings);
  const { orm, connection } = await openBenchDatabase(config, log, cleanups);
  const { enqueued, messages, enqueueSeconds } = await enqueueNotificationSchool(orm, config, GUARDIANS, ROWS);
  console.log(`enqueued ${enqueued} notifications for ${GUARDIANS} guardians in ${enqueueSeconds.toFixed(1)} s: ${messages} messages to send, ≥ ${Math.ceil(messages / LIMIT)} s at the limit`);
  console.log(`${INSTANCES} dispatcher instances (a process each), every one set to ${LIMIT}/s for the bot and ${PER_CHAT}/s per chat; the emulator enforces the same and answers 429 above them`);

  const instances = Array.from({ length: INSTANCES }, () => fork(path.join(import.meta.dirname, 'support', 'dispatcher-instance.ts'), [JSON.stringify({ connection, settings })], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  // The instances run at the normal priority, like the product's processes.
  if (judgeFirst) for (const child of instances) os.setPriority(child.pid!, 0);
  cleanups.push({ what: 'dispatcher instances', run: async () => { for (const child of instances) if (child.exitCode === null) child.kill(); } });
  await Promise.all(instances.map((child) => next<string>(child)));
  const statements = async () => Number((await orm.em.fork().execute<{ n: string | null }[]>(`select n_tup_ins + n_tup_upd n from pg_stat_user_tables where relname = 'pacer_state'`))[0]?.n ?? 0);
  const statementsBefore = await statements();

  const started = performance.now();
  for (const child of instances) child.send('start');
  let lastReport = performance.now();
  for (;;) {
    const pending = Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) n from notification where status = 'pending'`))[0]!.n);
    if (pending === 0) break;
    if (performance.now() - lastReport >= 15_000) {
      lastReport = performance.now();
      console.log(`  … ${emulator.called('sendMessage').filter((c) => c.response?.ok).length} messages sent, ${pending} notifications pending (load ${load()})`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const reports = await Promise.all(instances.map((child) => {
    const report = next<InstanceReport>(child);
    child.send('stop');
    return report;
  }));
  // The statistics collector flushes a second or so after the statements.
  await new Promise((r) => setTimeout(r, 1500));
  const scheduleStatements = (await statements()) - statementsBefore;

  const { delivered, floods, otherErrors, times, spanSeconds, rate, steady } = deliveryStats(emulator.called('sendMessage'));
  const byChat = new Map<number, number[]>();
  for (const c of delivered) byChat.set(Number(c.chatId), [...(byChat.get(Number(c.chatId)) ?? []), c.at]);
  const worstChat = Math.max(0, ...[...byChat.values()].map(maxInAnySecond));
  const { lost, doubled } = lostAndDoubled(GUARDIANS, (chatId) => emulator.transcript(chatId).filter((m) => m.from === 'bot').map((m) => m.text ?? ''));
  const statuses = await orm.em.fork().execute<{ status: string; n: string }[]>('select status, count(*) n from notification group by status order by status');

  console.log(`sent ${delivered.length} messages in ${spanSeconds.toFixed(1)} s (${wallSeconds.toFixed(1)} s with start and finish): ${rate.toFixed(2)} messages/s = ${((rate / LIMIT) * 100).toFixed(1)} % of the ${LIMIT}/s limit`);
  console.log(`steady state (the middle 80 % of sends): ${steady.toFixed(2)} messages/s = ${((steady / LIMIT) * 100).toFixed(1)} % of the limit (the dispatchers pace at ${(BOT_PACE_SHARE * 100).toFixed(1)} %)`);
  console.log(`429 Too Many Requests received: ${floods}; other refusals: ${otherErrors}`);
  console.log(`most messages in any one-second window: ${maxInAnySecond(times)} for the bot as they reached the emulator (limit ${LIMIT}), ${maxInAnySecond(reports.flatMap((r) => r.sentAt))} as the instances sent them; ${worstChat} for one chat (limit ${PER_CHAT})`);
  console.log(`each instance sent: ${reports.map((r) => r.sent).join(' / ')} (429s: ${reports.map((r) => r.refused429).join(' / ')}); send moments let go, the instance too late for them: ${reports.map((r) => r.momentsLetGo).join(' / ')}`);
  console.log(`shared schedule: ${scheduleStatements} statements on pacer_state in ${wallSeconds.toFixed(1)} s = ${(scheduleStatements / wallSeconds).toFixed(1)}/s for all instances`);
  console.log(`notifications by status: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`);
  console.log(`lost messages: ${lost}, doubled messages: ${doubled} (both must be 0)`);
  console.log(`load average (1 / 5 / 15 min): ${load()} on ${os.cpus().length} cores; the emulator's process ${judgeFirst ? 'at priority -10' : 'at the normal priority (not allowed more)'}`);
  const pass = rate >= LIMIT * 0.9 && floods === 0 && lost === 0 && doubled === 0 && delivered.length === messages;
  console.log(pass ? 'PASS' : 'FAIL');
  if (!pass) process.exitCode = 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
