import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { requestActor } from './request-actor.js';
import { requestLanguage } from './request-language.js';

type Query = { Querystring: Record<string, string | undefined> };

/**
 * «Отчёты» (E1–E9), drawn by the panel's page KlassnyReports (public/reports.js): GET …/reports/choices?school=
 * answers the kinds, periods, classes, subjects and teachers the actor reaches, as JSON; GET …/reports/download?
 * kind=E2&period=…|from=…&to=…&class=…&subject=…&teacher=…&format=pdf|xlsx|csv answers the file. Everything in
 * the query is the core's to check (reports.ts): the actor's reach, the ids, the dates; a refusal is
 * `{ errors: [...] }` in the panel's language (`lang`).
 */
export function reportRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  const base = `${rootPath}/reports`;
  const config = { config: { language: requestLanguage } };

  // The page's old address (a plain form before it became a page of the panel).
  app.get(base, async (_req, reply) => reply.redirect(`${rootPath}/pages/reports`));

  app.get<Query>(`${base}/choices`, config, async (req, reply) => {
    const choices = await core.reports.choices(requestActor(req), requestLanguage(req), req.query.school);
    return reply.header('cache-control', 'no-store').send(choices);
  });

  app.get<Query>(`${base}/download`, config, async (req, reply) => {
    const { kind, format, lang: _lang, ...params } = req.query;
    const made = await core.reports.make(kind, params, requestActor(req), format, { language: requestLanguage(req) });
    return reply.type(made.contentType)
      .header('content-disposition', `attachment; filename="${made.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(made.filename)}`)
      .header('cache-control', 'no-store')
      .send(made.file);
  });
}
