import { describe, expect, it } from 'vitest';
import { Pacer, type PacerTime } from '../../core/notifications/pacer.js';
import { LocalSlots } from '../../core/notifications/send-slots.js';
import { maxInAnySecond } from '../support/max-in-any-second.js';

/**
 * Instances on one machine, on one virtual clock: each instance's event loop is busy at times of its own
 * (its stalls), and a timer of it due then fires when the stall ends, as a busy process's timers do.
 */
class Machine {
  now = 0;
  private readonly timers: { fires: number; order: number; resolve: () => void }[] = [];
  private order = 0;

  /** The clock and timer of an instance busy during `stalls` ([start, end) in ms). */
  instance(stalls: readonly (readonly [number, number])[]): PacerTime {
    return {
      now: () => this.now,
      sleep: (ms) => new Promise<void>((resolve) => {
        const due = this.now + Math.max(0, ms);
        const stall = stalls.find(([start, end]) => due >= start && due < end);
        this.timers.push({ fires: stall ? stall[1] : due, order: this.order++, resolve });
      }),
    };
  }

  /** Fires the timers in order until `end`, letting what each one wakes run before the next. */
  async runUntil(end: number): Promise<void> {
    for (;;) {
      await new Promise((resolve) => setImmediate(resolve));
      this.timers.sort((a, b) => a.fires - b.fires || a.order - b.order);
      const next = this.timers[0];
      if (!next || next.fires > end) return;
      this.timers.shift();
      this.now = Math.max(this.now, next.fires);
      next.resolve();
    }
  }
}

const LIMITS = { globalPerSecond: 30, perChatPerSecond: 1 };
const SECONDS = 30;
const INSTANCES = 3;
const CHATS_PER_INSTANCE = 20;
/** How long Telegram takes to answer a message. */
const ANSWER_MS = 40;

/** Each instance busy for 10–90 ms once a second, at times of its own: late moments, as a loaded machine makes them. */
function stallsOf(instance: number): [number, number][] {
  const lengths = [10, 30, 50, 70, 90, 20, 60, 80];
  return Array.from({ length: SECONDS }, (_, i) => {
    const start = i * 1000 + ((instance * 173 + i * 61) % 800);
    return [start, start + lengths[(i + instance) % lengths.length]!];
  });
}

describe('the pacer of several instances sharing one schedule (issue 17)', () => {
  it('never lets any one-second window hold more than the bot\'s limit, however late its instances are, and keeps ≥ 90 % of it', async () => {
    const machine = new Machine();
    // One schedule for every instance, as SharedSlots is one row in PostgreSQL (here without the database's delays).
    const schedule = new LocalSlots(() => machine.now);
    const sends: number[] = [];
    let running = true;
    const instances = Array.from({ length: INSTANCES }, (_, instance) => {
      const time = machine.instance(stallsOf(instance));
      const pacer = new Pacer(LIMITS, schedule, time);
      // Every chat has a message ready as soon as its interval allows (a backlog, as in the benchmark).
      return Array.from({ length: CHATS_PER_INSTANCE }, async (_, i) => {
        const chatId = instance * 1000 + i;
        while (running) {
          await pacer.acquire(chatId);
          sends.push(time.now());
          await time.sleep(ANSWER_MS);
          pacer.done(chatId);
        }
      });
    });
    await machine.runUntil(SECONDS * 1000);
    running = false;

    expect(maxInAnySecond(sends)).toBeLessThanOrEqual(LIMITS.globalPerSecond);
    expect(sends.length / SECONDS).toBeGreaterThanOrEqual(LIMITS.globalPerSecond * 0.9);
    // The instances are left waiting for timers that never fire: nothing else runs in them.
    void instances;
  });
});
