import type { CurrentAdmin } from 'adminjs';
import type { Core } from '../../core/core.js';
import { panelActor } from '../../core/panel/panel-actor.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { School } from '../../core/school/school.entity.js';

const COUNTED: RecordKindName[] = ['Student', 'Guardian', 'Staff', 'Group', 'TimetableSlot'];

/**
 * What the panel's home page shows: the school's name and how many of each thing the person may see —
 * counted through the same scopes as the lists, so a class teacher sees their class's numbers.
 */
export function dashboardHandler(core: Core) {
  return async (_request: unknown, _response: unknown, context: { currentAdmin?: CurrentAdmin }) =>
    core.unitOfWork(async () => {
      const accountId = (context.currentAdmin as { id?: number } | undefined)?.id;
      const actor = accountId ? await panelActor(core.orm.em, accountId) : undefined;
      if (!actor) return { counts: {} };
      const counts: Partial<Record<RecordKindName, number>> = {};
      for (const kind of COUNTED) {
        const where = await core.records.listFilter(kind, actor).catch(() => undefined);
        if (where) counts[kind] = await core.orm.em.count(core.records.kind(kind).entity.meta.className, where);
      }
      const school = actor.schoolId ? await core.orm.em.findOne(School, actor.schoolId) : null;
      return { school: school?.name ?? null, counts };
    });
}
