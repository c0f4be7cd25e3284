/**
 * The Telegram Bot API emulator: an in-process `node:http` server speaking Bot API 10.1 on loopback, for
 * tests (limits, errors, fault injection, a log of every call) and for the sandbox web chat (transcripts,
 * files, live events). It imports nothing of core/, bot/ or admin/. See README.md beside this file.
 *
 * ```ts
 * const telegram = await startEmulator({ token, limits: false });
 * // TELEGRAM_API_ROOT = telegram.url
 * telegram.sendText(42, '/start');             // queued for the bot's getUpdates
 * await telegram.waitForMessage(42);            // the bot's answer
 * await telegram.stop();
 * ```
 */
export { Emulator, generateToken, startEmulator, type ApiCall, type ApiResponse, type EmulatorEvents, type EmulatorOptions } from './emulator.js';
export type { ChatMessage, ChatUser, FileInfo, GroupChat, StoredFile, UserLike } from './chats.js';
export type { Fault, FaultHandle, FaultKind } from './faults.js';
export { TELEGRAM_LIMITS, type Limits } from './flood-control.js';
export { EntityParseError, formatText, type MessageEntity } from './formatting.js';
export type { DeliverOptions } from './user-side.js';
export { BOT_API_VERSION, LIMITS, validateCall, type Problem } from './validate.js';
export { DARK_THEME, LIGHT_THEME, signWebAppData, webAppLaunchUrl, type ThemeParams, type WebAppLaunchOptions } from './web-app.js';
