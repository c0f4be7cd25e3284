import { sleep } from '../base/sleep.js';
import { LocalSlots, type SendSlots } from './send-slots.js';

/** Sends to one chat are paced a little under its limit, so that jitter on the way never brings two of them too close. */
const HEADROOM = 0.95;
/**
 * Moments are reserved a few at a time: with three instances at 30/s each asks the shared schedule about
 * twice a second, not once a message; and few enough that a flood pause set by another instance reaches
 * this one after at most this many sends.
 */
const BATCH = 5;
/** The next moments are reserved this long before the last ones in hand come, so that none is missed waiting for the database. */
const LEAD_MS = 100;
/**
 * A send starts at most this long after its moment (the process was busy); a moment missed by more is let
 * go. Telegram counts a bot's messages in any one second: a window of one second holds the sends of the
 * moments of one second and LATE_MS before it, so the moments are spaced for that span (MOMENTS_SPAN_MS).
 */
const LATE_MS = 40;
/**
 * The span whose moments may number the limit: a second, the lateness allowed, and a spare for what the
 * lateness check does not see: the way from the check to the request leaving, and how much later than the
 * truth each instance reads the shared schedule's clock (SharedSlots), which differs between instances by
 * about a round trip to the database; the rest of the spare absorbs some of the jitter on the way to
 * Telegram. 1065 ms: 28.2 messages/s at 30 (94 %).
 */
const MOMENTS_SPAN_MS = 1000 + LATE_MS + 25;
/** The share of the bot's limit the schedule sends at (reports print it beside the rate reached). */
export const BOT_PACE_SHARE = 1000 / MOMENTS_SPAN_MS;

// Pacing measures intervals, not dates: every time here is the process's monotonic clock, performance.now(),
// or a test's (PacerTime).

/** The clock and the timer the pacer runs on. */
export interface PacerTime {
  now(): number;
  /** Waits `ms`, or less if `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

const processTime: PacerTime = { now: () => performance.now(), sleep };

interface ChatGate {
  /** No message to this chat starts before this. */
  nextAt: number;
  /** When the chat's last message was answered, 0 if never. */
  lastDone: number;
  busy: number;
}

interface Waiter {
  resolve(at: number): void;
  reject(err: unknown): void;
}

/**
 * Telegram's limits (H2) on the bot's sends. Bot-wide: messages go out at moments taken from a schedule,
 * SendSlots: the process's own (LocalSlots) or the one every instance shares through PostgreSQL
 * (SharedSlots), so that N instances together keep the limit as one would. The moments are
 * MOMENTS_SPAN_MS / limit apart and a send goes at most LATE_MS after its moment, never before it: any
 * one-second window then holds at most the limit's number of sends, however late a busy process is and
 * whichever instance sends; a moment missed by more is let go (a late send and the next punctual one, or
 * another instance's, would come together). Per chat: the next message starts an interval after the
 * previous one was answered, not after it left; a schedule cannot know when the previous message arrived,
 * and a late arrival followed by a punctual one would break the limit. A chat is served by one dispatcher
 * at a time; holdChat() carries over the interval of a message another instance sent. `pause` holds every
 * send (a flood 429 for the whole bot) until a moment has passed.
 */
export class Pacer {
  private readonly chats = new Map<number, ChatGate>();
  /** The shortest time from a chat's message answered to its next one. */
  readonly chatIntervalMs: number;
  private readonly sendIntervalMs: number;
  private readonly slots: SendSlots;
  private pausedUntil = 0;
  private readonly waiting: Waiter[] = [];
  private pumping = false;
  /** Moments let go because this process came to them more than LATE_MS late (a busy process). */
  momentsLetGo = 0;

  constructor(
    limits: { globalPerSecond: number; perChatPerSecond: number },
    slots?: SendSlots,
    private readonly time: PacerTime = processTime,
  ) {
    this.slots = slots ?? new LocalSlots(() => time.now());
    this.sendIntervalMs = MOMENTS_SPAN_MS / limits.globalPerSecond;
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
        const wait = Math.max(this.pausedUntil, gate.nextAt) - this.time.now();
        if (wait > 0) {
          await this.time.sleep(wait, signal);
          continue;
        }
        const slot = await this.slot(signal);
        if (slot > this.time.now()) await this.time.sleep(slot - this.time.now(), signal);
        if (signal?.aborted) throw new Error('aborted');
        if (this.time.now() > slot + LATE_MS) {
          this.momentsLetGo++;
          continue;
        }
        // A pause that began while waiting applies to this send too.
        if (this.pausedUntil <= this.time.now()) break;
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
    gate.lastDone = this.time.now();
    gate.nextAt = gate.lastDone + this.chatIntervalMs;
  }

  /** Nothing goes to the chat before `until`: another instance's message to it was answered lately. */
  holdChat(chatId: number, until: number): void {
    const gate = this.gateOf(chatId);
    if (gate.nextAt < until) gate.nextAt = until;
  }

  /** Whether a send to the chat started at least a full interval after the previous one was answered. */
  keptChatInterval(previousDone: number, startedAt: number): boolean {
    return previousDone === 0 || startedAt - previousDone >= this.chatIntervalMs;
  }

  /** Prepares the schedule before the first sends (see SharedSlots.calibrate). */
  async calibrate(): Promise<void> {
    await this.slots.calibrate?.();
  }

  /** Every send of this process waits until `until`. */
  pause(until: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, until);
  }

  /** Every send waits until `until`, in every instance sharing the schedule (they learn it when they next reserve moments). */
  async pauseAll(until: number): Promise<void> {
    this.pause(until);
    await this.slots.pause(until - this.time.now());
  }

  /** The next bot-wide moment for this process, in the order asked. */
  private slot(signal?: AbortSignal): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(new Error('aborted'));
      };
      const waiter: Waiter = {
        resolve: (at) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(at);
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err instanceof Error ? err : new Error(String(err)));
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      void this.pump();
    });
  }

  /**
   * Reserves moments for the sends waiting, a batch at a time, the next batch shortly before the last
   * moment in hand: a busy instance holds only its share of the schedule, not seconds of it.
   */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const { slots, pausedUntil } = await this.slots.reserve(Math.min(BATCH, this.waiting.length), this.sendIntervalMs);
        this.pause(pausedUntil);
        for (const at of slots) this.waiting.shift()?.resolve(at);
        const lead = slots.at(-1)! - this.time.now() - LEAD_MS;
        if (lead > 0) await this.time.sleep(lead);
      }
    } catch (err) {
      // The schedule cannot be read (the database away): the sends waiting give their messages back.
      for (const waiter of this.waiting.splice(0)) waiter.reject(err);
    } finally {
      this.pumping = false;
    }
  }

  private gateOf(chatId: number): ChatGate {
    let gate = this.chats.get(chatId);
    if (!gate) {
      if (this.chats.size >= 10_000) this.prune(this.time.now());
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
