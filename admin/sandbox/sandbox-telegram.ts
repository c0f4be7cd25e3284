import type { Config } from '../../core/base/config.js';
import { startEmulator, type Emulator } from '../../telegram-emulator/index.js';

export const SANDBOX_PATH = '/sandbox';

/** Whether this start gets the sandbox: no bot token, and not production. */
export function sandboxWanted(config: Config): boolean {
  return !config.telegram.token && !config.isProduction;
}

/**
 * The sandbox's Telegram: a Bot API emulator on loopback with a generated token, with Telegram's flood
 * limits (a chat may get a short burst of messages, as Telegram allows before it starts answering 429).
 */
export function startSandboxTelegram(): Promise<Emulator> {
  return startEmulator({
    bot: { first_name: 'Классный журнал', username: 'klassny_sandbox_bot' },
    limits: { globalPerSecond: 30, perChatPerSecond: 1, perChatBurst: 5 },
    // Its Mini App is served on http://localhost, which Telegram's test environment allows and production does not.
    testEnvironment: true,
  });
}

/** The configuration with the bot pointed at the emulator. */
export function withSandboxTelegram(config: Config, emulator: Emulator): Config {
  return { ...config, telegram: { ...config.telegram, token: emulator.token, apiRoot: emulator.url } };
}
