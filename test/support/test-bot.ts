import { createBot, type Bot, type BotOptions } from '../../bot/create-bot.js';
import type { Core } from '../../core/core.js';
import { TEST_BOT_ID } from './test-core.js';

/** What getMe would answer for the test bot; set up front so that no test waits for Telegram. */
export const TEST_BOT_INFO = {
  id: TEST_BOT_ID,
  is_bot: true as const,
  first_name: 'Klassny',
  username: 'klassny_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

/** The real bot of `core`, as `npm start` builds it, knowing who it is. */
export function createTestBot(core: Core, options: BotOptions = {}): Bot {
  const bot = createBot(core, options);
  bot.telegraf.botInfo = TEST_BOT_INFO;
  return bot;
}
