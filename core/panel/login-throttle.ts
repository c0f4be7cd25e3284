import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import {
  ADDRESS_FAILURES_BEFORE_LOCK,
  ADDRESS_FAILURE_WINDOW_MS,
  addressLockDuration,
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

/** The columns both throttles keep per key (an e-mail, a client address). */
interface AttemptRow {
  failures: number;
  windowStartedAt?: Date | null;
  lastFailureAt?: Date | null;
  locks: number;
  lockedUntil?: Date | null;
}

/** What is counted, in which table, and how hard. */
export interface ThrottlePolicy {
  /** The entity's name: LoginAttempt (login-attempt.entity.ts) or LoginAddressAttempt. */
  entity: 'LoginAttempt' | 'LoginAddressAttempt';
  /** The entity's primary key property. */
  key: 'email' | 'address';
  failuresBeforeLock: number;
  windowMs: number;
  /** How long the n-th lock (1, 2, 3 …) since the key's last success lasts. */
  lockDuration(n: number): number;
}

/** Per e-mail: five failures in 15 minutes lock it for 1, 2, 4 … minutes, up to an hour. */
export const EMAIL_THROTTLE: ThrottlePolicy = {
  entity: 'LoginAttempt', key: 'email', failuresBeforeLock: LOGIN_FAILURES_BEFORE_LOCK, windowMs: LOGIN_FAILURE_WINDOW_MS, lockDuration,
};

/** Per client address: see ADDRESS_FAILURES_BEFORE_LOCK. */
export const ADDRESS_THROTTLE: ThrottlePolicy = {
  entity: 'LoginAddressAttempt', key: 'address', failuresBeforeLock: ADDRESS_FAILURES_BEFORE_LOCK, windowMs: ADDRESS_FAILURE_WINDOW_MS, lockDuration: addressLockDuration,
};

/**
 * Failed logins per key, in PostgreSQL: `failuresBeforeLock` failures within `windowMs` lock the key,
 * each further lock longer (the policy's ladder); a successful login forgets them (`forget`, per e-mail)
 * or gives back its own attempt (`refund`, per address: one person's success must not wipe out the
 * failures of others behind the same address). Unknown e-mails are counted exactly like known ones.
 *
 * An attempt counts as a failure from the moment it starts (`begin`) until it succeeds, so that a burst
 * of parallel requests, on one instance or several, gets no more password checks than a sequence would.
 * Each step is one short transaction holding the key's row; none is held while a password is hashed.
 */
export class LoginThrottle {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly policy: ThrottlePolicy = EMAIL_THROTTLE,
  ) {}

  /** Before a password is checked: refuses while the key is locked, otherwise counts the attempt. */
  async begin(key: string, tx?: EntityManager): Promise<ThrottleVerdict> {
    const now = this.clock.now();
    const { failuresBeforeLock, windowMs } = this.policy;
    return this.withRow(key, tx, (row) => {
      if (row.lockedUntil && row.lockedUntil > now) {
        return { allowed: false, retryAfterMs: row.lockedUntil.getTime() - now.getTime() };
      }
      if (row.lastFailureAt && now.getTime() - row.lastFailureAt.getTime() >= LOGIN_MEMORY_MS) row.locks = 0;
      if (!row.windowStartedAt || now.getTime() - row.windowStartedAt.getTime() >= windowMs) {
        row.failures = 0;
        row.windowStartedAt = now;
      }
      // Attempts still in flight have used up the window: this one waits as if they had failed.
      if (row.failures >= failuresBeforeLock) return { allowed: false, retryAfterMs: this.policy.lockDuration(row.locks + 1) };
      row.failures += 1;
      return { allowed: true };
    });
  }

  /** The password was wrong: the attempt stays counted, and the last one the window allows locks the key. */
  async failed(key: string, tx?: EntityManager): Promise<ThrottleVerdict> {
    const now = this.clock.now();
    return this.withRow(key, tx, (row) => {
      row.lastFailureAt = now;
      const locked = !!row.lockedUntil && row.lockedUntil > now;
      if (locked || row.failures < this.policy.failuresBeforeLock) return { allowed: true };
      row.locks += 1;
      const duration = this.policy.lockDuration(row.locks);
      row.lockedUntil = new Date(now.getTime() + duration);
      row.failures = 0;
      row.windowStartedAt = null;
      return { allowed: false, retryAfterMs: duration };
    });
  }

  /** The attempt `begin` counted did not fail (it succeeded, or its password was never checked): it is given back. */
  async refund(key: string, tx?: EntityManager): Promise<void> {
    await this.withRow(key, tx, (row) => {
      if (row.failures > 0) row.failures -= 1;
      return { allowed: true };
    });
  }

  /** The password was right (or an administrator set a new one): the key's failures and locks are forgotten. */
  async forget(key: string, tx?: EntityManager): Promise<void> {
    await (tx ?? this.em()).nativeDelete<AttemptRow>(this.policy.entity, { [this.policy.key]: this.keyOf(key) });
  }

  /**
   * Rows whose every time (window, last failure, lock) is more than LOGIN_MEMORY_MS old remember nothing
   * that still matters. Those times are the clock's, written above; updated_at is the database's own stamp.
   */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - LOGIN_MEMORY_MS);
    const old = (field: 'windowStartedAt' | 'lastFailureAt' | 'lockedUntil') => ({ $or: [{ [field]: null }, { [field]: { $lt: cutoff } }] });
    return this.em().nativeDelete<AttemptRow>(this.policy.entity, { $and: [old('windowStartedAt'), old('lastFailureAt'), old('lockedUntil')] });
  }

  private keyOf(key: string): string {
    return this.policy.key === 'email' ? throttleKey(key) : String(key).slice(0, 255);
  }

  /** One step on the key's row, locked: in `tx` when given (a caller's transaction holding several keys), else in a transaction of its own. */
  private async withRow(rawKey: string, tx: EntityManager | undefined, decide: (row: AttemptRow) => ThrottleVerdict): Promise<ThrottleVerdict> {
    const { entity, key: column } = this.policy;
    const where = { [column]: this.keyOf(rawKey) } as never;
    const step = async (em: EntityManager) => {
      await em.createQueryBuilder<AttemptRow>(entity).insert(where).onConflict(column as never).ignore().execute();
      const row = await em.findOneOrFail<AttemptRow>(entity, where, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
      const verdict = decide(row);
      await em.flush();
      return verdict;
    };
    return tx ? step(tx) : this.em().transactional(step);
  }
}
