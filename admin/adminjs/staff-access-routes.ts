import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import type { Refusal } from '../refusals.js';
import { refusalPage, sendPage, slipPage } from './access-pages.js';
import type { PanelPaths } from './panel-login.js';
import { requestActor } from './request-actor.js';
import { positiveId } from './route-params.js';

type Params = { Params: { staffId: string } };

/**
 * «Доступ к панели» of a staff record (B1): its state (JSON, for the action's component), the account
 * given with a temporary password (a printable page, shown once), the password reset (the same page),
 * disabling, enabling and removing it (JSON). Only the e-mail is read from the form; the staff record is
 * the one in the path, and the core checks who may (the school's administrator, the deployment's). POSTs
 * only: a link prefetcher must never change an account.
 */
export function staffAccessRoutes(app: FastifyInstance, core: Core, paths: PanelPaths): void {
  const t = translator(core.i18n, 'ru');
  const base = `${paths.root}/data/panel-access/:staffId`;
  const recordPage = (staffId: string) => `${paths.root}/resources/Staff/records/${encodeURIComponent(staffId)}/panelAccess`;
  // The address people type: PUBLIC_URL, or the one this page was reached at (a local panel).
  const panelUrl = (req: FastifyRequest) => `${core.config.publicUrl ?? `${req.protocol}://${req.host}`}${paths.root}`;
  const refusalView = (refusal: Refusal, req: FastifyRequest, reply: FastifyReply) =>
    sendPage(reply, refusal.status, refusalPage(t, t('access:refused.title'), refusal.describe(t), {
      href: recordPage((req.params as { staffId: string }).staffId),
      label: t('access:refused.back'),
    }));
  const notFound = (reply: FastifyReply) => reply.code(404).send({ errors: [t('errors:notFound')] });

  app.get<Params>(base, async (req, reply) => {
    const staffId = positiveId(req.params.staffId);
    if (!staffId) return notFound(reply);
    return core.staffAccounts.access(staffId, requestActor(req));
  });

  app.post<Params>(`${base}/grant`, { config: { refusalView } }, async (req, reply) => {
    const staffId = positiveId(req.params.staffId);
    if (!staffId) return notFound(reply);
    const email = (req.body as Record<string, unknown> | undefined)?.email;
    const slip = await core.staffAccounts.grant(staffId, email, requestActor(req));
    return sendPage(reply, 200, slipPage(t, slip, panelUrl(req), recordPage(req.params.staffId), false));
  });

  app.post<Params>(`${base}/reset`, { config: { refusalView } }, async (req, reply) => {
    const staffId = positiveId(req.params.staffId);
    if (!staffId) return notFound(reply);
    const slip = await core.staffAccounts.resetPassword(staffId, requestActor(req));
    return sendPage(reply, 200, slipPage(t, slip, panelUrl(req), recordPage(req.params.staffId), true));
  });

  for (const op of ['disable', 'enable', 'remove'] as const) {
    app.post<Params>(`${base}/${op}`, async (req, reply) => {
      const staffId = positiveId(req.params.staffId);
      if (!staffId) return notFound(reply);
      const actor = requestActor(req);
      await core.staffAccounts[op](staffId, actor);
      return core.staffAccounts.access(staffId, actor);
    });
  }
}
