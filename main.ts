import { startApp } from './app.js';
import { ConfigError, loadConfig } from './core/config.js';
import { createLogger } from './core/logger.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`${err.message}\nSee .env.example for every setting.\n`);
  process.exit(1);
}

const log = createLogger(config.logLevel);
const app = await startApp(config, log).catch((err: unknown) => {
  log.fatal({ err }, 'start-up failed');
  process.exit(1);
});

log.info({ url: app.panelUrl }, 'web panel ready');
if (app.demoAdmin) {
  // Shown once, on the console only (never in the structured log): this is the demo administrator's login.
  process.stdout.write(
    `\n  Панель: ${app.panelUrl}\n  Логин: ${app.demoAdmin.email}\n  Пароль: ${app.demoAdmin.password}\n` +
      '  (пароль показан один раз; новый: npm run cli -- admin:reset-password)\n\n',
  );
}

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
