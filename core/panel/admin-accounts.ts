import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor, type Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Role } from '../access/roles.js';
import { NotFound, ValidationFailed, problem, type Problem } from '../base/errors.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';
import { disableAccount, setDeploymentFlag } from './account-access.js';
import { addressKey } from './client-address.js';
import { ADDRESS_THROTTLE, LoginThrottle, throttleKey } from './login-throttle.js';
import { panelActor } from './panel-actor.js';
import { BUSY, PasswordChecks } from './password-checks.js';
import { minutesToWait, PASSWORD_MIN_LENGTH } from './panel-security.js';
import { generatePassword, hashPassword, verifyPassword } from '../accounts/passwords.js';
import type { Clock } from '../time/clock.js';

export const DEMO_ADMIN_EMAIL = 'admin@demo.klassny.local';

/** Who logged in, as the panel's session keeps it (roles only decide which buttons to show). */
export interface PanelIdentity {
  id: number;
  email: string;
  roles: Role[];
  deployment: boolean;
}

/**
 * The answer to a login: who it is, or a refusal that says no more than the password was not accepted, or
 * a lock (of the e-mail or of the client address), or «too many attempts at once» (no turn to check).
 */
export type LoginResult =
  | { outcome: 'ok'; identity: PanelIdentity; mustChangePassword: boolean }
  | { outcome: 'refused' }
  | { outcome: 'locked'; retryAfterMs: number }
  | { outcome: 'busy' };

export class AdminAccounts {
  private dummyHash: Promise<string> | undefined;
  private readonly throttle: LoginThrottle;
  private readonly addresses: LoginThrottle;
  /** Every argon2 hash and check of a login or a password change takes a turn here. */
  readonly passwordChecks: PasswordChecks;

  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    passwordChecks = new PasswordChecks(),
  ) {
    this.throttle = new LoginThrottle(em, clock);
    this.addresses = new LoginThrottle(em, clock, ADDRESS_THROTTLE);
    this.passwordChecks = passwordChecks;
  }

  /** Forgets sign-in failures and locks that no longer matter (the scheduled housekeeping). */
  async pruneLoginAttempts(): Promise<number> {
    return (await this.throttle.prune()) + (await this.addresses.prune());
  }

  /** A password change in the audit log: that it happened and whether a change is now required, never the password. */
  private logPasswordChange(em: EntityManager, account: AdminAccount, actor: Actor, mustChangeBefore: boolean): void {
    this.audit.record(em, {
      actor,
      action: 'update',
      entity: 'AdminAccount',
      entityId: account.id,
      schoolId: null,
      before: { email: account.email, mustChangePassword: mustChangeBefore },
      after: { email: account.email, mustChangePassword: account.mustChangePassword, passwordChanged: true },
    });
  }

  /**
   * The administrator named by ADMIN_EMAIL/ADMIN_PASSWORD exists, has that password and is the deployment's
   * administrator (its flag set: the start-up is one of the two places that set it, the CLI the other). An
   * e-mail that is a member of staff's panel login is refused: one login cannot be both.
   */
  async ensureConfigured(email: string, password: string): Promise<void> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { email: email.toLowerCase() });
    if (!account) {
      em.create(AdminAccount, { email: email.toLowerCase(), passwordHash: await hashPassword(password), deployment: true });
    } else {
      if (account.staff) throw new Error('ADMIN_EMAIL names the panel login of a member of staff; give the deployment administrator an e-mail of its own');
      account.deployment = true;
      if (!(await verifyPassword(account.passwordHash, password))) account.passwordHash = await hashPassword(password);
    }
    await em.flush();
  }

  /**
   * Outside production, a panel with no deployment administrator gets a demo one. Returns its password when
   * it was created just now (the only time it can be shown), otherwise undefined.
   */
  async ensureDemo(): Promise<{ email: string; password: string } | undefined> {
    const em = this.em();
    if ((await em.count(AdminAccount, { deployment: true })) > 0) return undefined;
    const existing = await em.findOne(AdminAccount, { email: DEMO_ADMIN_EMAIL });
    if (existing) {
      // The demo account of a database from before the flag, which the migration did not recognise.
      if (!existing.staff) existing.deployment = true;
      await em.flush();
      return undefined;
    }
    const password = generatePassword();
    em.create(AdminAccount, { email: DEMO_ADMIN_EMAIL, passwordHash: await hashPassword(password), deployment: true });
    await em.flush();
    return { email: DEMO_ADMIN_EMAIL, password };
  }

  /** The CLI's `admin:disable`: the login goes and its sessions end (see disableAccount). False: no such e-mail. */
  async disable(email: string, actor: Actor = systemActor('cli')): Promise<boolean> {
    const account = await this.em().findOne(AdminAccount, { email: throttleKey(email) });
    if (!account) return false;
    await disableAccount(this.em(), this.audit, account.id, actor);
    return true;
  }

  /** The CLI's `admin:deployment`: the only way besides ADMIN_EMAIL to make (or unmake) the deployment's administrator. */
  setDeployment(email: string, on: boolean, actor: Actor = systemActor('cli')): Promise<boolean> {
    return setDeploymentFlag(this.em(), this.audit, email, on, actor);
  }

  async resetPassword(email: string, actor: Actor = systemActor('cli')): Promise<string | undefined> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { email: email.toLowerCase() });
    if (!account) return undefined;
    const password = generatePassword();
    const mustChangeBefore = account.mustChangePassword;
    account.passwordHash = await hashPassword(password);
    account.mustChangePassword = true;
    this.logPasswordChange(em, account, actor, mustChangeBefore);
    await em.flush();
    // Whoever locked the account out by guessing, its owner can log in with the new password at once.
    await this.throttle.forget(account.email);
    return password;
  }

  /**
   * A login attempt, throttled per client address (many e-mails from one place) and per e-mail (known or
   * not, so the answers do not tell which accounts exist): while either is locked even the right password
   * is refused, and the password is not even checked. The whole sign-in waits for a turn (PasswordChecks);
   * none in time is «busy», before any work, and counts against neither. `address` is the client's IP as the HTTP layer
   * sees it (behind a proxy, the forwarded one); without it only the e-mail is throttled (the CLI, tests).
   */
  async login(email: string, password: string, address?: string): Promise<LoginResult> {
    const result = await this.passwordChecks.run(() => this.signIn(email, password, address));
    return result === BUSY ? { outcome: 'busy' } : result;
  }

  private async signIn(email: string, password: string, address?: string): Promise<LoginResult> {
    const key = throttleKey(email);
    const place = address === undefined ? undefined : addressKey(address);
    // Both counters in one short transaction per step (the address's row first, always, so that two
    // sign-ins never wait on each other's rows the other way round); none is held while hashing.
    const both = <T>(work: (tx: EntityManager) => Promise<T>) => this.em().transactional(work);
    const verdict = await both(async (tx) => {
      if (place !== undefined) {
        const fromHere = await this.addresses.begin(place, tx);
        if (!fromHere.allowed) return fromHere;
      }
      const ofEmail = await this.throttle.begin(key, tx);
      // No password will be checked: the address keeps its budget for the people behind it.
      if (!ofEmail.allowed && place !== undefined) await this.addresses.refund(place, tx);
      return ofEmail;
    });
    if (!verdict.allowed) return { outcome: 'locked', retryAfterMs: verdict.retryAfterMs };

    const found = await this.check(key, String(password));
    if (!found) {
      const [fromHere, ofEmail] = await both(async (tx) => [
        place === undefined ? undefined : await this.addresses.failed(place, tx),
        await this.throttle.failed(key, tx),
      ] as const);
      if (!ofEmail.allowed) return { outcome: 'locked', retryAfterMs: ofEmail.retryAfterMs };
      return !fromHere || fromHere.allowed ? { outcome: 'refused' } : { outcome: 'locked', retryAfterMs: fromHere.retryAfterMs };
    }
    await both(async (tx) => {
      if (place !== undefined) await this.addresses.refund(place, tx);
      await this.throttle.forget(key, tx);
    });
    return { outcome: 'ok', ...found };
  }

  /** `login` for callers that only need who it is. */
  async authenticate(email: string, password: string): Promise<PanelIdentity | undefined> {
    const result = await this.login(email, password);
    return result.outcome === 'ok' ? result.identity : undefined;
  }

  /**
   * Replaces a password, the current one being known: at least PASSWORD_MIN_LENGTH characters, not the
   * current one, not the e-mail. Clears `mustChangePassword`. A wrong current password counts as a failed
   * login of the account. Problems come as ValidationFailed on the fields `current` and `next`.
   */
  async changePassword(accountId: number, current: string, next: string): Promise<void> {
    const done = await this.passwordChecks.run(() => this.replacePassword(accountId, current, next));
    if (done === BUSY) throw new ValidationFailed([problem('loginBusy', 'current')]);
  }

  private async replacePassword(accountId: number, current: string, next: string): Promise<void> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { id: accountId });
    if (!account) throw new NotFound('AdminAccount');
    current = String(current);
    next = String(next);

    const problems: Problem[] = [];
    const verdict = await this.throttle.begin(account.email);
    if (!verdict.allowed) {
      throw new ValidationFailed([problem('loginThrottled', 'current', { count: minutesToWait(verdict.retryAfterMs) })]);
    }
    const currentRight = await this.passwordChecks.verify(account.passwordHash, current);
    if (currentRight) {
      await this.throttle.forget(account.email);
    } else {
      const after = await this.throttle.failed(account.email);
      problems.push(after.allowed
        ? problem('passwordWrong', 'current')
        : problem('loginThrottled', 'current', { count: minutesToWait(after.retryAfterMs) }));
    }
    const lowered = next.trim().toLowerCase();
    if (next.length < PASSWORD_MIN_LENGTH) problems.push(problem('passwordTooShort', 'next', { min: PASSWORD_MIN_LENGTH }));
    else if (currentRight && next === current) problems.push(problem('passwordUnchanged', 'next'));
    else if (lowered === account.email || lowered === account.email.split('@')[0]) problems.push(problem('passwordIsEmail', 'next'));
    if (problems.length) throw new ValidationFailed(problems);

    const hashed = await this.passwordChecks.hash(next);
    const mustChangeBefore = account.mustChangePassword;
    account.passwordHash = hashed;
    account.mustChangePassword = false;
    this.logPasswordChange(em, account, (await panelActor(em, account.id)) ?? systemActor('panel'), mustChangeBefore);
    await em.flush();
  }

  /** Checks a password; an unknown e-mail costs the same hashing time as a known one. */
  private async check(email: string, password: string): Promise<{ identity: PanelIdentity; mustChangePassword: boolean } | undefined> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { email });
    if (!account) {
      this.dummyHash ??= hashPassword(generatePassword());
      const dummy = await this.dummyHash;
      await this.passwordChecks.verify(dummy, password);
      return undefined;
    }
    if (!(await this.passwordChecks.verify(account.passwordHash, password))) return undefined;
    // A correct password of someone the panel is not for (a guardian's account, a dismissed teacher) opens nothing.
    const actor = await panelActor(em, account.id);
    if (!actor) return undefined;
    account.lastLoginAt = this.clock.now();
    await em.flush();
    return {
      identity: { id: account.id, email: account.email, roles: [...actor.roles], deployment: actor.kind === 'deployment' },
      mustChangePassword: account.mustChangePassword,
    };
  }
}
