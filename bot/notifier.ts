import { TelegramError } from 'telegraf';
import { MessageRejected, RecipientBlocked, RetryAfter, TransientFailure, type NotificationSender } from '../core/notifications/sender.js';
import { actionData } from './callback-data/messages.js';
import type { Bot } from './create-bot.js';
import { unreachableReason } from './telegram-failure.js';

/**
 * The NotificationSender port on the Bot API (sendMessage with an inline keyboard, each button's action as
 * callback data). Telegram's refusals become the port's errors: 429 → RetryAfter(retry_after), 403 →
 * RecipientBlocked, 400 → MessageRejected, 5xx, a time-out and network errors → TransientFailure. Their messages name only what went wrong: a
 * TelegramError carries the request (the text) and a network error the URL (the bot token).
 */
export function telegramNotifier(bot: Bot, options: { timeoutMs: number }): NotificationSender {
  return {
    async send(chatId, message) {
      const keyboard = message.buttons?.length
        ? { reply_markup: { inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: actionData(b.action) }))) } }
        : {};
      try {
        const sent = await bot.telegraf.telegram.callApi(
          'sendMessage',
          { chat_id: chatId, text: message.text, link_preview_options: { is_disabled: true }, ...keyboard },
          // telegraf types the signal as the abort-controller shim's; node-fetch takes the built-in one.
          { signal: AbortSignal.timeout(options.timeoutMs) as unknown as NonNullable<Parameters<Bot['telegraf']['telegram']['callApi']>[2]>['signal'] },
        );
        return { messageId: sent.message_id };
      } catch (err) {
        throw asPortError(err, options.timeoutMs);
      }
    },
  };
}

function asPortError(err: unknown, timeoutMs: number): Error {
  if (err instanceof TelegramError) {
    const description = String(err.description ?? '').slice(0, 120);
    if (err.code === 429) return new RetryAfter(Math.max(1, Number(err.parameters?.retry_after ?? 1)));
    if (err.code === 403) return new RecipientBlocked(description || 'Forbidden');
    if (err.code === 400) return new MessageRejected(`Telegram refused the message: ${description}`);
    return new TransientFailure(`Telegram answered ${err.code}${err.code >= 500 ? '' : `: ${description}`}`);
  }
  const name = err instanceof Error ? err.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') return new TransientFailure(`no answer from Telegram within ${timeoutMs} ms`);
  return new TransientFailure(`Telegram unreachable: ${unreachableReason(err)}`);
}
