import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor, type Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Role } from '../access/roles.js';
import { NotFound, ValidationFailed, problem, type Problem } from '../errors.js';
import { AdminAccount } from './admin-account.entity.js';
import { LoginThrottle, throttleKey } from './login-throttle.js';
import { panelActor } from './panel-actor.js';
import { minutesToWait, PASSWORD_MIN_LENGTH } from './panel-security.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { Clock } from '../time/clock.js';

export const DEMO_ADMIN_EMAIL = 'admin@demo.klassny.local';

/** Who logged in, as the panel's session keeps it (roles only decide which buttons to show). */
export interface PanelIdentity {
  id: number;
  email: string;
  roles: Role[];
  deployment: boolean;
}

/** The answer to a login: who it is, or a refusal that says no more than the password was not accepted, or a lock. */
export type LoginResult =
  | { outcome: 'ok'; identity: PanelIdentity; mustChangePassword: boolean }
  | { outcome: 'refused' }
  | { outcome: 'locked'; retryAfterMs: number };

export class AdminAccounts {
  private dummyHash: Promise<string> | undefined;
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.throttle = new LoginThrottle(em, clock);
  }

  /** Forgets sign-in failures and locks that no longer matter (the scheduled housekeeping). */
  pruneLoginAttempts(): Promise<number> {
    return this.throttle.prune();
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

  /** The administrator named by ADMIN_EMAIL/ADMIN_PASSWORD exists and has that password. */
  async ensureConfigured(email: string, password: string): Promise<void> {
    const em = this.em();
    const account = await em.findOne(AdminAccount, { email: email.toLowerCase() });
    if (!account) {
      em.create(AdminAccount, { email: email.toLowerCase(), passwordHash: await hashPassword(password) });
    } else if (!(await verifyPassword(account.passwordHash, password))) {
      account.passwordHash = await hashPassword(password);
    }
    await em.flush();
  }

  /**
   * Outside production, a panel with no administrator gets a demo one. Returns its password when it was
   * created just now (the only time it can be shown), otherwise undefined.
   */
  async ensureDemo(): Promise<{ email: string; password: string } | undefined> {
    const em = this.em();
    if ((await em.count(AdminAccount, {})) > 0) return undefined;
    const password = generatePassword();
    em.create(AdminAccount, { email: DEMO_ADMIN_EMAIL, passwordHash: await hashPassword(password) });
    await em.flush();
    return { email: DEMO_ADMIN_EMAIL, password };
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
   * A login attempt, throttled per e-mail (known or not, so the answers do not tell which accounts exist):
   * while the e-mail is locked even the right password is refused, and the password is not even checked.
   */
  async login(email: string, password: string): Promise<LoginResult> {
    const key = throttleKey(email);
    const verdict = await this.throttle.begin(key);
    if (!verdict.allowed) return { outcome: 'locked', retryAfterMs: verdict.retryAfterMs };
    const found = await this.check(key, String(password));
    if (!found) {
      const after = await this.throttle.failed(key);
      return after.allowed ? { outcome: 'refused' } : { outcome: 'locked', retryAfterMs: after.retryAfterMs };
    }
    await this.throttle.forget(key);
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
    const currentRight = await verifyPassword(account.passwordHash, current);
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

    const mustChangeBefore = account.mustChangePassword;
    account.passwordHash = await hashPassword(next);
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
      await verifyPassword(await this.dummyHash, password);
      return undefined;
    }
    if (!(await verifyPassword(account.passwordHash, password))) return undefined;
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
