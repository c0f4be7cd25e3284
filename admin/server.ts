import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Core } from '../core/core.js';
import type { Emulator } from '../telegram-emulator/index.js';
import { deferPanel, type DeferredPanel } from './deferred-panel.js';
import { handleErrors } from './error-handler.js';
import { MINI_APP_PATH, miniApp } from './mini-app/plugin.js';
import { sandboxChat } from './sandbox/plugin.js';
import { SANDBOX_PATH } from './sandbox/sandbox-telegram.js';
import { telegramWebhook, type HandleUpdate } from './webhook.js';

export interface ServerOptions {
  /** Given in webhook mode: Telegram's updates arriving at `path` go to `handleUpdate` (the bot's handleWebhookUpdate). */
  webhook?: { path: string; handleUpdate: HandleUpdate };
  /** The running bot's username, for invitation deep links (klassny_bot when unknown). */
  botUsername?: () => string | undefined;
  /** Given in the sandbox (no bot token, not production): the web chat at /sandbox talks to the bot through it. */
  sandbox?: Emulator;
  /** Given when there is a bot: whether Telegram takes its updates, shown by /healthz. */
  botHealth?: () => BotHealthView;
}

/** The bot's state as the bot reports it (bot/bot-status.ts); admin/ does not import bot/. */
export interface BotHealthView {
  status: 'starting' | 'up' | 'down';
  since?: string;
  problem?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The web panel, loaded apart (deferred-panel.ts): the composition root asks for it once the server listens. */
    panel: DeferredPanel;
  }
}

export async function buildServer(core: Core, options: ServerOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = core.log.child({ component: 'http' });
  const instance = () => {
    const app = Fastify({
      loggerInstance: logger,
      trustProxy: core.config.isProduction,
      return503OnClosing: true,
    });
    observeHttp(app, core);
    // Before any plugin, so that every route (the panel's, the sandbox's, the webhook) inherits it.
    handleErrors(app, core);
    return app;
  };
  const app = instance();

  app.get('/', async (_req, reply) => reply.redirect('/admin'));
  // 503 only when the database is down (the instance can serve nothing). A bot Telegram does not take
  // updates from yet (or any more) leaves the panel working: 200 with status "degraded" and the bot's state.
  app.get('/healthz', async (_req, reply) => {
    const database = await core.checkDatabase();
    if (database.status === 'down') core.log.warn({ error: database.error }, 'health check: database down');
    const bot = options.botHealth?.();
    const status = database.status !== 'up' ? 'unavailable' : bot && bot.status !== 'up' ? 'degraded' : 'ok';
    const body = {
      status,
      database: database.status === 'up' ? database : { status: 'down' },
      ...(bot ? { bot } : {}),
    };
    return reply.code(database.status === 'up' ? 200 : 503).send(body);
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type(core.metrics.registry.contentType).send(await core.metrics.registry.metrics()),
  );

  if (options.webhook) telegramWebhook(app, { ...options.webhook, secret: core.config.telegram.webhookSecret });
  app.decorate('panel', await deferPanel(app, async () => {
    const panel = instance();
    const { adminPanel } = await import('./adminjs/plugin.js');
    await panel.register(adminPanel, { core, botUsername: options.botUsername });
    return panel;
  }));
  await app.register(miniApp, { core, prefix: MINI_APP_PATH });
  if (options.sandbox) await app.register(sandboxChat, { core, emulator: options.sandbox, prefix: SANDBOX_PATH });
  return app;
}

function observeHttp(app: FastifyInstance, core: Core): void {
  const { httpRequests, httpDuration } = core.metrics;
  app.addHook('onResponse', async (req, reply) => {
    if (req.routeOptions.config.forwardsToPanel) return;
    const route = req.routeOptions.url ?? 'unmatched';
    httpRequests.inc({ method: req.method, route, status: String(reply.statusCode) });
    httpDuration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
  });
}
