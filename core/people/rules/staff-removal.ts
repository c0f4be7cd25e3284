import type { EntityManager } from '@mikro-orm/postgresql';
import { problem, type Problem } from '../../base/errors.js';

/**
 * A member of staff with a panel login cannot be deleted: the login would be left without the person it
 * acts as (once, that made it the deployment's administrator). The login is disabled and removed first
 * (from the staff record, «Доступ к панели»; by the deployment's administrator; or `cli admin:disable`). The foreign key
 * restricts the delete as well; this says why, next to the action. The entity is named, not imported:
 * the panel's module depends on this one, not the other way round.
 */
export async function checkStaffRemoval(em: EntityManager, staffId: number): Promise<Problem[]> {
  const logins = await em.count('AdminAccount', { staff: staffId });
  return logins > 0 ? [problem('staffHasPanelAccount')] : [];
}
