import type { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyInstance } from 'fastify';
import { SANDBOX_PATH, sandboxWanted, startSandboxTelegram, withSandboxTelegram } from './admin/sandbox/sandbox-telegram.js';
import { buildServer } from './admin/server.js';
import { createBot, type Bot } from './bot/create-bot.js';
import { startBot, WEBHOOK_PATH, type RunningBot } from './bot/launch.js';
import { telegramMessenger } from './bot/messenger.js';
import { telegramNotifier } from './bot/notifier.js';
import type { Config } from './core/base/config.js';
import { createCore, type Core } from './core/core.js';
import { systemClock, type Clock } from './core/time/clock.js';
import { openDatabase, settingUp } from './core/database.js';
import { hasAnySchool, seedDemoSchool, type DemoSchoolOptions } from './core/demo/seed-demo-school.js';
import { scheduledJobs } from './core/scheduled-jobs.js';
import { reminderJob } from './core/journal/reminder-job.js';
import { startScheduler, type Scheduler } from './core/jobs/scheduler.js';
import type { Logger } from './core/base/logger.js';
import type { Emulator } from './telegram-emulator/index.js';

export interface App {
  core: Core;
  /** The composition root's own handle on the database (the demo seed, tests); the core's users never see it. */
  orm: MikroORM;
  server: FastifyInstance;
  bot: Bot | undefined;
  panelUrl: string;
  /** Without a bot token outside production: the web chat's address and the Bot API emulator the bot talks to. */
  sandbox: { url: string; emulator: Emulator } | undefined;
  /** Credentials of a demo administrator created during this start, to be shown once. */
  demoAdmin: { email: string; password: string } | undefined;
  /** Resolves once the web panel, which loads after the server answers (admin/deferred-panel.ts), is up; rejects if it cannot load. */
  panelLoaded: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The composition root: config → database → core → bot → HTTP server → scheduler, and the reverse on
 * stop. The only place that knows all three sides. `clock` is the machine's, except in scripts that show a
 * chosen day (the README's screenshots); `demo` says how to seed the demo school of a first start (with its
 * past, unless a test that walks through today's lessons leaves it out).
 */
export async function startApp(config: Config, log: Logger, clock: Clock = systemClock, demo: DemoSchoolOptions = {}): Promise<App> {
  const db = await openDatabase(config, log);
  const stack: (() => Promise<void>)[] = [() => db.close()];
  const stopAll = async () => {
    for (const stop of stack.reverse()) {
      await stop().catch((err: unknown) => log.error({ err }, 'error during shutdown'));
    }
  };
  try {
    // No bot token outside production: the real bot runs against a Bot API emulator, and /sandbox chats with it.
    let emulator: Emulator | undefined;
    if (sandboxWanted(config)) {
      const started = await startSandboxTelegram();
      stack.push(() => started.stop());
      emulator = started;
    }
    const core = await createCore(emulator ? withSandboxTelegram(config, emulator) : config, db.orm, log, clock);
    // First-run set-up, one instance at a time: the first creates the administrator and the demo school,
    // the others find them there.
    const demoAdmin = await settingUp(db.orm, async () => {
      const created = await core.unitOfWork(async () => {
        if (config.admin) await core.adminAccounts.ensureConfigured(config.admin.email, config.admin.password);
        else if (!config.isProduction) return core.adminAccounts.ensureDemo();
        return undefined;
      });
      if (!config.isProduction) {
        await core.unitOfWork(async () => {
          if (await hasAnySchool(db.orm.em)) return;
          const { schoolId, counts } = await seedDemoSchool(db.orm.em, core.clock, demo);
          log.info({ schoolId, ...counts }, 'demo school created');
        });
      }
      return created;
    });

    // Where browsers reach this server, once it listens: the bot's one-time panel links point there.
    const reached: { origin?: string } = {};
    // Telegram opens Mini Apps over HTTPS only (its test environment, which the sandbox's emulator plays, over HTTP too).
    const miniAppOrigin = () => (config.publicUrl?.startsWith('https://') ? config.publicUrl : emulator ? reached.origin : undefined);
    const bot = core.config.telegram.token ? createBot(core, { panelOrigin: () => reached.origin, miniAppOrigin }) : undefined;
    if (!bot) log.warn('Telegram bot is off: TELEGRAM_BOT_TOKEN is not set (the web panel runs without it)');

    let running: RunningBot | undefined;
    const server = await buildServer(core, {
      ...(config.publicUrl && bot && !emulator ? { webhook: { path: WEBHOOK_PATH, handleUpdate: (update) => bot.handleWebhookUpdate(update) } } : {}),
      ...(emulator ? { sandbox: emulator } : {}),
      ...(bot ? { botHealth: () => running?.status.health() ?? { status: 'starting' as const } } : {}),
      botUsername: () => bot?.telegraf.botInfo?.username,
    });
    await server.listen({ host: config.http.host, port: config.http.port });
    stack.push(() => server.close());
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    reached.origin = config.publicUrl ?? `http://localhost:${port}`;
    const panelUrl = `${reached.origin}/admin`;
    // Local only: the sandbox answers requests from this machine.
    const sandbox = emulator ? { url: `http://localhost:${port}${SANDBOX_PATH}`, emulator } : undefined;

    if (bot) {
      // In the background: start-up calls are retried until Telegram takes them (/healthz shows the bot's state).
      const started = startBot(core, bot, { polling: emulator !== undefined });
      running = started;
      // Registered after the server so that, on stop, updates stop coming in before the server closes.
      stack.push(() => started.stop());
    }

    // Reminders go out through the bot, so without one there is no one to send them.
    const scheduler: Scheduler = startScheduler(core, [...scheduledJobs(core.config), ...(bot ? [reminderJob(telegramMessenger(bot))] : [])]);
    stack.push(() => scheduler.stop());
    // Notifications (D10) go out through the bot as well: the dispatcher delivers the outbox until shutdown.
    if (bot) {
      const dispatcher = core.startDispatcher(telegramNotifier(bot, { timeoutMs: core.config.notifications.sendTimeoutMs }));
      stack.push(() => dispatcher.stop());
    }

    // Last: its 2,000 modules keep the process busy for seconds, and everything above answers without them.
    const panelLoaded = server.panel.ready().then(() => undefined);
    panelLoaded.catch(() => undefined); // the caller's to handle (main.ts stops the process); never an unhandled rejection

    return { core, orm: db.orm, server, bot, panelUrl, sandbox, demoAdmin, panelLoaded, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
