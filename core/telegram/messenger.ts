/**
 * The port through which core sends a plain text message to a Telegram user (bot/messenger.ts implements
 * it with the Bot API; tests use a fake).
 *
 * Resolves 'sent' once Telegram accepted the message and 'blocked' when the user blocked the bot (nothing
 * to retry). Throws on transient failures (network, 429, 5xx), so that the caller tries again later; the
 * error it throws must not quote the message text or the bot token, since callers log it.
 */
export interface Messenger {
  sendText(telegramUserId: number, text: string): Promise<'sent' | 'blocked'>;
}
