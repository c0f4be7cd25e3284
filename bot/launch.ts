import type { Core } from '../core/core.js';
import { BotStatus } from './bot-status.js';
import { registerCommands } from './commands.js';
import { ALLOWED_UPDATES, type Bot } from './create-bot.js';
import { describeFailure, retrying } from './retry.js';

export const WEBHOOK_PATH = '/telegram/webhook';

export interface RunningBot {
  mode: 'webhook' | 'polling';
  /** Whether Telegram takes the bot's updates, for /healthz and /metrics. */
  status: BotStatus;
  /** Resolves once it does (the webhook set, or polling begun); rejects only when stopped before. */
  ready: Promise<void>;
  /** Resolves once the command menu is set in every language (set in the background, retried until it is). */
  commands: Promise<void>;
  /** Stops taking updates (and trying to) and waits for those in flight. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Long polling even with PUBLIC_URL (the sandbox's emulator delivers by polling only). */
  polling?: boolean;
  /** The first wait after a failed start-up call (doubling up to a minute; a 429's retry_after wins). */
  retryBaseMs?: number;
}

/**
 * Starts the bot in the background: webhook when PUBLIC_URL is set (the HTTP server owns the route), long
 * polling otherwise. Every start-up call (getMe, setWebhook, deleteWebhook) is retried with backoff until it
 * succeeds, the command menu is set beside it without holding the start, and a polling loop that ends with
 * an error (a 409 while another instance polls, a 401) starts again after a wait: a Telegram that is away
 * for a while during a deploy delays the bot but never leaves it off. `status` says where it stands.
 */
export function startBot(core: Core, bot: Bot, options: StartOptions = {}): RunningBot {
  const { telegraf } = bot;
  const status = new BotStatus(core);
  const abort = new AbortController();
  // The command menu is a nicety: its failures are logged, they do not make the bot down.
  const retry = (method: string, affectsStatus = true) => ({
    baseMs: options.retryBaseMs ?? 1000,
    maxMs: 60_000,
    signal: abort.signal,
    onFailure(err: unknown, waitMs: number) {
      if (affectsStatus) status.failing(describeFailure(method, err));
      core.log.warn({ err, retryInMs: waitMs }, `Telegram ${method} failed; trying again`);
    },
  });

  const commands = retrying(() => registerCommands(telegraf, core), retry('setMyCommands', false));
  commands.catch(() => undefined); // rejects only when stopped first

  const allowed_updates = [...ALLOWED_UPDATES];
  const identify = async () => {
    telegraf.botInfo ??= await retrying(() => telegraf.telegram.getMe(), retry('getMe'));
  };

  if (core.config.publicUrl && !options.polling) {
    const url = `${core.config.publicUrl}${WEBHOOK_PATH}`;
    const ready = (async () => {
      await identify();
      await retrying(() => telegraf.telegram.setWebhook(url, { secret_token: core.config.telegram.webhookSecret, allowed_updates, max_connections: core.config.telegram.webhookMaxConnections }), retry('setWebhook'));
      status.up();
      core.log.info({ url, bot: telegraf.botInfo?.username }, 'bot receives updates by webhook');
    })();
    ready.catch(() => undefined);
    return {
      mode: 'webhook', status, ready, commands,
      async stop() {
        abort.abort(new Error('bot stopped'));
        await bot.drain();
      },
    };
  }

  let launched: Promise<void> | undefined;
  let launching = false;
  let markReady!: () => void;
  let failReady!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => ((markReady = resolve), (failReady = reject)));
  ready.catch(() => undefined);
  observeCalls(bot, status, () => markReady());
  const loop = (async () => {
    await identify();
    for (let attempt = 0; !abort.signal.aborted; attempt++) {
      // launch() deletes any webhook, then polls until stopped; a failure anywhere ends it with an error.
      launching = true;
      launched = telegraf.launch({ allowedUpdates: allowed_updates }, () => {
        core.log.info({ bot: telegraf.botInfo?.username }, 'bot receives updates by long polling');
      }).finally(() => (launching = false));
      try {
        await launched;
        return; // stopped
      } catch (err) {
        if (abort.signal.aborted) return;
        status.failing(describeFailure('getUpdates', err));
        const waitMs = Math.min(60_000, (options.retryBaseMs ?? 1000) * 2 ** Math.min(attempt, 6));
        core.log.error({ err, retryInMs: waitMs }, 'long polling stopped with an error; starting again');
        await new Promise((r) => setTimeout(r, waitMs));
      }
    }
  })();
  loop.catch((err: unknown) => {
    if (!abort.signal.aborted) core.log.error({ err }, 'the bot stopped trying to reach Telegram');
    failReady(err);
  });
  return {
    mode: 'polling', status, ready, commands,
    async stop() {
      abort.abort(new Error('bot stopped'));
      failReady(new Error('bot stopped'));
      bot.abandonWaits();
      // telegraf.stop() refuses while launch() is still deleting the webhook: try until polling has begun.
      while (launching) {
        try {
          telegraf.stop('shutdown');
          break;
        } catch {
          await new Promise((r) => setTimeout(r, 20));
        }
      }
      await launched?.catch(() => undefined);
      await loop.catch(() => undefined);
      await bot.drain();
    },
  };
}

/**
 * The bot's own Telegram client (start-up calls and getUpdates; handlers get a client per update) reports
 * each getUpdates to `status`: answered is up (and `answered` is called), failed (telegraf waits and polls
 * again) is down.
 */
function observeCalls(bot: Bot, status: BotStatus, answered: () => void): void {
  const telegram = bot.telegraf.telegram;
  const call = telegram.callApi.bind(telegram);
  telegram.callApi = (async (method: string, payload: unknown, options?: unknown) => {
    try {
      const result = await (call as (m: string, p: unknown, o?: unknown) => Promise<unknown>)(method, payload, options);
      // deleteWebhook is launch()'s last call before it polls: Telegram answered, polling begins now (a
      // poll itself is answered only when an update comes or after 50 s).
      if (method === 'getUpdates' || method === 'deleteWebhook') {
        status.up();
        answered();
      }
      return result;
    } catch (err) {
      if (method === 'getUpdates' && !(err instanceof Error && err.name === 'AbortError')) status.failing(describeFailure(method, err));
      throw err;
    }
  }) as typeof telegram.callApi;
}
