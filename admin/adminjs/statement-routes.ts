import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Core } from '../../core/core.js';
import { DEFAULT_LANGUAGE, isLanguage } from '../../core/i18n/languages.js';
import { requestActor } from './request-actor.js';
import { positiveId } from './route-params.js';

type StatementRequest = { Params: { studentId: string }; Querystring: { from?: string; to?: string; lang?: string } };

const dateParam = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const languageOf = (req: FastifyRequest) => {
  const { lang } = req.query as { lang?: unknown };
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
};

/**
 * «Выписка (PDF)» of a student (D12): GET …/data/statement/:studentId.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD
 * (no dates: the previous calendar month), in the language asked for (`lang`), refusals included. The
 * core decides who may (statement-access.ts): a class teacher gets its own class's students only.
 */
export function statementRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  app.get<StatementRequest>(`${rootPath}/data/statement/:studentId.pdf`, { config: { language: languageOf } }, async (req, reply) => {
    const studentId = positiveId(req.params.studentId);
    if (!studentId) return reply.code(404).send();
    const actor = requestActor(req);
    // Neither date: the previous calendar month; one of them only: refused by the core as a bad date.
    const range = { from: dateParam(req.query.from), to: dateParam(req.query.to) };
    const { file, filename, asciiFilename } = await core.statements.pdf(studentId, actor, { range, language: languageOf(req) });
    return reply.type('application/pdf')
      .header('content-disposition', `attachment; filename="${asciiFilename}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(file);
  });
}
