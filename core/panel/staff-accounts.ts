import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolScope, type Actor } from '../access/actor.js';
import { can, requireAccess } from '../access/policy.js';
import { staffActorFor } from '../people/staff-actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { isEmail } from '../people/rules/people-rules.js';
import { Staff } from '../people/staff.entity.js';
import { fullName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';
import { endSessionsOf } from '../accounts/account-sessions.js';
import { LoginThrottle } from './login-throttle.js';
import { generatePassword, hashPassword } from '../accounts/passwords.js';

/** A member of staff's panel access as the «Доступ к панели» action shows it. */
export interface StaffPanelAccess {
  staff: { id: number; fullName: string; active: boolean; email: string | null };
  account: { email: string; disabled: boolean; mustChangePassword: boolean; lastLoginAt: string | null } | null;
}

/** What the printable slip says, once: the temporary password is not kept anywhere but as its hash. */
export interface TemporaryPassword {
  staffId: number;
  fullName: string;
  schoolName: string;
  email: string;
  password: string;
}

const ENTITY = 'AdminAccount';

/**
 * Panel accounts of members of staff (B1: access is issued, not self-served): the school's administrator
 * (or the deployment's) gives one from the staff record, disables, re-enables and resets it, and removes a
 * disabled one. The account acts with the staff record's roles, read afresh on every request
 * (panel-actor.ts): nothing here takes a role, a school or a flag from the caller, only an e-mail. The
 * password is a temporary one, shown once and changed at the first sign-in. Every step is audited in the
 * school's log, never with a password.
 */
export class StaffAccounts {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.throttle = new LoginThrottle(em, clock);
  }

  async access(staffId: number, actor: Actor): Promise<StaffPanelAccess> {
    const em = this.em();
    const staff = await this.staffFor(em, staffId, actor);
    const account = await em.findOne(AdminAccount, { staff: staff.id });
    return {
      staff: { id: staff.id, fullName: fullName(staff), active: staff.active, email: staff.email ?? null },
      account: account && {
        email: account.email,
        disabled: Boolean(account.disabledAt),
        mustChangePassword: account.mustChangePassword,
        lastLoginAt: account.lastLoginAt?.toISOString() ?? null,
      },
    };
  }

  /** Gives the member of staff an account signing in with `email` (the one field taken from the form). */
  async grant(staffId: number, email: unknown, actor: Actor): Promise<TemporaryPassword> {
    const em = this.em();
    const staff = await this.staffFor(em, staffId, actor);
    if (!staff.active) throw new ValidationFailed([problem('staffInactive')]);
    if (await em.count(AdminAccount, { staff: staff.id })) throw new ValidationFailed([problem('staffAlreadyHasPanelAccount')]);
    const person = await staffActorFor(em, staff.id, 'panel');
    if (!person || !can(person, 'panel.enter')) throw new ValidationFailed([problem('staffHasNoPanelRole')]);
    const login = typeof email === 'string' ? email.trim().toLowerCase() : '';
    if (!login) throw new ValidationFailed([problem('required', 'email')]);
    if (!isEmail(login)) throw new ValidationFailed([problem('emailInvalid', 'email', { value: login.slice(0, 254) })]);
    if (await em.count(AdminAccount, { email: login })) throw new ValidationFailed([problem('panelEmailTaken', 'email', { value: login })]);

    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    try {
      await em.transactional(async (tx) => {
        const account = tx.create(AdminAccount, { email: login, passwordHash, staff: staff.id, mustChangePassword: true });
        await tx.flush();
        this.audit.record(tx, {
          actor,
          action: 'create',
          entity: ENTITY,
          entityId: account.id,
          schoolId: staff.school.id,
          after: { email: login, staff: staff.id, mustChangePassword: true },
        });
        await tx.flush();
      });
    } catch (err) {
      // Two administrators at once, or the same e-mail given twice: the unique keys decide.
      if (err instanceof UniqueConstraintViolationException) throw new ValidationFailed([problem('panelEmailTaken', 'email', { value: login })]);
      throw err;
    }
    // A sign-in locked by guesses at this e-mail before it existed must not greet its owner.
    await this.throttle.forget(login);
    return this.slip(em, staff, login, password);
  }

  /** Disables the account: it signs in no more, and every session of it ends now. */
  async disable(staffId: number, actor: Actor): Promise<void> {
    await this.change(staffId, actor, async (tx, account) => {
      if (account.disabledAt) throw new ValidationFailed([problem('panelAccountAlreadyDisabled')]);
      if (account.id === actor.accountId) throw new ValidationFailed([problem('panelAccountOwn')]);
      account.disabledAt = this.clock.now();
      await endSessionsOf(tx, [account.id]);
      return [{ disabled: false }, { disabled: true }];
    });
  }

  async enable(staffId: number, actor: Actor): Promise<void> {
    await this.change(staffId, actor, async (_tx, account, staff) => {
      if (!account.disabledAt) throw new ValidationFailed([problem('panelAccountNotDisabled')]);
      if (!staff.active) throw new ValidationFailed([problem('staffInactive')]);
      account.disabledAt = null;
      return [{ disabled: true }, { disabled: false }];
    });
  }

  /** A new temporary password (shown once, changed at the next sign-in); the account's sessions end. */
  async resetPassword(staffId: number, actor: Actor): Promise<TemporaryPassword> {
    requireAccess(actor, 'staff.edit');
    const password = generatePassword();
    const passwordHash = await hashPassword(password);
    const { account, staff } = await this.change(staffId, actor, async (tx, account) => {
      if (account.id === actor.accountId) throw new ValidationFailed([problem('panelAccountOwn')]);
      const before = account.mustChangePassword;
      account.passwordHash = passwordHash;
      account.mustChangePassword = true;
      await endSessionsOf(tx, [account.id]);
      return [{ mustChangePassword: before }, { mustChangePassword: true, passwordChanged: true }];
    });
    await this.throttle.forget(account.email);
    return this.slip(this.em(), staff, account.email, password);
  }

  /** Removes a disabled account for good (then the staff record may be deleted); its links go with it. */
  async remove(staffId: number, actor: Actor): Promise<void> {
    const em = this.em();
    const staff = await this.staffFor(em, staffId, actor);
    await em.transactional(async (tx) => {
      const account = await this.accountFor(tx, staff.id);
      if (!account.disabledAt) throw new ValidationFailed([problem('panelAccountDisableFirst')]);
      this.audit.record(tx, {
        actor,
        action: 'delete',
        entity: ENTITY,
        entityId: account.id,
        schoolId: staff.school.id,
        before: { email: account.email, staff: staff.id, disabled: true },
      });
      tx.remove(account);
      await tx.flush();
    });
  }

  /** The staff record as the actor may manage its access: refused without staff.edit, not found in another school. */
  private async staffFor(em: EntityManager, staffId: number, actor: Actor): Promise<Staff> {
    requireAccess(actor, 'staff.edit');
    const staff = Number.isSafeInteger(staffId) && staffId > 0 ? await em.findOne(Staff, { id: staffId, ...schoolScope(actor) }) : null;
    if (!staff) throw new NotFound('Staff');
    requireAccess(actor, 'staff.edit', { schoolId: staff.school.id });
    return staff;
  }

  private async accountFor(em: EntityManager, staffId: number): Promise<AdminAccount> {
    // Locked: two administrators pressing «Отключить» and «Сбросить пароль» at once take turns.
    const [row] = await em.execute<{ id: number }[]>('select id from admin_account where staff_id = ? for update', [staffId]);
    const account = row ? await em.findOne(AdminAccount, { id: row.id }, { refresh: true }) : null;
    if (!account) throw new ValidationFailed([problem('staffHasNoPanelAccount')]);
    return account;
  }

  /** One change of an existing account, in a transaction, audited as `before` → `after`. */
  private async change(
    staffId: number,
    actor: Actor,
    apply: (tx: EntityManager, account: AdminAccount, staff: Staff) => Promise<[Record<string, unknown>, Record<string, unknown>]>,
  ): Promise<{ account: AdminAccount; staff: Staff }> {
    const em = this.em();
    const staff = await this.staffFor(em, staffId, actor);
    return em.transactional(async (tx) => {
      const account = await this.accountFor(tx, staff.id);
      const [before, after] = await apply(tx, account, staff);
      this.audit.record(tx, {
        actor,
        action: 'update',
        entity: ENTITY,
        entityId: account.id,
        schoolId: staff.school.id,
        before: { email: account.email, ...before },
        after: { email: account.email, ...after },
      });
      await tx.flush();
      return { account, staff };
    });
  }

  private async slip(em: EntityManager, staff: Staff, email: string, password: string): Promise<TemporaryPassword> {
    const school = await em.findOneOrFail(School, staff.school.id);
    return { staffId: staff.id, fullName: fullName(staff), schoolName: school.name, email, password };
  }
}
