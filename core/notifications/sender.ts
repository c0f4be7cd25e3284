/**
 * What a button under a notification does when tapped. The core names the action; the transport makes its
 * own button of it (the bot: callback data, bot/callback-data/messages.ts).
 */
export type ButtonAction =
  | { kind: 'replyThread'; threadId: number }
  | { kind: 'openThread'; threadId: number }
  | { kind: 'acknowledgeDigest'; digestId: number };

/** A button under a notification: its label and what it does. */
export interface OutgoingButton {
  text: string;
  action: ButtonAction;
}

export interface OutgoingMessage {
  text: string;
  /** Rows of inline buttons. */
  buttons?: OutgoingButton[][];
}

/**
 * The port through which the dispatcher delivers notifications (bot/notifier.ts implements it on the Bot
 * API; tests use a double). Resolves with the id of the message Telegram created; otherwise throws one of
 * the errors below. The errors must not quote the message text or the bot token: the dispatcher logs them.
 */
export interface NotificationSender {
  send(chatId: number, message: OutgoingMessage): Promise<{ messageId: number }>;
}

/** Telegram asked to wait (429): nothing was sent. */
export class RetryAfter extends Error {
  constructor(readonly seconds: number) {
    super(`Too many requests: retry after ${seconds} s`);
    this.name = 'RetryAfter';
  }
}

/** The user blocked the bot or deleted the account (403): nothing can be delivered until it writes again. */
export class RecipientBlocked extends Error {
  constructor(readonly reason = 'Forbidden') {
    super(`Recipient unreachable: ${reason}`);
    this.name = 'RecipientBlocked';
  }
}

/** 5xx, a time-out, a network error: worth trying again later. */
export class TransientFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TransientFailure';
  }
}

/** Telegram refused the message itself (400: chat not found, text too long…): trying again would not help. */
export class MessageRejected extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'MessageRejected';
  }
}
