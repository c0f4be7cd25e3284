import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { requestActor } from './request-actor.js';
import { requestLanguage } from './request-language.js';
import { positiveId } from './route-params.js';

type StatementRequest = { Params: { studentId: string }; Querystring: { from?: string; to?: string; lang?: string } };

const dateParam = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
/**
 * «Выписка (PDF)» of a student (D12): GET …/data/statement/:studentId.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD
 * (no dates: the previous calendar month), in the language asked for (`lang`), refusals included. The
 * core decides who may (statement-access.ts): a class teacher gets its own class's students only.
 */
export function statementRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  app.get<StatementRequest>(`${rootPath}/data/statement/:studentId.pdf`, { config: { language: requestLanguage } }, async (req, reply) => {
    const studentId = positiveId(req.params.studentId);
    if (!studentId) return reply.code(404).send();
    const actor = requestActor(req);
    // Neither date: the previous calendar month; one of them only: refused by the core as a bad date.
    const range = { from: dateParam(req.query.from), to: dateParam(req.query.to) };
    const { file, filename, asciiFilename } = await core.statements.pdf(studentId, actor, { range, language: requestLanguage(req) });
    return reply.type('application/pdf')
      .header('content-disposition', `attachment; filename="${asciiFilename}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(file);
  });
}
