import AdminJSFastify from '@adminjs/fastify';
import AdminJS from 'adminjs';
import type { FastifySessionOptions } from '@fastify/session';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { SESSION_IDLE_MS } from '../../core/panel/panel-sessions.js';
import { dashboardHandler } from './dashboard.js';
import { dataRoutes } from './data-routes.js';
import { serveFontsLocally } from './fonts.js';
import { servePanelScript, PANEL_SCRIPT } from './panel-script.js';
import { panelLocale } from './locale.js';
import { panelAccountsResource } from './panel-accounts.js';
import { panelResources } from './resources.js';

export const ADMIN_ROOT = '/admin';
export const SESSION_COOKIE = 'klassny_panel';

/**
 * AdminJS in its own encapsulated fastify plugin: its cookie, session, form-body and multipart hooks
 * apply to /admin only and never see the Telegram webhook.
 */
export async function adminPanel(app: FastifyInstance, { core }: { core: Core }): Promise<void> {
  const admin = new AdminJS({
    rootPath: ADMIN_ROOT,
    loginPath: `${ADMIN_ROOT}/login`,
    logoutPath: `${ADMIN_ROOT}/logout`,
    resources: [...panelResources(core), panelAccountsResource(core)],
    locale: panelLocale,
    branding: { companyName: 'Классный журнал', withMadeWithLove: false, logo: false },
    settings: { defaultPerPage: 25 },
    assets: { scripts: [PANEL_SCRIPT] },
    dashboard: { component: 'KlassnyDashboard', handler: dashboardHandler(core) },
  });

  // Every panel request is a unit of work with its own EntityManager fork.
  app.addHook('onRequest', (_req, _reply, done) => core.unitOfWork(done));
  serveFontsLocally(app);
  servePanelScript(app);

  await AdminJSFastify.buildAuthenticatedRouter(
    admin,
    {
      cookieName: SESSION_COOKIE,
      cookiePassword: core.config.sessionSecret,
      authenticate: async (email: string, password: string, context?: { request?: { session?: { regenerate(): Promise<void> } } }) => {
        const identity = await core.adminAccounts.authenticate(email, password);
        if (!identity) {
          core.log.info('panel login refused');
          return null;
        }
        // A fresh session id at login defeats session fixation.
        await context?.request?.session?.regenerate();
        core.log.info({ adminId: identity.id }, 'panel login');
        return identity;
      },
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
  dataRoutes(app, core, ADMIN_ROOT);
}
