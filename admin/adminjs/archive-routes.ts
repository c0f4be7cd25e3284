import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { requestActor } from './request-actor.js';
import { requestLanguage } from './request-language.js';

type Query = { Querystring: Record<string, string | undefined> };
type ById = Query & { Params: { id: string } };

/** An id from a URL: digits only, else nothing (a path, `1 or 1=1`, `../..` are not ids). */
const positiveId = (value: unknown) => (typeof value === 'string' && /^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);

/**
 * «Архив» (F1, F4), drawn by the panel's page KlassnyArchive (public/archive.js): GET …/archive/list answers the
 * archives the actor may see and the classes it may archive, as JSON; POST …/archive/make?class= makes a set
 * now; POST …/archive/verify/:id checks the set of a file; GET …/archive/download/:id answers the file. Files
 * are reached by their row's id alone, never by a path from the request; the core checks every right.
 */
export function archiveRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  const base = `${rootPath}/archive`;
  const config = { config: { language: requestLanguage } };

  app.get(base, async (_req, reply) => reply.redirect(`${rootPath}/pages/archive`));

  app.get<Query>(`${base}/list`, config, async (req, reply) => {
    const overview = await core.archives.overview(requestActor(req));
    return reply.header('cache-control', 'no-store').send(overview);
  });

  app.post<Query>(`${base}/make`, config, async (req, reply) => {
    const groupId = positiveId(req.query.class);
    if (!groupId) return reply.code(404).send();
    const rows = await core.archives.make(groupId, requestActor(req), { language: requestLanguage(req) });
    return reply.send({ made: rows.map((r) => r.id) });
  });

  app.post<ById>(`${base}/verify/:id`, config, async (req, reply) => {
    const id = positiveId(req.params.id);
    if (!id) return reply.code(404).send();
    const verification = await core.archives.verify(id, requestActor(req));
    return reply.send({ ok: verification.ok, problems: verification.problems });
  });

  app.get<ById>(`${base}/download/:id`, config, async (req, reply) => {
    const id = positiveId(req.params.id);
    if (!id) return reply.code(404).send();
    const file = await core.archives.download(id, requestActor(req), requestLanguage(req));
    return reply.type('application/pdf')
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename="${file.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('cache-control', 'no-store')
      .send(createReadStream(file.path));
  });
}
