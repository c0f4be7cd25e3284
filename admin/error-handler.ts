import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../core/core.js';
import { translator } from '../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../core/i18n/languages.js';
import { refusalOf, type Refusal } from './refusals.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The language of the route's refusals (Russian, the panel's, unless the route says). */
    language?: (req: FastifyRequest) => Language;
    /** How the route answers a refusal when not with `{ errors: [...] }` JSON (a form page, the sandbox's own shape). */
    refusalView?: (refusal: Refusal, req: FastifyRequest, reply: FastifyReply) => unknown;
  }
}

/** An error as the log may hold it: its kind and where it arose, never its message (a query with its values, a person's data). */
function loggable(err: Error & { code?: unknown }) {
  const frames = (err.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return { type: err.name, ...(typeof err.code === 'string' ? { code: err.code } : {}), stack: frames.join('\n') };
}

/**
 * One error handler for the whole web side: a route throws what the core threw, and this answers it. A
 * refusal of the core gets its status and its message in the user's words; a fault gets a bare 500 and a
 * log line without its message. Fastify's own 4xx (a malformed body…) keep its default answer.
 */
export function handleErrors(app: FastifyInstance, core: Core): void {
  app.setErrorHandler(async (err: FastifyError, req, reply) => {
    const refusal = refusalOf(err);
    if (refusal) {
      const config = req.routeOptions.config;
      if (config.refusalView) return config.refusalView(refusal, req, reply);
      const t = translator(core.i18n, config.language?.(req) ?? DEFAULT_LANGUAGE);
      return reply.code(refusal.status).send({ errors: refusal.describe(t) });
    }
    if (typeof err.statusCode === 'number' && err.statusCode < 500) throw err;
    req.log.error({ error: loggable(err), route: req.routeOptions.url }, 'request failed');
    return reply.code(500).send({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
  });
}
