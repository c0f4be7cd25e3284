import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { AccessDenied } from '../base/errors.js';
import type { RecordKindName } from '../records/record-kinds.js';
import { School } from '../school/school.entity.js';
import type { PanelRecords } from './panel-records.js';

const COUNTED = ['Student', 'Guardian', 'Staff', 'Group', 'TimetableSlot'] as const satisfies readonly RecordKindName[];

export interface PanelHome {
  school: string | null;
  /** How many of each the actor may see; a kind it may not see is left out. */
  counts: Partial<Record<(typeof COUNTED)[number], number>>;
}

/**
 * The panel's home page: the school's name and how many of each thing the person may see, counted through
 * the same scopes as the lists, so a class teacher sees its class's numbers.
 */
export async function panelHome(em: EntityManager, records: PanelRecords, actor: Actor): Promise<PanelHome> {
  const counts: PanelHome['counts'] = {};
  for (const kind of COUNTED) {
    try {
      counts[kind] = await records.count(kind, actor);
    } catch (err) {
      if (!(err instanceof AccessDenied)) throw err;
    }
  }
  const school = actor.schoolId ? await em.findOne(School, actor.schoolId) : null;
  return { school: school?.name ?? null, counts };
}
