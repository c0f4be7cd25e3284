import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { requestActor } from './request-actor.js';

export const PUBLIC_KEY_FILENAME = 'klassny-public-key.pem';

/**
 * The deployment's public signing key (F3) as a file, for the heads and the administrator: with it, anyone can
 * check an archive or a backup offline (`npm run cli -- archive:verify <dir> --public-key klassny-public-key.pem`).
 * The private key has no route.
 */
export function integrityRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  app.get(`${rootPath}/integrity/public-key`, async (req, reply) => {
    const pem = await core.integrity.publicKeyPem(requestActor(req));
    return reply.type('application/x-pem-file')
      .header('content-disposition', `attachment; filename="${PUBLIC_KEY_FILENAME}"`)
      .header('cache-control', 'no-store')
      .send(pem);
  });
}
