import { startEmulator, type Emulator } from '../../telegram-emulator/index.js';

export const TEST_BOT_TOKEN = '123456789:TEST-token-for-tests-only-0123456789';
export const TEST_BOT_ID = 123456789;

/**
 * The Telegram of this test file: a Bot API emulator on loopback, started when the file is loaded and
 * living as long as its worker. Every test core points its bot at it (TELEGRAM_API_ROOT), so nothing ever
 * reaches the real Telegram. Flood limits are off, and edits or callback answers for messages and queries
 * it never saw are accepted (tests hand-build updates). A test wanting the real limits, or an emulator of
 * its own, starts one with startEmulator() and passes TELEGRAM_API_ROOT to createTestCore.
 */
export const testTelegram: Emulator = (await startEmulator({ token: TEST_BOT_TOKEN, limits: false, adoptUnknown: true })).unref();
