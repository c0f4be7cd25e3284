import type { Core } from '../core/core.js';
import { registerCommands } from './commands.js';
import { ALLOWED_UPDATES, type Bot } from './create-bot.js';

export const WEBHOOK_PATH = '/telegram/webhook';

export interface RunningBot {
  mode: 'webhook' | 'polling';
  /** Stops taking updates and waits for those in flight. */
  stop(): Promise<void>;
}

/**
 * Webhook when PUBLIC_URL is set (the HTTP server owns the route), long polling otherwise (or when asked:
 * the sandbox's emulator delivers by polling only). A failure to reach Telegram is logged and leaves the
 * rest of the product running.
 */
export async function startBot(core: Core, bot: Bot, options: { polling?: boolean } = {}): Promise<RunningBot> {
  const { telegraf } = bot;
  const allowed_updates = [...ALLOWED_UPDATES];
  telegraf.botInfo ??= await telegraf.telegram.getMe();
  await registerCommands(telegraf, core);

  if (core.config.publicUrl && !options.polling) {
    const url = `${core.config.publicUrl}${WEBHOOK_PATH}`;
    await telegraf.telegram.setWebhook(url, { secret_token: core.config.telegram.webhookSecret, allowed_updates });
    core.log.info({ url, bot: telegraf.botInfo.username }, 'bot receives updates by webhook');
    return { mode: 'webhook', stop: () => bot.drain() };
  }

  const polling = telegraf.launch({ allowedUpdates: allowed_updates });
  polling.catch((err: unknown) => core.log.error({ err }, 'long polling stopped with an error'));
  core.log.info({ bot: telegraf.botInfo.username }, 'bot receives updates by long polling');
  return {
    mode: 'polling',
    async stop() {
      telegraf.stop('shutdown');
      await polling.catch(() => undefined);
      await bot.drain();
    },
  };
}
