import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { requestActor } from './request-actor.js';
import { requestLanguage } from './request-language.js';
import { positiveId } from './route-params.js';

type PersonDataRequest = { Params: { kind: string; id: string }; Querystring: { lang?: string } };

const FORMATS = { pdf: 'application/pdf', json: 'application/json; charset=utf-8' } as const;

/**
 * «Данные о человеке (152-ФЗ)» of a member of staff, a student or a parent: GET
 * …/data/person-data/:kind/:id.pdf or .json, in the language asked for (`lang`). The core decides who may
 * (persons.export: the administrator and the director of the person's school) and audits each download.
 */
export function personDataRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  for (const format of Object.keys(FORMATS) as (keyof typeof FORMATS)[]) {
    app.get<PersonDataRequest>(`${rootPath}/data/person-data/:kind/:id.${format}`, { config: { language: requestLanguage } }, async (req, reply) => {
      const id = positiveId(req.params.id);
      if (!id) return reply.code(404).send();
      const made = await core.personExports.export(req.params.kind, id, requestActor(req), { language: requestLanguage(req) });
      return reply.type(FORMATS[format])
        .header('content-disposition', `attachment; filename="${made.basename}.${format}"`)
        .send(format === 'pdf' ? made.pdf : made.json);
    });
  }
}
