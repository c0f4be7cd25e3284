import { localDate } from './local-date.js';

/** A time zone, by its IANA name or as anything that has one (a school). */
export type Zone = string | { timeZone: string };

export const zoneName = (zone: Zone): string => (typeof zone === 'string' ? zone : zone.timeZone);

/**
 * The one source of "now" in core/ (DESIGN "time/"). Services are given a clock and never read the
 * machine's time themselves, so that tests can fix it and "today at this school" is computed one way:
 * the calendar date of now in the school's time zone (every school has one; there is no UTC fallback).
 */
export class Clock {
  constructor(private readonly read: () => Date) {}

  /** The current instant (a copy: callers may change it freely). */
  now(): Date {
    return new Date(this.read().getTime());
  }

  /** Today's date (YYYY-MM-DD) in `zone`: a school's «today». */
  today(zone: Zone): string {
    return localDate(this.now(), zoneName(zone));
  }
}

/** The machine's clock: what the product runs on. */
export const systemClock = new Clock(() => new Date());

/** A clock that reads `read` (a test's variable, a benchmark's schedule). */
export const clockFrom = (read: () => Date): Clock => new Clock(read);

/** A clock stopped at `at`. */
export function fixedClock(at: Date | string): Clock {
  const time = instant(at);
  return new Clock(() => new Date(time));
}

/** A clock that stands still until it is set or moved on (tests that walk through days). */
export class MovableClock extends Clock {
  private readonly state: { time: number };

  constructor(at: Date | string) {
    const state = { time: instant(at) };
    super(() => new Date(state.time));
    this.state = state;
  }

  set(at: Date | string): this {
    this.state.time = instant(at);
    return this;
  }

  /** Moves on by `ms` milliseconds (negative: back). */
  advance(ms: number): this {
    this.state.time += ms;
    return this;
  }
}

function instant(at: Date | string): number {
  const time = (typeof at === 'string' ? new Date(at) : at).getTime();
  if (Number.isNaN(time)) throw new RangeError(`not a time: ${String(at)}`);
  return time;
}
