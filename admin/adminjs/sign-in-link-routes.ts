import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { newLoginState } from '../../core/panel/panel-security.js';
import { SIGN_IN_LINK_TTL_MS, type LinkRefusal } from '../../core/panel/sign-in-links.js';
import { escapeHtml, page, refusalPage, sendPage } from './access-pages.js';
import type { PanelPaths } from './panel-login.js';

/** The cookie that ties the confirmation to the browser that opened the link. */
export const LINK_COOKIE = 'klassny_link';

type Reason = LinkRefusal | 'browser';
const STATUS: Record<Reason, number> = { unknown: 404, used: 410, expired: 410, leaked: 403, unbound: 403, disabled: 403, browser: 403 };
type Params = { Params: { token: string } };

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The one-time sign-in link from the bot (core/panel/sign-in-links.ts), under the login page's path (no
 * session is needed to reach it). Opening it (GET) changes nothing, so Telegram's link preview and other
 * prefetchers cannot use it up: the page asks «Войти?» and hands this browser a cookie of a random value
 * that its form proves (signed with the link). Only the confirmation (POST) with that cookie uses the link, and the panel session
 * it starts is this browser's, with a fresh id, exactly as a password sign-in would (a temporary password
 * still leads to the change page). Any refusal is a page in words, and signs nothing in.
 */
export function signInLinkRoutes(app: FastifyInstance, core: Core, paths: PanelPaths): void {
  const t = translator(core.i18n, 'ru');
  const route = `${paths.signIn}/:token`;
  const cookie = { path: paths.signIn, httpOnly: true, sameSite: 'strict' as const, secure: core.config.isProduction };
  // What the page's form sends back: the cookie's value signed with this link, so that neither a cookie
  // planted from elsewhere nor a made-up pair confirms anything, nor one link's page another link.
  const proof = (token: string, nonce: string) => createHmac('sha256', core.config.sessionSecret).update(`${token}.${nonce}`).digest('base64url');
  const refused = (reply: FastifyReply, reason: Reason) => {
    const message = t(`access:signIn.reason.${reason}`, { duration: t('minutes', { count: SIGN_IN_LINK_TTL_MS / 60_000 }) });
    return sendPage(reply, STATUS[reason], refusalPage(t, t('access:signIn.refusedTitle'), [message], { href: paths.login, label: t('access:signIn.loginPage') }));
  };

  app.get<Params>(route, async (req, reply) => {
    const check = await core.signInLinks.check(req.params.token);
    if (check.outcome === 'refused') return refused(reply, check.reason);
    const nonce = randomBytes(24).toString('base64url');
    reply.setCookie(LINK_COOKIE, nonce, { ...cookie, maxAge: SIGN_IN_LINK_TTL_MS / 1000 });
    const body = `
    <p>${escapeHtml(t('access:signIn.confirm', { name: check.fullName }))}</p>
    <p class="note">${escapeHtml(t('access:signIn.note'))}</p>
    <form method="POST" action="${escapeHtml(`${paths.signIn}/${req.params.token}`)}">
      <input type="hidden" name="confirm" value="${escapeHtml(proof(req.params.token, nonce))}">
      <div class="actions"><button type="submit" data-testid="sign-in-confirm">${escapeHtml(t('access:signIn.button'))}</button></div>
    </form>`;
    return sendPage(reply, 200, page(t, t('access:signIn.title'), body));
  });

  app.post<Params>(route, async (req, reply) => {
    const sent = (req.body as Record<string, unknown> | undefined)?.confirm;
    const held = req.cookies[LINK_COOKIE];
    // Another browser (or a forged form) holds no cookie of this page: the link stays unused for its owner.
    if (typeof sent !== 'string' || !held || !sameText(sent, proof(req.params.token, held))) {
      core.log.info('panel sign-in link refused: not confirmed in the browser that opened it');
      return refused(reply, 'browser');
    }
    reply.clearCookie(LINK_COOKIE, cookie);
    const result = await core.signInLinks.redeem(req.params.token);
    if (result.outcome === 'refused') {
      core.log.info({ reason: result.reason }, 'panel sign-in link refused');
      return refused(reply, result.reason);
    }
    // A fresh session id at sign-in, whatever this browser held before (session fixation).
    await req.session.regenerate();
    req.session.set('adminUser', result.identity);
    req.session.set('panelLogin', newLoginState(core.clock.now(), result.mustChangePassword));
    core.log.info({ adminId: result.identity.id, mustChangePassword: result.mustChangePassword }, 'panel sign-in by link');
    return reply.redirect(result.mustChangePassword ? paths.changePassword : paths.root, 303);
  });
}
