import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { TFunction } from '../i18n/i18n.js';
import { fullName } from '../people/display-name.js';

/**
 * Who made an archive, in the words its title page and the panel's list give: a member of staff by name, else
 * the scheduled job, the command line or the deployment administrator.
 */
export async function makerName(em: EntityManager, actor: Actor, t: TFunction): Promise<string> {
  if (actor.staffId !== undefined) {
    const [row] = await em.execute<{ last_name: string; first_name: string; middle_name: string | null }[]>(
      'select last_name, first_name, middle_name from staff where id = ?', [actor.staffId]);
    if (row) return fullName({ lastName: row.last_name, firstName: row.first_name, middleName: row.middle_name });
  }
  if (actor.kind === 'deployment') return t('archive:madeBy.deployment');
  return t(actor.source === 'job' ? 'archive:madeBy.job' : 'archive:madeBy.system');
}
