import type { FastifyInstance } from 'fastify';
import { buildServer } from './admin/server.js';
import { createBot, type Bot } from './bot/create-bot.js';
import { startBot, type RunningBot } from './bot/launch.js';
import { telegramMessenger } from './bot/messenger.js';
import type { Config } from './core/config.js';
import { createCore, type Core } from './core/core.js';
import { openDatabase } from './core/db/database.js';
import { hasAnySchool, seedDemoSchool } from './core/demo/seed-demo-school.js';
import { jobs } from './core/jobs/jobs.js';
import { reminderJob } from './core/journal/reminder-job.js';
import { startScheduler, type Scheduler } from './core/jobs/scheduler.js';
import type { Logger } from './core/logger.js';

export interface App {
  core: Core;
  server: FastifyInstance;
  bot: Bot | undefined;
  panelUrl: string;
  /** Credentials of a demo administrator created during this start, to be shown once. */
  demoAdmin: { email: string; password: string } | undefined;
  stop(): Promise<void>;
}

/**
 * The composition root: config → database → core → bot → HTTP server → scheduler, and the reverse on
 * stop. The only place that knows all three sides.
 */
export async function startApp(config: Config, log: Logger): Promise<App> {
  const db = await openDatabase(config, log);
  const stack: (() => Promise<void>)[] = [() => db.close()];
  const stopAll = async () => {
    for (const stop of stack.reverse()) {
      await stop().catch((err: unknown) => log.error({ err }, 'error during shutdown'));
    }
  };
  try {
    const core = await createCore(config, db.orm, log);
    const demoAdmin = await core.unitOfWork(async () => {
      if (config.admin) await core.adminAccounts.ensureConfigured(config.admin.email, config.admin.password);
      else if (!config.isProduction) return core.adminAccounts.ensureDemo();
      return undefined;
    });
    if (!config.isProduction) {
      await core.unitOfWork(async () => {
        if (await hasAnySchool(core.orm.em)) return;
        const { schoolId, counts } = await seedDemoSchool(core.orm.em);
        log.info({ schoolId, ...counts }, 'demo school created');
      });
    }

    const bot = config.telegram.token ? createBot(core) : undefined;
    if (!bot) log.warn('Telegram bot is off: TELEGRAM_BOT_TOKEN is not set (the web panel runs without it)');

    const server = await buildServer(core, { ...(config.publicUrl && bot ? { webhookBot: bot } : {}), botUsername: () => bot?.telegraf.botInfo?.username });
    await server.listen({ host: config.http.host, port: config.http.port });
    stack.push(() => server.close());
    const address = server.server.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    const panelUrl = `${config.publicUrl ?? `http://localhost:${port}`}/admin`;

    let running: RunningBot | undefined;
    if (bot) {
      try {
        running = await startBot(core, bot);
      } catch (err) {
        log.error({ err }, 'Telegram bot could not start; the web panel keeps running');
      }
    }
    // Registered after the server so that, on stop, updates stop coming in before the server closes.
    if (running) stack.push(() => running.stop());

    // Reminders go out through the bot, so without one there is no one to send them.
    const scheduler: Scheduler = startScheduler(core, bot ? [...jobs, reminderJob(telegramMessenger(bot))] : jobs);
    stack.push(() => scheduler.stop());

    return { core, server, bot, panelUrl, demoAdmin, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
