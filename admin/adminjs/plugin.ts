import AdminJSFastify from '@adminjs/fastify';
import AdminJS from 'adminjs';
import fastifyCompress from '@fastify/compress';
import type { FastifySessionOptions } from '@fastify/session';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { SESSION_IDLE_MS } from '../../core/panel/panel-security.js';
import { PANEL_SIGN_IN_PATH } from '../../core/panel/sign-in-links.js';
import { changePasswordRoutes } from './change-password.js';
import { dashboardHandler } from './dashboard.js';
import { dataRoutes } from './data-routes.js';
import { DEFAULT_BOT_USERNAME } from '../../core/invites/invites.js';
import { serveFontsLocally } from './fonts.js';
import { servePanelBundles } from './panel-bundles.js';
import { servePanelScript } from './panel-script.js';
import { panelLocale } from './locale.js';
import { panelPages } from './panel-pages.js';
import { panelAccountsResource } from './panel-accounts.js';
import { guardByPath } from './login-guard.js';
import { guardPanelSessions, replaceLoginHandler, type PanelPaths } from './panel-login.js';
import { PANEL_CSP, securityHeaders } from '../security-headers.js';
import { languageOf, resolvePanelActor } from './request-actor.js';
import { translator } from '../../core/i18n/i18n.js';
import { shapeAdminRequests } from './request-shape.js';
import { signInLinkRoutes } from './sign-in-link-routes.js';
import { staffAccessRoutes } from './staff-access-routes.js';
import { panelResources } from './resources.js';

export const ADMIN_ROOT = '/admin';
export const SESSION_COOKIE = 'klassny_panel';

/**
 * AdminJS in its own encapsulated fastify plugin: its cookie, session, form-body and multipart hooks
 * apply to /admin only and never see the Telegram webhook.
 */
export async function adminPanel(app: FastifyInstance, { core, botUsername }: { core: Core; botUsername?: () => string | undefined }): Promise<void> {
  const paths: PanelPaths = {
    root: ADMIN_ROOT,
    login: `${ADMIN_ROOT}/login`,
    logout: `${ADMIN_ROOT}/logout`,
    changePassword: `${ADMIN_ROOT}/change-password`,
    signIn: PANEL_SIGN_IN_PATH,
  };
  const admin = new AdminJS({
    rootPath: paths.root,
    loginPath: paths.login,
    logoutPath: paths.logout,
    resources: [...panelResources(core), panelAccountsResource(core)],
    locale: panelLocale,
    // The panel's name in the language of the request (the login page, with no one signed in yet: Russian).
    branding: (currentAdmin) => ({
      companyName: translator(core.i18n, languageOf({ currentAdmin }))('summary:panel.appName'),
      withMadeWithLove: false,
      logo: false,
    }),
    settings: { defaultPerPage: 25 },
    // «Журнал» and «Отчёты»: panel-pages.ts.
    pages: panelPages(),
    dashboard: { component: 'KlassnyDashboard', handler: dashboardHandler(core) },
  });

  // Every panel request is a unit of work with its own EntityManager fork.
  app.addHook('onRequest', (_req, _reply, done) => core.unitOfWork(done));
  securityHeaders(app, PANEL_CSP);
  serveFontsLocally(app);
  const scriptRoutes = [servePanelScript(app), await servePanelBundles(app)];
  // After every hook that rewrites a page (above), so that they see its text and this sends it packed (a
  // page's HTML with AdminJS's state inline is 650 KB, a twentieth of it packed); before every route it packs.
  await app.register(fastifyCompress, { global: true, encodings: ['br', 'gzip'] });
  for (const declare of scriptRoutes) declare();
  // Both before AdminJS's routes and hooks: the login POST is ours, and our session checks run before its guard.
  const assertLoginReplaced = replaceLoginHandler(app, admin, core, paths);
  // Before AdminJS's guard, which judges the whole URL, query string included.
  guardByPath(app, paths);
  guardPanelSessions(app, core, paths, SESSION_COOKIE);
  // After the session checks: the actor of a session that is still open, once per request.
  resolvePanelActor(app, core, paths, SESSION_COOKIE);
  shapeAdminRequests(app, admin, ADMIN_ROOT);

  await AdminJSFastify.buildAuthenticatedRouter(
    admin,
    {
      cookieName: SESSION_COOKIE,
      cookiePassword: core.config.sessionSecret,
      // Required by AdminJS, never called: its login POST runs replaceLoginHandler's handler instead.
      authenticate: async () => null,
    },
    app,
    {
      // Structurally the store interface @fastify/session expects; sessions come back as plain JSON.
      store: core.panelSessions as unknown as NonNullable<FastifySessionOptions['store']>,
      secret: core.config.sessionSecret,
      saveUninitialized: false,
      rolling: true,
      cookie: {
        httpOnly: true,
        sameSite: 'lax',
        secure: core.config.isProduction,
        path: ADMIN_ROOT,
        maxAge: SESSION_IDLE_MS,
      },
    },
  );
  assertLoginReplaced();
  changePasswordRoutes(app, core, paths);
  dataRoutes(app, core, ADMIN_ROOT, () => botUsername?.() ?? DEFAULT_BOT_USERNAME);
  // «Доступ к панели» of a staff record, and the bot's one-time sign-in links.
  staffAccessRoutes(app, core, paths);
  signInLinkRoutes(app, core, paths);
}
