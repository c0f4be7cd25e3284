import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FONT_ROOT } from './adminjs/fonts.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route only hands requests on to the panel's own instance, which counts them under its routes. */
    forwardsToPanel?: boolean;
  }
}

/**
 * Every route of the panel starts with one of these (test/e2e/deferred-panel.test.ts holds it to that): its
 * pages, the fonts of its login page, its scripts, and the token refresh @adminjs/fastify puts at the root.
 */
export const PANEL_ROOTS = ['/admin', FONT_ROOT, '/panel-assets', '/refresh-token'] as const;

export interface DeferredPanel {
  /** Loads the panel on the first call (later calls share the load) and resolves once it answers. */
  ready(): Promise<FastifyInstance>;
  state(): 'not loaded' | 'loading' | 'up' | 'failed';
}

/**
 * The web panel (AdminJS and everything it imports: 2,000 modules, ≈ 2.4 s of CPU and 110 MB, more than
 * the rest of the start together) in a fastify instance of its own, built by `build` when first asked for,
 * not before the server listens: /healthz, the webhook and the Mini App answer without waiting for it.
 * `app` hands every request under PANEL_ROOTS to it as it came (body unread); one that arrives while the
 * panel loads waits for it.
 */
export async function deferPanel(app: FastifyInstance, build: () => Promise<FastifyInstance>): Promise<DeferredPanel> {
  let loading: Promise<FastifyInstance> | undefined;
  let state: ReturnType<DeferredPanel['state']> = 'not loaded';
  const ready = () => (loading ??= (async () => {
    state = 'loading';
    try {
      const panel = await build();
      await panel.ready();
      state = 'up';
      return panel;
    } catch (err) {
      state = 'failed';
      throw err;
    }
  })());

  app.addHook('onClose', async () => {
    const panel = await loading?.catch(() => undefined);
    await panel?.close();
  });
  await app.register(async (scope) => {
    // The body stays in the request for the panel's own parsers (forms, JSON, multipart uploads).
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    const forward = async (req: FastifyRequest, reply: FastifyReply) => {
      const panel = await ready();
      reply.hijack();
      panel.routing(req.raw, reply.raw);
    };
    for (const root of PANEL_ROOTS) {
      // Silent: the panel's instance logs the request (once), and its failure to load is logged where it was asked for.
      for (const url of [root, `${root}/*`]) scope.all(url, { logLevel: 'silent', config: { forwardsToPanel: true } }, forward);
    }
  });
  return { ready, state: () => state };
}
