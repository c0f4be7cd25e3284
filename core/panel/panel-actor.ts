import type { EntityManager } from '@mikro-orm/postgresql';
import { deploymentAdministrator, staffActor, type Actor } from '../access/actor.js';
import { can } from '../access/policy.js';
import { Group } from '../people/group.entity.js';
import { AdminAccount } from './admin-account.entity.js';

/**
 * The actor behind a panel account, read fresh from the database on every request: a role taken away or
 * a class handed over takes effect at once, not at the next login.
 */
export async function panelActor(em: EntityManager, accountId: number): Promise<Actor | undefined> {
  const account = await em.findOne(AdminAccount, { id: accountId }, { populate: ['staff'] });
  if (!account) return undefined;
  if (!account.staff) return deploymentAdministrator('panel', account.id);
  const staff = account.staff;
  if (!staff.active) return undefined;
  const groups = await em.find(Group, { classTeacher: staff }, { fields: ['id'] });
  const actor = staffActor({
    schoolId: staff.school.id,
    staffId: staff.id,
    roles: staff.roles,
    classGroupIds: groups.map((g) => g.id),
    source: 'panel',
    accountId: account.id,
  });
  return can(actor, 'panel.enter') ? actor : undefined;
}
