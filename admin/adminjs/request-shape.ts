import type AdminJS from 'adminjs';
import type { FastifyInstance } from 'fastify';
import { isUnder } from './panel-login.js';

const NOT_FOUND = { statusCode: 404, error: 'Not Found', message: 'Not Found' };

/**
 * What AdminJS's controllers take for granted about a request, made true before they run, so that a
 * hand-made URL gets an answer and not a 500: a query parameter sent twice (`recordIds=1&recordIds=2`
 * reached AdminJS as an array and failed on `.split`) is one value again (ids joined, anything else the
 * last one), and a resource or action that does not exist is a 404 (AdminJS threw a bare Error).
 */
export function shapeAdminRequests(app: FastifyInstance, admin: AdminJS, root: string): void {
  app.addHook('preHandler', async (req, reply) => {
    if (!isUnder(req.url, root)) return;
    const query = req.query as Record<string, unknown> | undefined;
    if (query && typeof query === 'object') {
      for (const [key, value] of Object.entries(query)) {
        if (Array.isArray(value)) query[key] = key === 'recordIds' ? value.map(String).join(',') : value.at(-1);
      }
    }
    const { resourceId, action } = (req.params ?? {}) as { resourceId?: unknown; action?: unknown };
    if (typeof resourceId !== 'string') return;
    let actions: Record<string, unknown>;
    try {
      actions = admin.findResource(resourceId).decorate().actions;
    } catch {
      return reply.code(404).send(NOT_FOUND);
    }
    if (typeof action === 'string' && !Object.hasOwn(actions, action)) return reply.code(404).send(NOT_FOUND);
  });
}
