/**
 * The panel's security settings (issue 4, point 7) and the rules of a logged-in session. Pure: the HTTP
 * layer keeps the state in the session and asks these functions what it means.
 */

/** A session unused this long is over (also the cookie's rolling max-age). */
export const SESSION_IDLE_MS = 2 * 3600_000;
/** A session is over this long after its login, however busy. */
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;

/** Failed logins of one e-mail within LOGIN_FAILURE_WINDOW_MS that lock it. */
export const LOGIN_FAILURES_BEFORE_LOCK = 5;
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
/** The first lock; each further lock since the last success doubles it, up to LOGIN_LOCK_MAX_MS. */
export const LOGIN_LOCK_FIRST_MS = 60_000;
export const LOGIN_LOCK_MAX_MS = 3600_000;
/** After this long without a failure an e-mail's locks are forgotten (and its row may be pruned). */
export const LOGIN_MEMORY_MS = 24 * 3600_000;

/**
 * Failed logins from one client address (whatever the e-mails) within ADDRESS_FAILURE_WINDOW_MS that lock
 * the address: enough for the typos of a school's staff behind one NAT, too few for trying e-mails.
 */
export const ADDRESS_FAILURES_BEFORE_LOCK = 10;
export const ADDRESS_FAILURE_WINDOW_MS = 15 * 60_000;
/** An address's locks double from a minute up to this (shorter than an e-mail's: many people may share it). */
export const ADDRESS_LOCK_MAX_MS = 15 * 60_000;

/** Password checks (argon2, ≈19 MiB and tens of milliseconds of CPU each) run at once in one process. */
export const PASSWORD_CHECKS_AT_ONCE = 2;
/** Checks that may wait for a turn; one more is refused at once as «too many attempts». */
export const PASSWORD_CHECKS_WAITING = 8;
/** The longest a check waits for its turn before it is refused the same way. */
export const PASSWORD_CHECK_WAIT_MS = 3000;

export const PASSWORD_MIN_LENGTH = 10;

/** How long the n-th lock (1, 2, 3 …) since the last successful login lasts: 1, 2, 4, 8 … minutes, at most an hour. */
export function lockDuration(n: number): number {
  return Math.min(LOGIN_LOCK_FIRST_MS * 2 ** Math.max(0, n - 1), LOGIN_LOCK_MAX_MS);
}

/** How long the n-th lock of a client address lasts: 1, 2, 4, 8 minutes, then ADDRESS_LOCK_MAX_MS. */
export function addressLockDuration(n: number): number {
  return Math.min(LOGIN_LOCK_FIRST_MS * 2 ** Math.max(0, n - 1), ADDRESS_LOCK_MAX_MS);
}

/** Whole minutes to wait, as a person would be told: never 0. */
export function minutesToWait(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** What the panel keeps in the session about its login, next to AdminJS's `adminUser`. */
export interface PanelLoginState {
  /** ISO time of the login: the absolute timeout counts from here. */
  loginAt: string;
  /** ISO time of the last request: the idle timeout counts from here. */
  seenAt: string;
  /** Logged in with a temporary password: nothing but the password change until it is changed. */
  mustChangePassword: boolean;
}

export function newLoginState(now: Date, mustChangePassword: boolean): PanelLoginState {
  return { loginAt: now.toISOString(), seenAt: now.toISOString(), mustChangePassword };
}

/**
 * Why a logged-in session may no longer be used, or undefined while it may. A session without a readable
 * login state (made before these rules, or tampered with) is over too.
 */
export function sessionEnded(state: unknown, now: Date): 'absolute' | 'idle' | 'unknown' | undefined {
  if (!state || typeof state !== 'object') return 'unknown';
  const { loginAt, seenAt } = state as Partial<Record<keyof PanelLoginState, unknown>>;
  const login = typeof loginAt === 'string' ? Date.parse(loginAt) : NaN;
  const seen = typeof seenAt === 'string' ? Date.parse(seenAt) : NaN;
  if (Number.isNaN(login) || Number.isNaN(seen)) return 'unknown';
  if (now.getTime() - login >= SESSION_ABSOLUTE_MS) return 'absolute';
  if (now.getTime() - seen >= SESSION_IDLE_MS) return 'idle';
  return undefined;
}
