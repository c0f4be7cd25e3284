// One more instance of the product's HTTP server with its bot in webhook mode, on the database of
// bench/journal-webhook.ts, as a second process behind a load balancer would run it:
// node <npm start's flags> --import tsx bench/support/webhook-instance.ts '<json>' where the JSON holds the
// database connection and the settings (environment variables' names and values). Tells its parent the
// webhook's URL once it listens; on `stop` waits for its updates, closes and exits.
import { loadConfig } from '../../core/base/config.js';
import { createLogger } from '../../core/base/logger.js';
import { createCore } from '../../core/core.js';
import { connectOrm } from '../../core/database.js';
import type { PgConnection } from '../../core/db/connection.js';
import { systemClock } from '../../core/time/clock.js';
import { serveWebhook } from './webhook-server.js';

const { connection, settings } = JSON.parse(process.argv[2] ?? '{}') as { connection: PgConnection; settings: Record<string, string> };
const log = createLogger('warn');
const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'warn', ...settings });
const orm = await connectOrm(connection, log, config.database.poolSize);
const core = await createCore(config, orm, log, systemClock);
const { bot, app, url } = await serveWebhook(core);

process.on('message', (message) => {
  if (message !== 'stop') return;
  void (async () => {
    await bot.drain();
    await app.close();
    await orm.close(true);
    process.disconnect();
  })();
});
process.send!({ url });
