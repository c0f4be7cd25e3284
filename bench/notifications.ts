// Notifications under Telegram's limits (H2): enqueues ROWS notifications for GUARDIANS guardians through the
// outbox (the journal's marks, coalesced into one message per chat, and an announcement each), then lets the
// real dispatcher deliver them through bot/notifier.ts to the project's Bot API emulator with its flood limits
// on (LIMIT messages a second for the bot, 1 a second per chat). Prints the enqueue rate, the achieved send
// rate as a share of the limit, the 429s received, and the messages lost and duplicated (both must be 0).
// Run alone: npx tsx bench/notifications.ts [rows=10000] [guardians=3000] [limit=30]
// DATABASE_URL set: a throwaway database on that server (dropped at the end); otherwise embedded PostgreSQL
// in a temp directory.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBot } from '../bot/create-bot.js';
import { telegramNotifier } from '../bot/notifier.js';
import { openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { loadConfig } from '../core/base/config.js';
import { configFromEnvironment } from '../core/config.js';
import { createCore } from '../core/core.js';
import { systemClock } from '../core/time/clock.js';
import { createLogger } from '../core/base/logger.js';
import { Dispatcher } from '../core/notifications/dispatcher.js';
import { renderers } from '../core/notification-renderers.js';
import { startEmulator } from '../telegram-emulator/index.js';
import { deliveryStats, ENQUEUE_BATCH, enqueueNotificationSchool, lostAndDoubled } from './support/notification-school.js';
import { BOT_PACE_SHARE } from '../core/notifications/pacer.js';

const ROWS = Number(process.argv[2] ?? 10_000);
const GUARDIANS = Number(process.argv[3] ?? 3_000);
const LIMIT = Number(process.argv[4] ?? 30);
const PER_CHAT = 1;

const cleanups: Cleanup[] = [];
async function cleanUp() {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`clean-up of ${what} failed:`, err));
}
process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));

try {
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-bench-'));
  cleanups.push({ what: 'temp dir', run: () => fs.rm(tmp, { recursive: true, force: true }) });
  await fs.chmod(tmp, 0o755); // under root PostgreSQL runs as "postgres", which must reach its data directory
  const log = createLogger('warn');
  const fromEnv = configFromEnvironment().database;
  const databaseUrl = 'url' in fromEnv ? fromEnv.url : undefined;

  const emulator = await startEmulator({ limits: { globalPerSecond: LIMIT, perChatPerSecond: PER_CHAT } });
  cleanups.push({ what: 'Bot API emulator', run: () => emulator.stop() });
  const config = loadConfig({
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { EMBEDDED_PG_DIR: path.join(tmp, 'pg') }),
    NODE_ENV: 'test', LOG_LEVEL: 'warn', TELEGRAM_BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: emulator.url,
    NOTIFY_GLOBAL_PER_SECOND: String(LIMIT), NOTIFY_PER_CHAT_PER_SECOND: String(PER_CHAT), NOTIFY_POLL_INTERVAL_MS: '200',
  });
  const { orm } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);

  const { enqueued, messages: expectedMessages, enqueueSeconds } = await enqueueNotificationSchool(orm, config, GUARDIANS, ROWS);
  console.log(`enqueued ${enqueued} notifications for ${GUARDIANS} guardians in ${enqueueSeconds.toFixed(1)} s (${Math.round(enqueued / enqueueSeconds)}/s, batches of ${ENQUEUE_BATCH} events in one transaction each)`);
  console.log(`limits: ${LIMIT} messages/s for the bot, ${PER_CHAT}/s per chat, in the emulator and the dispatcher (${LIMIT === 30 ? 'Telegram\'s own' : `Telegram's is 30/s; ${LIMIT} here to fit the run in a few minutes`}); ${expectedMessages} messages to send, ≥ ${Math.ceil(expectedMessages / LIMIT)} s at the limit`);

  const bot = createBot(core);
  const dispatcher = new Dispatcher({ renderers, orm, i18n: core.i18n, log, clock: core.clock, settings: config.notifications, sender: telegramNotifier(bot, { timeoutMs: config.notifications.sendTimeoutMs }) });
  cleanups.push({ what: 'dispatcher', run: () => dispatcher.stop() });
  const sendStarted = performance.now();
  dispatcher.start();
  let lastReport = performance.now();
  for (;;) {
    const pending = Number((await orm.em.fork().execute<{ n: string }[]>(`select count(*) n from notification where status = 'pending'`))[0]!.n);
    if (pending === 0) break;
    if (performance.now() - lastReport >= 20_000) {
      lastReport = performance.now();
      const sent = emulator.called('sendMessage').filter((c) => c.response?.ok).length;
      process.stdout.write(`  … ${sent} messages sent, ${pending} notifications pending\n`);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  await dispatcher.stop();
  const wallSeconds = (performance.now() - sendStarted) / 1000;

  const { delivered, floods, otherErrors, spanSeconds, rate, steady } = deliveryStats(emulator.called('sendMessage'));
  const { lost, doubled: duplicated } = lostAndDoubled(GUARDIANS, (chatId) => emulator.transcript(chatId).filter((m) => m.from === 'bot').map((m) => m.text ?? ''));
  const statuses = await orm.em.fork().execute<{ status: string; n: string }[]>('select status, count(*) n from notification group by status order by status');
  console.log(`sent ${delivered.length} messages in ${spanSeconds.toFixed(1)} s (${wallSeconds.toFixed(1)} s with start and finish): ${rate.toFixed(2)} messages/s = ${((rate / LIMIT) * 100).toFixed(1)} % of the ${LIMIT}/s limit`);
  console.log(`steady state (the middle 80 % of sends): ${steady.toFixed(2)} messages/s = ${((steady / LIMIT) * 100).toFixed(1)} % of the limit (the dispatcher paces at ${(BOT_PACE_SHARE * 100).toFixed(1)} %)`);
  console.log(`429 Too Many Requests received: ${floods}; other refusals: ${otherErrors}`);
  console.log(`notifications by status: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`);
  console.log(`lost messages: ${lost}, duplicated messages: ${duplicated} (both must be 0)`);
  console.log(`peak RSS (this process: core, dispatcher and the emulator; PostgreSQL apart): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  if (lost || duplicated || delivered.length !== expectedMessages) process.exitCode = 1;
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
