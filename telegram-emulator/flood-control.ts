/** Telegram's flood limits for a bot: messages a second over all chats, and to one chat. */
export interface Limits {
  globalPerSecond: number;
  perChatPerSecond: number;
  /** How many messages one chat may get at once before the per-chat rate applies (default 1). */
  perChatBurst?: number;
}

export const TELEGRAM_LIMITS: Limits = { globalPerSecond: 30, perChatPerSecond: 1 };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets: the global one holds `globalPerSecond` messages and refills at that rate, each chat's holds
 * `perChatBurst` and refills at `perChatPerSecond`. A message over either limit is refused with the whole
 * seconds to wait (Telegram's `retry_after`, at least 1) and takes nothing from the buckets.
 */
export class FloodControl {
  private global: Bucket | undefined;
  private readonly chats = new Map<string, Bucket>();

  constructor(
    private limits: Limits | false,
    private readonly now: () => number = () => Date.now(),
  ) {}

  set(limits: Limits | false): void {
    this.limits = limits;
    this.global = undefined;
    this.chats.clear();
  }

  reset(): void {
    this.set(this.limits);
  }

  /** Takes one message for `chat` (undefined: counts globally only); the seconds to wait if over a limit. */
  take(chat: string | undefined): number | undefined {
    const limits = this.limits;
    if (!limits) return undefined;
    const now = this.now();
    const global = (this.global = refill(this.global, limits.globalPerSecond, limits.globalPerSecond, now));
    const burst = Math.max(1, limits.perChatBurst ?? 1);
    const perChat = chat === undefined ? undefined : refill(this.chats.get(chat), burst, limits.perChatPerSecond, now);
    if (perChat) this.chats.set(chat!, perChat);
    const waits = [global.tokens < 1 ? (1 - global.tokens) / limits.globalPerSecond : 0, perChat && perChat.tokens < 1 ? (1 - perChat.tokens) / limits.perChatPerSecond : 0];
    const wait = Math.max(...waits);
    if (wait > 0) return Math.max(1, Math.ceil(wait));
    global.tokens -= 1;
    if (perChat) perChat.tokens -= 1;
    return undefined;
  }
}

function refill(bucket: Bucket | undefined, capacity: number, perSecond: number, now: number): Bucket {
  if (!bucket) return { tokens: capacity, at: now };
  return { tokens: Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * perSecond), at: now };
}
