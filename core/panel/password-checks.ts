import { PASSWORD_CHECK_WAIT_MS, PASSWORD_CHECKS_AT_ONCE, PASSWORD_CHECKS_WAITING } from './panel-security.js';
import { hashPassword, verifyPassword } from '../accounts/passwords.js';

export interface PasswordCheckLimits {
  atOnce: number;
  waiting: number;
  waitMs: number;
}

/** No turn came: too many sign-ins at once (the caller says «too many attempts»). */
export const BUSY = Symbol('busy');

/**
 * A small semaphore in front of everything a sign-in or a password change costs: its throttle steps in
 * PostgreSQL and its argon2 call (≈19 MiB and tens of milliseconds of a core). Two dozen sign-ins at once
 * took both cores of a small server and its health check from 10 ms to 1.7 s; ninety-six filled the
 * database pool until /healthz timed out. So at most `atOnce` run at a time, up to `waiting` more wait for
 * a turn (at most `waitMs`), and anything beyond is refused at once, before any work. Per process: it
 * guards this process's CPU and its database pool, which is what a burst exhausts.
 */
export class PasswordChecks {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  /**
   * What happened so far (tests, the benchmark and the log read it): turns taken, the most at once,
   * refusals, and argon2 calls made (`checks`).
   */
  readonly stats = { runs: 0, peak: 0, refused: 0, checks: 0 };

  constructor(private readonly limits: PasswordCheckLimits = { atOnce: PASSWORD_CHECKS_AT_ONCE, waiting: PASSWORD_CHECKS_WAITING, waitMs: PASSWORD_CHECK_WAIT_MS }) {}

  /** argon2's check, counted; called inside a turn (`run`). */
  verify(passwordHash: string, password: string): Promise<boolean> {
    this.stats.checks += 1;
    return verifyPassword(passwordHash, password);
  }

  /** argon2's hash, counted; called inside a turn (`run`). */
  hash(password: string): Promise<string> {
    this.stats.checks += 1;
    return hashPassword(password);
  }

  /** Runs `work` (a sign-in, a password change) in a turn; BUSY when no turn came. */
  async run<T>(work: () => Promise<T>): Promise<T | typeof BUSY> {
    if (!(await this.turn())) {
      this.stats.refused += 1;
      return BUSY;
    }
    this.stats.runs += 1;
    this.stats.peak = Math.max(this.stats.peak, this.running);
    try {
      return await work();
    } finally {
      // The turn passes to the next in line, if any; otherwise it is free again.
      const next = this.queue.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Takes a turn (true), waiting for one if need be; false when the queue is full or the wait too long. */
  private turn(): Promise<boolean> {
    if (this.running < this.limits.atOnce) {
      this.running += 1;
      return Promise.resolve(true);
    }
    if (this.queue.length >= this.limits.waiting) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        // The finishing one hands its turn over: `running` stays as it was.
        resolve(true);
      };
      const timer = setTimeout(() => {
        const at = this.queue.indexOf(wake);
        if (at >= 0) this.queue.splice(at, 1);
        resolve(false);
      }, this.limits.waitMs);
      this.queue.push(wake);
    });
  }
}
