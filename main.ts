import { startApp } from './app.js';
import { ConfigError } from './core/base/config.js';
import { configFromEnvironment } from './core/config.js';
import { createLogger } from './core/base/logger.js';
import { UnsupportedDatabaseServer } from './core/db/server-version.js';

let config;
try {
  config = configFromEnvironment();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
const app = await startApp(config, log).catch((err: unknown) => {
  // Said plainly on the console too: the operator has to change the server, not read a stack.
  if (err instanceof UnsupportedDatabaseServer) process.stderr.write(`${err.message}\n`);
  log.fatal({ err }, 'start-up failed');
  process.exit(1);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    void app.stop().then(() => {
      log.info('stopped');
      process.exit(0);
    });
  });
}

// performance.now() counts from the process's start: what a second `npm start` costs after its (skipped) build.
log.info({ answeringSeconds: Number((performance.now() / 1000).toFixed(1)) }, 'server answering (/healthz, webhook, Mini App); the web panel is loading');
const panelUp = await app.panelLoaded.then(() => true, async (err: unknown) => {
  if (stopping) return false; // stopped while it loaded: nothing to report
  // A server without its panel is not what the operator started: say so and stop, as a failed start would.
  log.fatal({ err }, 'the web panel failed to load');
  await app.stop();
  process.exit(1);
});
if (panelUp) announceReady();

function announceReady() {
  const readySeconds = (performance.now() / 1000).toFixed(1);
  log.info({ url: app.panelUrl, readySeconds: Number(readySeconds) }, 'web panel ready');
  if (app.sandbox) log.info({ url: app.sandbox.url }, 'sandbox chat ready: without TELEGRAM_BOT_TOKEN the bot talks to a Telegram emulator');
  if (app.demoAdmin || app.sandbox) {
    // On the console only (never in the structured log): the demo administrator's login is shown once.
    const lines = [`  Панель: ${app.panelUrl} (готово за ${readySeconds.replace('.', ',')} с)`];
    if (app.demoAdmin) {
      lines.push(`  Логин: ${app.demoAdmin.email}`, `  Пароль: ${app.demoAdmin.password}`, '  (пароль показан один раз; новый: npm run cli -- admin:reset-password)');
    }
    if (app.sandbox) lines.push(`  Песочница — чат с ботом без Telegram: ${app.sandbox.url}`);
    process.stdout.write(`\n${lines.join('\n')}\n\n`);
  }
}
