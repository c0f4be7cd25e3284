import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AccessDenied, NotFound, ValidationFailed, problem } from '../base/errors.js';
import { endSessionsOf } from '../accounts/account-sessions.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';

/** Accounts span schools: only the deployment's administrator (and the system: start-up, CLI) manage them. */
export function requireAccountManager(actor: Actor): void {
  if (actor.kind !== 'deployment' && actor.kind !== 'system') throw new AccessDenied('accounts.view');
}

/**
 * Disables a panel login: the account goes (its staff record may then be deleted), and every session of it
 * ends in the same transaction. A deployment account is the start-up's and the CLI's business: the panel
 * cannot disable one (nor, anywhere, grant one). Audited like any change.
 */
export async function disableAccount(em: EntityManager, audit: AuditLog, accountId: number, actor: Actor): Promise<void> {
  requireAccountManager(actor);
  await em.transactional(async (tx) => {
    const account = await tx.findOne(AdminAccount, { id: accountId });
    if (!account) throw new NotFound('AdminAccount');
    if (account.deployment && actor.kind !== 'system') throw new ValidationFailed([problem('deploymentAccountManagedByStartup')]);
    audit.record(tx, {
      actor,
      action: 'delete',
      entity: 'AdminAccount',
      entityId: account.id,
      schoolId: null,
      before: { email: account.email, staff: account.staff?.id ?? null, deployment: account.deployment },
    });
    await endSessionsOf(tx, [account.id]);
    tx.remove(account);
  });
}

/**
 * Grants or withdraws the deployment flag (the CLI's `admin:deployment`): never from the panel. A member
 * of staff's login cannot carry it (the database refuses the pair too).
 */
export async function setDeploymentFlag(em: EntityManager, audit: AuditLog, email: string, on: boolean, actor: Actor): Promise<boolean> {
  if (actor.kind !== 'system') throw new AccessDenied('accounts.view');
  const account = await em.findOne(AdminAccount, { email: email.trim().toLowerCase() });
  if (!account) return false;
  if (on && account.staff) throw new ValidationFailed([problem('deploymentAccountHasStaff')]);
  const before = account.deployment;
  account.deployment = on;
  audit.record(em, { actor, action: 'update', entity: 'AdminAccount', entityId: account.id, schoolId: null, before: { email: account.email, deployment: before }, after: { email: account.email, deployment: on } });
  await em.flush();
  return true;
}
