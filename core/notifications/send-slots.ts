import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Where the bot-wide moments to send come from (the Pacer takes them). Every moment is on this process's
 * monotonic clock, performance.now().
 */
export interface SendSlots {
  /**
   * `count` consecutive moments, `intervalMs` apart, at which this process may send a message, the earliest
   * first; and until when every send is paused (0: no pause known).
   */
  reserve(count: number, intervalMs: number): Promise<{ slots: number[]; pausedUntil: number }>;
  /** Every sender waits `ms` from now (Telegram's flood 429 for the whole bot). */
  pause(ms: number): Promise<void>;
  /** Prepares for the first reservation while the process is not yet busy sending (optional). */
  calibrate?(): Promise<void>;
}

/** The schedule of one process alone (or of pacers sharing one clock, `now`). */
export class LocalSlots implements SendSlots {
  private nextAt = 0;
  private pausedUntil = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  reserve(count: number, intervalMs: number): Promise<{ slots: number[]; pausedUntil: number }> {
    const first = Math.max(this.nextAt, this.now(), this.pausedUntil);
    this.nextAt = first + count * intervalMs;
    return Promise.resolve({ slots: Array.from({ length: count }, (_, i) => first + i * intervalMs), pausedUntil: this.pausedUntil });
  }

  pause(ms: number): Promise<void> {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
    return Promise.resolve();
  }
}

const BOT = 'telegram';

/** How long a reading of the distance between the database's clock and this process's counts (the clocks may drift apart). */
const OFFSET_KEPT_MS = 60_000;
/** Readings of the database's clock taken before the first reservation. */
const FIRST_READINGS = 5;

/**
 * The schedule every instance shares (issue 17): one row of pacer_state holds the bot's next free moment.
 * A reservation takes `count` moments with one atomic statement, moving that moment on by `count`
 * intervals (from now, if it is past, or from the end of a pause), so that instances together never
 * schedule more than one message an interval, however many there are, and ask the database a few times a
 * second rather than once a message. The schedule is kept on the database's clock, which every instance
 * reads alike whatever its own clock says. Each instance turns it into its own monotonic clock by the
 * distance between the two, measured when an answer arrives: a little more than the truth (the answer's
 * way back, and the wait of a busy event loop), so a moment is never taken early; the least of the last
 * minute's measurements, so that one slow answer does not shift one batch of moments later than the next
 * and bring them together.
 */
export class SharedSlots implements SendSlots {
  /** performance.now() minus the database's clock (ms since the epoch), and when each was measured. */
  private readonly offsets: { ms: number; at: number }[] = [];

  constructor(private readonly em: () => EntityManager) {}

  async reserve(count: number, intervalMs: number): Promise<{ slots: number[]; pausedUntil: number }> {
    if (this.offsets.length === 0) await this.calibrate();
    const [row] = await this.em().execute<{ end_at: string; paused_at: string | null; db_now: string }[]>(
      `insert into pacer_state as s (name, next_at) values (?, clock_timestamp() + ?::float8 * interval '1 millisecond')
       on conflict (name) do update
          set next_at = greatest(s.next_at, clock_timestamp(), coalesce(s.paused_until, '-infinity')) + ?::float8 * interval '1 millisecond'
       returning extract(epoch from s.next_at) * 1000 as end_at, extract(epoch from s.paused_until) * 1000 as paused_at,
                 extract(epoch from clock_timestamp()) * 1000 as db_now`,
      [BOT, count * intervalMs, count * intervalMs],
    );
    const offset = this.measure(performance.now(), Number(row!.db_now));
    const end = Number(row!.end_at) + offset;
    return {
      slots: Array.from({ length: count }, (_, i) => end - (count - i) * intervalMs),
      pausedUntil: row!.paused_at === null ? 0 : Number(row!.paused_at) + offset,
    };
  }

  async pause(ms: number): Promise<void> {
    await this.em().execute(
      `insert into pacer_state as s (name, next_at, paused_until) values (?, clock_timestamp(), clock_timestamp() + ?::float8 * interval '1 millisecond')
       on conflict (name) do update set paused_until = greatest(coalesce(s.paused_until, '-infinity'), excluded.paused_until)`,
      [BOT, ms],
    );
  }

  /**
   * Reads the database's clock a few times: best while the process is idle (Dispatcher.start), when an
   * answer is read as soon as it arrives. A first reservation placed by the slow answers of a busy start
   * would put this instance's first moments late, onto the next ones of the others.
   */
  async calibrate(): Promise<void> {
    for (let i = 0; i < FIRST_READINGS; i++) {
      const [reading] = await this.em().execute<{ db_now: string }[]>(`select extract(epoch from clock_timestamp()) * 1000 as db_now`);
      this.measure(performance.now(), Number(reading!.db_now));
    }
  }

  private measure(now: number, databaseNow: number): number {
    this.offsets.push({ ms: now - databaseNow, at: now });
    while (now - this.offsets[0]!.at > OFFSET_KEPT_MS) this.offsets.shift();
    return Math.min(...this.offsets.map((o) => o.ms));
  }
}
