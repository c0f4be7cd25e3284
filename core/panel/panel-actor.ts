import type { EntityManager } from '@mikro-orm/postgresql';
import { deploymentAdministrator, type Actor } from '../access/actor.js';
import { can } from '../access/policy.js';
import { staffActorFor } from '../people/staff-actor.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';

/**
 * The actor behind a panel account, read fresh from the database on every request: a role taken away or
 * a class handed over takes effect at once, not at the next login. The deployment's administrator is the
 * account with the explicit `deployment` flag, and only that one: an account that lost its staff link by
 * whatever road, and has no flag, opens nothing; nor does a disabled account (staff-accounts.ts).
 */
export async function panelActor(em: EntityManager, accountId: number): Promise<Actor | undefined> {
  if (!Number.isSafeInteger(accountId)) return undefined;
  const account = await em.findOne(AdminAccount, { id: accountId });
  if (!account || account.disabledAt) return undefined;
  if (account.deployment) return account.staff ? undefined : deploymentAdministrator('panel', account.id);
  if (!account.staff) return undefined;
  const actor = await staffActorFor(em, account.staff.id, 'panel', account.id);
  return actor && can(actor, 'panel.enter') ? actor : undefined;
}
