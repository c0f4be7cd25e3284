import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { requestActor } from './request-actor.js';
import { requestLanguage } from './request-language.js';

/**
 * «Резервные копии» (F2), drawn by the panel's page KlassnyBackups (public/backups.js): GET …/backups answers
 * where backups go, the schedule and the last runs; POST …/backups/run takes a backup now and answers each
 * destination's outcome. The core checks `backups.manage` on both; a refusal is `{ errors: [...] }`.
 */
export function backupRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  const base = `${rootPath}/backups`;
  const config = { config: { language: requestLanguage } };

  app.get(base, config, async (req, reply) => reply.header('cache-control', 'no-store').send(await core.backups.overview(requestActor(req))));

  app.post(`${base}/run`, config, async (req, reply) => reply.header('cache-control', 'no-store').send(await core.backups.runNow(requestActor(req))));
}
