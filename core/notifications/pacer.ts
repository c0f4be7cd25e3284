import { TokenBucket } from 'limiter';
import { sleep } from '../base/sleep.js';

/** Sends are paced a little under the limits, so that jitter on the way never brings two of them too close. */
const HEADROOM = 0.95;

// Pacing measures intervals, not dates: every time here is the process's monotonic clock, performance.now().

interface ChatGate {
  /** No message to this chat starts before this (performance.now()). */
  nextAt: number;
  /** When the chat's last message was answered, 0 if never. */
  lastDone: number;
  busy: number;
}

/**
 * Telegram's limits (H2) on this process's sends. Bot-wide: limiter's TokenBucket refilled at 95 % of the
 * limit and holding 1.5 tokens (half a send saved up absorbs a timer firing late without losing pace), so
 * sends are spread evenly and no one-second window exceeds the limit (0.95 × limit + 1.5 ≤ limit from 30/s). Per chat: the next
 * message starts an interval after the previous one was answered, not after it left; a bucket cannot know
 * when the previous message arrived, and a late arrival followed by a punctual one would break the limit.
 * `pause` holds every send (a flood 429 for the whole bot) until a moment has passed.
 */
export class Pacer {
  private readonly global: TokenBucket;
  private readonly chats = new Map<number, ChatGate>();
  private readonly chatIntervalMs: number;
  private pausedUntil = 0;

  constructor(limits: { globalPerSecond: number; perChatPerSecond: number }) {
    this.global = new TokenBucket({ bucketSize: 1.5, tokensPerInterval: limits.globalPerSecond * HEADROOM, interval: 'second' });
    this.global.content = 1;
    this.chatIntervalMs = 1000 / (limits.perChatPerSecond * HEADROOM);
  }

  /**
   * Waits until one more message may go to `chatId`, and takes its place. Returns the chat's last answer
   * before this send (0: none), for telling a per-chat 429 from a flood of the whole bot.
   */
  async acquire(chatId: number, signal?: AbortSignal): Promise<{ previousDone: number }> {
    const gate = this.gateOf(chatId);
    gate.busy++;
    try {
      for (;;) {
        if (signal?.aborted) throw new Error('aborted');
        const wait = Math.max(this.pausedUntil, gate.nextAt) - performance.now();
        if (wait > 0) {
          await sleep(wait, signal);
          continue;
        }
        await this.global.removeTokens(1);
        // A pause that began while waiting for the bucket applies to this send too.
        if (this.pausedUntil <= performance.now()) break;
      }
      // Until this send is answered (done), nothing else goes to the chat.
      gate.nextAt = Number.POSITIVE_INFINITY;
      return { previousDone: gate.lastDone };
    } finally {
      gate.busy--;
    }
  }

  /** The send that acquire() allowed is over (answered or failed): the chat's interval starts now. */
  done(chatId: number): void {
    const gate = this.gateOf(chatId);
    gate.lastDone = performance.now();
    gate.nextAt = gate.lastDone + this.chatIntervalMs;
  }

  /** Whether a send to the chat started at least a full interval after the previous one was answered. */
  keptChatInterval(previousDone: number, startedAt: number): boolean {
    return previousDone === 0 || startedAt - previousDone >= this.chatIntervalMs;
  }

  /** Every send waits until `until` (performance.now()). */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  private gateOf(chatId: number): ChatGate {
    let gate = this.chats.get(chatId);
    if (!gate) {
      if (this.chats.size >= 10_000) this.prune(performance.now());
      gate = { nextAt: 0, lastDone: 0, busy: 0 };
      this.chats.set(chatId, gate);
    }
    return gate;
  }

  /** Forgets chats whose interval is long over. */
  private prune(now: number): void {
    for (const [chatId, gate] of this.chats) if (gate.busy === 0 && gate.nextAt < now) this.chats.delete(chatId);
  }
}
