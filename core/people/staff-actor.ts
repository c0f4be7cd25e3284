import type { EntityManager } from '@mikro-orm/postgresql';
import { Group } from './group.entity.js';
import { Staff } from './staff.entity.js';
import { staffActor, type Actor } from '../access/actor.js';
import type { Source } from '../access/roles.js';

/**
 * A member of staff as an Actor, read fresh from the database: its granted roles and the groups it is class
 * teacher of. Undefined when the person is gone or no longer active. Shared by the panel and the bot.
 */
export async function staffActorFor(em: EntityManager, staffId: number, source: Source, accountId?: number): Promise<Actor | undefined> {
  const staff = await em.findOne(Staff, { id: staffId });
  if (!staff?.active) return undefined;
  const groups = await em.find(Group, { classTeacher: staff.id }, { fields: ['id'] });
  return staffActor({
    schoolId: staff.school.id,
    staffId: staff.id,
    roles: staff.roles,
    classGroupIds: groups.map((g) => g.id),
    source,
    ...(accountId !== undefined ? { accountId } : {}),
  });
}
