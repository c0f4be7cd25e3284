import { Router as AdminRouter } from 'adminjs';
import type { FastifyInstance } from 'fastify';
import { isUnder, type PanelPaths } from './panel-login.js';

/**
 * The login guard of the panel, by path alone. AdminJS's own guard lets a request through when its URL
 * merely *contains* an asset's path (`/admin/resources/Student?x=/frontend/assets/app.bundle.js` rendered
 * the page without a login); this one runs first and opens only the exact paths of AdminJS's assets, its
 * component bundle, the login and logout pages and the bot's sign-in links. Anything else under the panel without a logged-in
 * session goes to the login page (remembering where it was going, as AdminJS does).
 */
export function guardByPath(app: FastifyInstance, paths: PanelPaths): void {
  const open = new Set<string>([
    ...AdminRouter.assets.map((asset) => `${paths.root}${asset.path}`),
    ...AdminRouter.routes.filter((route) => route.action === 'bundleComponents').map((route) => `${paths.root}${route.path}`),
    paths.login,
    paths.logout,
  ]);
  app.addHook('preHandler', async (req, reply) => {
    const path = req.url.split('?', 1)[0]!;
    if (!isUnder(path, paths.root) || open.has(path) || isUnder(path, paths.signIn)) return;
    if (req.session?.get('adminUser')) return;
    const api = isUnder(path, `${paths.root}/api`) || req.method !== 'GET';
    req.session.set('redirectTo', api ? paths.root : path);
    return reply.redirect(paths.login);
  });
}
