// One instance of the product's notification dispatcher in a process of its own, for
// bench/notifications-instances.ts: node --import tsx bench/support/dispatcher-instance.ts '<json>'
// where the JSON holds the database connection and the settings (environment variables' names and values).
// Tells its parent `ready`, starts on `start`, and on `stop` stops gracefully and reports what it sent.
import { createBot } from '../../bot/create-bot.js';
import { telegramNotifier } from '../../bot/notifier.js';
import { loadConfig } from '../../core/base/config.js';
import { createLogger } from '../../core/base/logger.js';
import { createCore } from '../../core/core.js';
import { connectOrm } from '../../core/database.js';
import type { PgConnection } from '../../core/db/connection.js';
import { Dispatcher } from '../../core/notifications/dispatcher.js';
import { RetryAfter, type NotificationSender } from '../../core/notifications/sender.js';
import { renderers } from '../../core/notification-renderers.js';
import { systemClock } from '../../core/time/clock.js';

export interface InstanceReport {
  sent: number;
  refused429: number;
  /** Send moments it came to too late to use (its process busy): lost to every instance. */
  momentsLetGo: number;
  /** When each message delivered left (ms since the epoch, comparable between the processes of one machine). */
  sentAt: number[];
}

const { connection, settings } = JSON.parse(process.argv[2] ?? '{}') as { connection: PgConnection; settings: Record<string, string> };
const log = createLogger('warn');
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', ...settings });
const orm = await connectOrm(connection, log);
const core = await createCore(config, orm, log, systemClock);
const notifier = telegramNotifier(createBot(core), { timeoutMs: config.notifications.sendTimeoutMs });
const report: InstanceReport = { sent: 0, refused429: 0, momentsLetGo: 0, sentAt: [] };
const sender: NotificationSender = {
  async send(chatId, message) {
    const at = performance.timeOrigin + performance.now();
    try {
      const result = await notifier.send(chatId, message);
      report.sent++;
      report.sentAt.push(at);
      return result;
    } catch (err) {
      if (err instanceof RetryAfter) report.refused429++;
      throw err;
    }
  },
};
const dispatcher = new Dispatcher({ renderers, orm, i18n: core.i18n, log, clock: core.clock, settings: config.notifications, sender });

process.on('message', (message) => {
  if (message === 'start') dispatcher.start();
  if (message === 'stop') {
    void dispatcher.stop().then(async () => {
      report.momentsLetGo = dispatcher.momentsLetGo;
      process.send!(report);
      await orm.close(true);
      process.disconnect();
    });
  }
});
process.send!('ready');
