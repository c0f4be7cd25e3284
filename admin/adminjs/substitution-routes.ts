import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { requestActor } from './request-actor.js';

const positiveId = (value: unknown) => (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);

/**
 * «Замена» of a timetable slot (C6): the deputy or the administrator names who substitutes in the slot's
 * lesson on a date. The core checks the rights (timetable.edit) and that the date is a day of the slot.
 */
export function substitutionRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  const t = translator(core.i18n, 'ru');

  app.get<{ Params: { slotId: string } }>(`${rootPath}/data/substitutions/:slotId`, async (req, reply) => {
    const slotId = positiveId(req.params.slotId);
    if (!slotId) return reply.code(404).send();
    return core.substitutions.forSlot(slotId, requestActor(req));
  });

  app.post<{ Params: { slotId: string }; Body: { date?: unknown; substituteId?: unknown } }>(`${rootPath}/data/substitutions/:slotId`, async (req, reply) => {
    const slotId = positiveId(req.params.slotId);
    if (!slotId) return reply.code(404).send();
    const actor = requestActor(req);
    const { date, substituteId } = req.body ?? {};
    const substitute = substituteId === null || substituteId === '' ? null : positiveId(typeof substituteId === 'number' ? String(substituteId) : substituteId);
    if (typeof date !== 'string' || substitute === undefined) {
      return reply.code(422).send({ errors: [describeProblem(t, { key: 'required', params: { field: 'date' } })] });
    }
    await core.substitutions.set(slotId, date, substitute, actor);
    return core.substitutions.forSlot(slotId, actor);
  });
}
