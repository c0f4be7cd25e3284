import { ForbiddenError, type CurrentAdmin } from 'adminjs';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { AccessDenied } from '../../core/base/errors.js';
import { DEFAULT_LANGUAGE, type Language } from '../../core/i18n/languages.js';
import { isUnder, type PanelPaths } from './panel-login.js';
import { requestLanguage } from './request-language.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The panel's actor of this request: resolved once, before the handler (undefined: no login, or no longer let in). */
    panelActor?: Actor;
  }
}

/**
 * AdminJS hands its resources and actions only the session's `currentAdmin`, an object read from the
 * session store for this request alone; the request's actor is kept against it.
 */
const actorsOfSession = new WeakMap<object, Actor | undefined>();
/** The language of the request behind a `currentAdmin`: what the core's refusals are worded in. */
const languagesOfSession = new WeakMap<object, Language>();

/**
 * Resolves the panel's actor once per request, from the database (a role taken away counts at once), for
 * every panel page, API call and download; AdminJS's own assets need none. A session whose account no
 * longer opens the panel (disabled, its staff record inactive, its roles gone, no staff link and no
 * deployment flag) ends here: the session is destroyed, a page goes to the login form, an API call gets 401.
 */
export function resolvePanelActor(app: FastifyInstance, core: Core, paths: PanelPaths, cookieName: string): void {
  app.decorateRequest('panelActor', undefined);
  const skipped = [paths.login, paths.logout, `${paths.root}/frontend`];
  app.addHook('preHandler', async (req, reply) => {
    if (!isUnder(req.url, paths.root) || skipped.some((p) => isUnder(req.url, p))) return;
    const admin = req.session?.get('adminUser');
    if (!admin) return;
    const actor = await core.panel.actor(Number(admin.id));
    if (!actor) {
      core.log.info({ adminId: admin.id }, 'panel session ended: the account no longer opens the panel');
      await req.session.destroy();
      reply.clearCookie(cookieName, { path: paths.root });
      const api = isUnder(req.url, `${paths.root}/api`) || req.method !== 'GET';
      return api ? reply.code(401).send({ redirectUrl: paths.login }) : reply.redirect(paths.login);
    }
    // Where the request comes from goes with the actor: the reads log says it (G4).
    req.panelActor = { ...actor, address: req.ip };
    actorsOfSession.set(admin, req.panelActor);
    languagesOfSession.set(admin, requestLanguage(req));
  });
}

/** The actor of the session behind AdminJS's `currentAdmin` (for `isAccessible`), if this request resolved one. */
export function sessionActor(currentAdmin: CurrentAdmin | undefined): Actor | undefined {
  return currentAdmin ? actorsOfSession.get(currentAdmin) : undefined;
}

/** The actor of an AdminJS resource call or action; AdminJS's forbidden answer when there is none. */
export function actorOf(context: { currentAdmin?: CurrentAdmin } | undefined): Actor {
  const admin = context?.currentAdmin;
  const actor = admin ? actorsOfSession.get(admin) : undefined;
  if (!actor) throw new ForbiddenError();
  return actor;
}

/** The language of an AdminJS resource call or action's request (Russian when unknown). */
export function languageOf(context: { currentAdmin?: CurrentAdmin } | undefined): Language {
  const admin = context?.currentAdmin;
  return (admin && languagesOfSession.get(admin)) ?? DEFAULT_LANGUAGE;
}

/** The actor of one of our panel routes; refused (403) when there is none. */
export function requestActor(req: FastifyRequest): Actor {
  if (!req.panelActor) throw new AccessDenied('panel.enter');
  return req.panelActor;
}
