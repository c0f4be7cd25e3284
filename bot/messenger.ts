import { TelegramError } from 'telegraf';
import type { Messenger } from '../core/telegram/messenger.js';
import type { Bot } from './create-bot.js';
import { unreachableReason } from './telegram-failure.js';

/**
 * The Messenger port on the Bot API. 403 means the user blocked the bot (or deleted the account): there
 * is no one to retry for. Anything else is thrown again as a plain error naming only what went wrong,
 * because a TelegramError carries the request (the text) and a network error the URL (the bot token).
 */
export function telegramMessenger(bot: Bot): Messenger {
  return {
    async sendText(telegramUserId, text) {
      try {
        await bot.telegraf.telegram.sendMessage(telegramUserId, text, { link_preview_options: { is_disabled: true } });
        return 'sent';
      } catch (err) {
        if (err instanceof TelegramError) {
          if (err.code === 403) return 'blocked';
          const retryAfter = err.parameters?.retry_after;
          throw new Error(`Telegram refused sendMessage: ${err.code} ${err.description}${retryAfter ? ` (retry after ${retryAfter} s)` : ''}`);
        }
        throw new Error(`Telegram unreachable: ${unreachableReason(err)}`);
      }
    },
  };
}
