import type AdminJS from 'adminjs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import type { PanelIdentity } from '../../core/panel/admin-accounts.js';
import { minutesToWait, newLoginState, sessionEnded, type PanelLoginState } from '../../core/panel/panel-security.js';

declare module 'fastify' {
  interface Session {
    /** Who is logged in: AdminJS reads it under this name. */
    adminUser?: PanelIdentity;
    /** Where AdminJS's guard was going when it sent the browser to the login page. */
    redirectTo?: string;
    /** Ours: login time, last request, temporary password. */
    panelLogin?: PanelLoginState;
  }
}

export interface PanelPaths {
  root: string;
  login: string;
  logout: string;
  changePassword: string;
  /** The one-time sign-in links from the bot (sign-in-link-routes.ts): under the login page, reached without a session. */
  signIn: string;
}

/** `url` is `base` or a path below it (`/admin`, `/admin/…`, `/admin?…`, not `/administrator`). */
export function isUnder(url: string, base: string): boolean {
  const path = url.split('?', 1)[0]!;
  return path === base || path.startsWith(`${base}/`);
}

/**
 * The login form's POST. AdminJS's own handler can only answer a refusal with «invalid credentials», so
 * the route it registers gets this handler instead (swapped in `onRoute`, the route and its hooks kept):
 * the throttle's lock is said in words, the session id is renewed, and the login time and a temporary
 * password are noted in the session. Call before `buildAuthenticatedRouter`; call the returned function
 * after it, to make sure the swap happened.
 */
export function replaceLoginHandler(app: FastifyInstance, admin: AdminJS, core: Core, paths: PanelPaths): () => void {
  const t = translator(core.i18n, 'ru');

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const body = (req.body ?? {}) as { email?: unknown; password?: unknown };
    const email = typeof body.email === 'string' ? body.email : '';
    const password = typeof body.password === 'string' ? body.password : '';
    // The client's address (behind the production proxy, the forwarded one: trustProxy) is throttled too.
    const result = await core.adminAccounts.login(email, password, req.ip);

    if (result.outcome !== 'ok') {
      let errorMessage = 'invalidCredentials';
      if (result.outcome === 'locked') {
        core.log.info('panel login refused: locked');
        errorMessage = t('errors:loginThrottled', { count: minutesToWait(result.retryAfterMs) });
        reply.code(429).header('retry-after', String(Math.ceil(result.retryAfterMs / 1000)));
      } else if (result.outcome === 'busy') {
        core.log.warn('panel login refused: too many password checks at once');
        errorMessage = t('errors:loginBusy');
        reply.code(429).header('retry-after', '60');
      } else {
        core.log.info('panel login refused');
      }
      const page = await admin.renderLogin({ action: paths.login, errorMessage });
      return reply.type('text/html').send(page);
    }

    const wanted = req.session.get('redirectTo');
    // A fresh session id at login defeats session fixation.
    await req.session.regenerate();
    req.session.set('adminUser', result.identity);
    req.session.set('panelLogin', newLoginState(core.clock.now(), result.mustChangePassword));
    core.log.info({ adminId: result.identity.id, mustChangePassword: result.mustChangePassword }, 'panel login');
    if (result.mustChangePassword) return reply.redirect(paths.changePassword);
    // AdminJS's guard stores a path of ours; anything else (`//elsewhere`, a full URL) goes to the panel's root.
    const safe = typeof wanted === 'string' && isUnder(wanted, paths.root) && !wanted.startsWith('//');
    return reply.redirect(safe ? wanted : paths.root);
  };

  let replaced = false;
  app.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (route.url === paths.login && methods.includes('POST')) {
      route.handler = handler;
      replaced = true;
    }
  });
  return () => {
    if (!replaced) throw new Error(`AdminJS registered no POST ${paths.login}: the panel's login handler is not in place`);
  };
}

/**
 * Runs on every panel request before AdminJS's login guard: ends a logged-in session past its absolute
 * (12 h from login) or idle (2 h) limit and sends the browser to the login page; notes the request time;
 * and keeps an account with a temporary password on the password change page (API calls get 403 JSON).
 */
export function guardPanelSessions(app: FastifyInstance, core: Core, paths: PanelPaths, cookieName: string): void {
  const t = translator(core.i18n, 'ru');
  const open = [paths.login, paths.logout];
  const allowedWithTemporaryPassword = [paths.changePassword, paths.login, paths.logout, `${paths.root}/frontend/assets`];

  app.addHook('preHandler', async (req, reply) => {
    if (!isUnder(req.url, paths.root) || open.some((p) => isUnder(req.url, p))) return;
    const session = req.session;
    const admin = session?.get('adminUser');
    if (!admin) return; // AdminJS's guard sends this one to the login page

    const now = core.clock.now();
    const state = session.get('panelLogin');
    const ended = sessionEnded(state, now);
    if (ended || !state) {
      core.log.info({ adminId: admin.id, reason: ended }, 'panel session ended');
      await session.destroy();
      reply.clearCookie(cookieName, { path: paths.root });
      return reply.redirect(paths.login);
    }
    session.set('panelLogin', { ...state, seenAt: now.toISOString() });

    if (state.mustChangePassword && !allowedWithTemporaryPassword.some((p) => isUnder(req.url, p))) {
      const api = isUnder(req.url, `${paths.root}/api`) || (req.method !== 'GET' && req.method !== 'HEAD');
      if (api) {
        return reply.code(403).send({
          error: 'passwordChangeRequired',
          message: t('errors:passwordChangeRequired'),
          redirectUrl: paths.changePassword,
        });
      }
      return reply.redirect(paths.changePassword);
    }
  });
}
