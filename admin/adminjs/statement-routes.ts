import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { AccessDenied, DomainError, NotFound } from '../../core/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE, isLanguage } from '../../core/i18n/languages.js';
import type { ActorOf } from './invite-routes.js';

const positiveId = (value: string) => (/^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);
const dateParam = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * «Выписка (PDF)» of a student (D12): GET …/data/statement/:studentId.pdf?from=YYYY-MM-DD&to=YYYY-MM-DD
 * (no dates: the previous calendar month). The core decides who may (statement-access.ts): a class
 * teacher gets its own class's students only.
 */
export function statementRoutes(app: FastifyInstance, core: Core, rootPath: string, actorOf: ActorOf): void {
  app.get<{ Params: { studentId: string }; Querystring: { from?: string; to?: string; lang?: string } }>(
    `${rootPath}/data/statement/:studentId.pdf`,
    async (req, reply) => {
      const studentId = positiveId(req.params.studentId);
      if (!studentId) return reply.code(404).send();
      const language = isLanguage(req.query.lang) ? req.query.lang : DEFAULT_LANGUAGE;
      const t = translator(core.i18n, language);
      const actor = await actorOf(req);
      if (!actor) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
      // Neither date: the previous calendar month; one of them only: refused by the core as a bad date.
      const range = { from: dateParam(req.query.from), to: dateParam(req.query.to) };
      try {
        const { file, filename, asciiFilename } = await core.statements.pdf(studentId, actor, { range, language });
        return reply.type('application/pdf')
          .header('content-disposition', `attachment; filename="${asciiFilename}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .send(file);
      } catch (err) {
        if (err instanceof AccessDenied) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
        if (err instanceof NotFound) return reply.code(404).send({ errors: err.problems.map((p) => describeProblem(t, p)) });
        if (err instanceof DomainError) return reply.code(422).send({ errors: err.problems.map((p) => describeProblem(t, p)) });
        throw err;
      }
    },
  );
}
