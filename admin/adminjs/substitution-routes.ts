import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { AccessDenied, DomainError, NotFound } from '../../core/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import type { ActorOf } from './invite-routes.js';

const positiveId = (value: unknown) => (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);

/**
 * «Замена» of a timetable slot (C6): the deputy or the administrator names who substitutes in the slot's
 * lesson on a date. The core checks the rights (timetable.edit) and that the date is a day of the slot.
 */
export function substitutionRoutes(app: FastifyInstance, core: Core, rootPath: string, actorOf: ActorOf): void {
  const t = translator(core.i18n, 'ru');
  const fail = (err: unknown) => {
    if (err instanceof AccessDenied) return { code: 403, errors: [describeProblem(t, { key: 'accessDenied' })] };
    if (err instanceof NotFound) return { code: 404, errors: err.problems.map((p) => describeProblem(t, p)) };
    if (err instanceof DomainError) return { code: 422, errors: err.problems.map((p) => describeProblem(t, p)) };
    throw err;
  };

  app.get<{ Params: { slotId: string } }>(`${rootPath}/data/substitutions/:slotId`, async (req, reply) => {
    const slotId = positiveId(req.params.slotId);
    const actor = await actorOf(req);
    if (!slotId) return reply.code(404).send();
    if (!actor) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
    try {
      return await core.substitutions.forSlot(slotId, actor);
    } catch (err) {
      const { code, errors } = fail(err);
      return reply.code(code).send({ errors });
    }
  });

  app.post<{ Params: { slotId: string }; Body: { date?: unknown; substituteId?: unknown } }>(`${rootPath}/data/substitutions/:slotId`, async (req, reply) => {
    const slotId = positiveId(req.params.slotId);
    const actor = await actorOf(req);
    if (!slotId) return reply.code(404).send();
    if (!actor) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
    const { date, substituteId } = req.body ?? {};
    const substitute = substituteId === null || substituteId === '' ? null : positiveId(typeof substituteId === 'number' ? String(substituteId) : substituteId);
    if (typeof date !== 'string' || substitute === undefined) {
      return reply.code(422).send({ errors: [describeProblem(t, { key: 'required', params: { field: 'date' } })] });
    }
    try {
      await core.substitutions.set(slotId, date, substitute, actor);
      return await core.substitutions.forSlot(slotId, actor);
    } catch (err) {
      const { code, errors } = fail(err);
      return reply.code(code).send({ errors });
    }
  });
}
