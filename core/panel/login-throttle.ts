import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { LoginAttempt } from './login-attempt.entity.js';
import {
  LOGIN_FAILURE_WINDOW_MS,
  LOGIN_FAILURES_BEFORE_LOCK,
  LOGIN_MEMORY_MS,
  lockDuration,
} from './panel-security.js';
import type { Clock } from '../time/clock.js';

/** May the password be checked now; if not, how long until it may. */
export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/** An e-mail as the throttle counts it: what was typed, trimmed and lower-cased (and of a sane length). */
export function throttleKey(email: string): string {
  return String(email).trim().toLowerCase().slice(0, 255);
}

/**
 * Failed logins per e-mail, in PostgreSQL: LOGIN_FAILURES_BEFORE_LOCK failures within
 * LOGIN_FAILURE_WINDOW_MS lock the e-mail for 1 minute, the next lock for 2, then 4, 8 … up to an hour;
 * a successful login forgets them all. Unknown e-mails are counted exactly like known ones.
 *
 * An attempt counts as a failure from the moment it starts (`begin`) until it succeeds, so that a burst
 * of parallel requests, on one instance or several, gets no more password checks than a sequence would.
 * Each step is one short transaction holding the e-mail's row; none is held while a password is hashed.
 */
export class LoginThrottle {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  /** Before a password is checked: refuses while the e-mail is locked, otherwise counts the attempt. */
  async begin(email: string): Promise<ThrottleVerdict> {
    const now = this.clock.now();
    return this.withRow(email, (row) => {
      if (row.lockedUntil && row.lockedUntil > now) {
        return { allowed: false, retryAfterMs: row.lockedUntil.getTime() - now.getTime() };
      }
      if (row.lastFailureAt && now.getTime() - row.lastFailureAt.getTime() >= LOGIN_MEMORY_MS) row.locks = 0;
      if (!row.windowStartedAt || now.getTime() - row.windowStartedAt.getTime() >= LOGIN_FAILURE_WINDOW_MS) {
        row.failures = 0;
        row.windowStartedAt = now;
      }
      // Attempts still in flight have used up the window: this one waits as if they had failed.
      if (row.failures >= LOGIN_FAILURES_BEFORE_LOCK) return { allowed: false, retryAfterMs: lockDuration(row.locks + 1) };
      row.failures += 1;
      return { allowed: true };
    });
  }

  /** The password was wrong: the attempt stays counted, and the last one the window allows locks the e-mail. */
  async failed(email: string): Promise<ThrottleVerdict> {
    const now = this.clock.now();
    return this.withRow(email, (row) => {
      row.lastFailureAt = now;
      const locked = !!row.lockedUntil && row.lockedUntil > now;
      if (locked || row.failures < LOGIN_FAILURES_BEFORE_LOCK) return { allowed: true };
      row.locks += 1;
      const duration = lockDuration(row.locks);
      row.lockedUntil = new Date(now.getTime() + duration);
      row.failures = 0;
      row.windowStartedAt = null;
      return { allowed: false, retryAfterMs: duration };
    });
  }

  /** The password was right (or an administrator set a new one): the e-mail's failures and locks are forgotten. */
  async forget(email: string): Promise<void> {
    await this.em().nativeDelete(LoginAttempt, { email: throttleKey(email) });
  }

  /**
   * Rows whose every time (window, last failure, lock) is more than LOGIN_MEMORY_MS old remember nothing
   * that still matters. Those times are the clock's, written above; updated_at is the database's own stamp.
   */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - LOGIN_MEMORY_MS);
    const old = (field: 'windowStartedAt' | 'lastFailureAt' | 'lockedUntil') => ({ $or: [{ [field]: null }, { [field]: { $lt: cutoff } }] });
    return this.em().nativeDelete(LoginAttempt, { $and: [old('windowStartedAt'), old('lastFailureAt'), old('lockedUntil')] });
  }

  private async withRow(email: string, decide: (row: LoginAttempt) => ThrottleVerdict): Promise<ThrottleVerdict> {
    const key = throttleKey(email);
    return this.em().transactional(async (em) => {
      await em.createQueryBuilder(LoginAttempt).insert({ email: key }).onConflict('email').ignore().execute();
      const row = await em.findOneOrFail(LoginAttempt, { email: key }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      return decide(row);
    });
  }
}
