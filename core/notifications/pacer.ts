import { TokenBucket } from 'limiter';

/** Sends are paced a little under the limits, so that network jitter never brings two of them too close. */
const HEADROOM = 0.95;

/**
 * Telegram's limits (H2) on this process's sends: a bot-wide bucket and, under it, one bucket per chat
 * (limiter's hierarchical TokenBucket takes a token from both at once, or waits). Neither bucket bursts:
 * sends are spread evenly, which keeps any one-second window within the limit. `pause` holds every send
 * (a flood 429 for the whole bot) until a moment has passed.
 */
export class Pacer {
  private readonly global: TokenBucket;
  private readonly chats = new Map<number, ChatBucket>();
  private pausedUntil = 0;

  constructor(private readonly limits: { globalPerSecond: number; perChatPerSecond: number }) {
    this.global = new TokenBucket({ bucketSize: 1, tokensPerInterval: limits.globalPerSecond * HEADROOM, interval: 'second' });
    this.global.content = 1;
  }

  /** Waits until one more message may go to `chatId`, then counts it. */
  async acquire(chatId: number, signal?: AbortSignal): Promise<void> {
    const entry = this.entryOf(chatId);
    entry.busy++;
    try {
      for (;;) {
        if (signal?.aborted) throw new Error('aborted');
        const wait = this.pausedUntil - Date.now();
        if (wait > 0) {
          await sleep(wait, signal);
          continue;
        }
        await entry.bucket.removeTokens(1);
        // A pause that began while waiting for the buckets applies to this send too.
        if (this.pausedUntil <= Date.now()) break;
      }
      entry.lastUsed = Date.now();
    } finally {
      entry.busy--;
    }
  }

  /** Every send waits until `until` (ms since the epoch). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** When `chatId` last got a token (ms since the epoch), if it did recently. */
  lastSendTo(chatId: number): number | undefined {
    return this.chats.get(chatId)?.lastUsed || undefined;
  }

  private entryOf(chatId: number): ChatBucket {
    let entry = this.chats.get(chatId);
    if (!entry) {
      if (this.chats.size >= 10_000) this.prune(Date.now());
      const bucket = new TokenBucket({ bucketSize: 1, tokensPerInterval: this.limits.perChatPerSecond * HEADROOM, interval: 'second', parentBucket: this.global });
      // A chat not written to lately may get its first message at once.
      bucket.content = 1;
      entry = { bucket, lastUsed: 0, busy: 0 };
      this.chats.set(chatId, entry);
    }
    return entry;
  }

  /** Forgets chats idle long enough for their bucket to be full again. */
  private prune(now: number): void {
    const idle = 1000 / (this.limits.perChatPerSecond * HEADROOM);
    for (const [chatId, entry] of this.chats) if (entry.busy === 0 && now - entry.lastUsed > idle) this.chats.delete(chatId);
  }
}

interface ChatBucket {
  bucket: TokenBucket;
  lastUsed: number;
  busy: number;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
