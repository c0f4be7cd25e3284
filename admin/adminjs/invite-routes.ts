import type { FastifyInstance, FastifyReply } from 'fastify';
import QRCode from 'qrcode';
import type { Core } from '../../core/core.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { isSlipAudience } from '../../core/invites/invite-batch.js';
import { formatExpiry } from '../../core/invites/invite-slips.js';
import { DEFAULT_BOT_USERNAME } from '../../core/invites/invites.js';
import { PERSON_KINDS, type PersonKind } from '../../core/people/person-kinds.js';
import { CONSENT_STATUSES, type ConsentStatus } from '../../core/privacy/consent-statuses.js';
import { requestActor } from './request-actor.js';
import { positiveId } from './route-params.js';

const PDF = 'application/pdf';
/** Why a person's slip is not printed: the status and its message. */
const SLIP_REFUSALS = { 'invite.issueFirst': 400, 'invite.slipStale': 410 } as const;
const isPersonKind = (kind: string): kind is PersonKind => (PERSON_KINDS as readonly string[]).includes(kind);

/**
 * Invitations and consents from the panel (B1, G1–G2): slips of a class as a PDF, one person's invite
 * (link, QR, its slip), a guardian's consent registry. Each route parses its input and makes one core call,
 * which checks the rights; refusals are answered by the server's error handler.
 */
export function inviteRoutes(app: FastifyInstance, core: Core, rootPath: string, botUsername: () => string = () => DEFAULT_BOT_USERNAME): void {
  const t = translator(core.i18n, 'ru');
  const pdf = (reply: FastifyReply, name: string, file: Buffer) =>
    reply.type(PDF).header('content-disposition', `attachment; filename="${name}"`).send(file);

  // POST: printing issues new invites and revokes the old ones, which a link prefetcher must never do.
  app.post<{ Params: { groupId: string }; Querystring: { who?: string } }>(`${rootPath}/data/invite-slips/:groupId.pdf`, async (req, reply) => {
    const groupId = positiveId(req.params.groupId);
    const who = req.query.who ?? 'both';
    if (!groupId || !isSlipAudience(who)) return reply.code(404).send();
    const { file, skipped } = await core.inviteSlips.forGroup(groupId, who, requestActor(req), botUsername());
    reply.header('x-klassny-skipped', String(skipped));
    return pdf(reply, `invites-${groupId}-${who}.pdf`, file);
  });

  app.post<{ Params: { kind: string; id: string } }>(`${rootPath}/data/invite/:kind/:id`, async (req, reply) => {
    const { kind } = req.params;
    const id = positiveId(req.params.id);
    if (!isPersonKind(kind) || !id) return reply.code(404).send();
    const issued = await core.invites.issue(kind, id, requestActor(req), botUsername());
    return {
      code: issued.code,
      deepLink: issued.deepLink,
      qr: await QRCode.toDataURL(issued.deepLink, { errorCorrectionLevel: 'M', margin: 2, width: 240 }),
      expiresAt: issued.expiresAt.toISOString(),
      expires: formatExpiry(issued.expiresAt, issued.timeZone),
      timeZone: issued.timeZone,
    };
  });

  // The slip of the invite just issued (?code=…, which its holder already knows); printing issues nothing.
  app.get<{ Params: { kind: string; id: string }; Querystring: { code?: string } }>(`${rootPath}/data/invite-slip/:kind/:id.pdf`, async (req, reply) => {
    const { kind } = req.params;
    const id = positiveId(req.params.id);
    if (!isPersonKind(kind) || !id) return reply.code(404).send();
    const slip = await core.inviteSlips.forPerson(kind, id, req.query.code, requestActor(req), botUsername());
    if ('refused' in slip) return reply.code(SLIP_REFUSALS[slip.refused]).send({ errors: [describeProblem(t, { key: slip.refused })] });
    return pdf(reply, `invite-${kind}-${id}.pdf`, slip.file);
  });

  app.get<{ Params: { guardianId: string } }>(`${rootPath}/data/consent/:guardianId`, async (req, reply) => {
    const guardianId = positiveId(req.params.guardianId);
    if (!guardianId) return reply.code(404).send();
    return core.panel.consentRegistry(guardianId, requestActor(req));
  });

  app.post<{ Params: { guardianId: string }; Body: { status?: string; date?: string; note?: string } }>(`${rootPath}/data/consent/:guardianId`, async (req, reply) => {
    const guardianId = positiveId(req.params.guardianId);
    if (!guardianId) return reply.code(404).send();
    const actor = requestActor(req);
    const { status, date, note } = req.body ?? {};
    if (!status || !(CONSENT_STATUSES as readonly string[]).includes(status)) {
      return reply.code(422).send({ errors: [describeProblem(t, { key: 'valueNotAllowed', params: { value: String(status) } })] });
    }
    // «отозвано» is a withdrawal (G3): the guardian becomes «Родитель N», and perhaps its child «Ученик N».
    if (status === 'withdrawn') {
      const { consent, withdrawal } = await core.consents.withdraw(guardianId, date || undefined, actor, note);
      return { status: consent.status, date: consent.date, withdrawal };
    }
    const consent = await core.consents.record(guardianId, status as ConsentStatus, date ?? '', actor, note);
    return { status: consent.status, date: consent.date };
  });
}
