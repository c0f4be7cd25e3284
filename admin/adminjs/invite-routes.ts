import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Actor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { AccessDenied, DomainError, NotFound } from '../../core/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { isSlipAudience } from '../../core/invites/invite-batch.js';
import { PERSON_KINDS, type PersonKind } from '../../core/invites/invite.entity.js';
import { formatExpiry, renderInviteSlips } from '../../core/invites/invite-slips.js';
import { DEFAULT_BOT_USERNAME } from '../../core/invites/invites.js';
import { personForEdit } from '../../core/invites/person-target.js';
import { CONSENT_STATUSES, type ConsentStatus } from '../../core/privacy/consent.entity.js';
import type { Row } from '../../core/records/row.js';
import { fullName, type PersonName } from '../../core/school/rules/names.js';
import { School } from '../../core/school/school.entity.js';

/** The panel's actor of a request, or undefined without a logged-in account (see data-routes.ts). */
export type ActorOf = (req: FastifyRequest) => Promise<Actor | undefined>;

const PDF = 'application/pdf';
const ROLE_TITLES: Record<string, string> = { administrator: 'Администратор', director: 'Директор', deputy: 'Заместитель директора', inspector: 'Инспектор', teacher: 'Учитель' };
const isPersonKind = (kind: string): kind is PersonKind => (PERSON_KINDS as readonly string[]).includes(kind);
const positiveId = (value: string) => (/^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);

const roleTitle = (kind: PersonKind, row: Row) =>
  kind === 'staff' ? ((row.roles as string[] | undefined) ?? []).map((r) => ROLE_TITLES[r] ?? r).join(', ') || 'Сотрудник'
    : kind === 'student' ? (row.sex === 'f' ? 'Ученица' : 'Ученик')
      : 'Родитель (законный представитель)';

/**
 * Invitations and consents from the panel (B1, G1–G2): slips of a class as a PDF, one person's invite
 * (link, QR, its slip), a guardian's consent registry. The rights are the core's, checked on every call.
 */
export function inviteRoutes(app: FastifyInstance, core: Core, rootPath: string, actorOf: ActorOf, botUsername: () => string = () => DEFAULT_BOT_USERNAME): void {
  const t = translator(core.i18n, 'ru');
  const refuse = (reply: FastifyReply, err: unknown) => {
    if (err instanceof AccessDenied) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
    if (err instanceof NotFound) return reply.code(404).send({ errors: err.problems.map((p) => describeProblem(t, p)) });
    if (err instanceof DomainError) return reply.code(422).send({ errors: err.problems.map((p) => describeProblem(t, p)) });
    throw err;
  };
  const pdf = (reply: FastifyReply, name: string, file: Buffer) =>
    reply.type(PDF).header('content-disposition', `attachment; filename="${name}"`).send(file);

  // POST: printing issues new invites and revokes the old ones, which a link prefetcher must never do.
  app.post<{ Params: { groupId: string }; Querystring: { who?: string } }>(`${rootPath}/data/invite-slips/:groupId.pdf`, async (req, reply) => {
    const groupId = positiveId(req.params.groupId);
    const who = req.query.who ?? 'both';
    if (!groupId || !isSlipAudience(who)) return reply.code(404).send();
    const actor = await actorOf(req);
    if (!actor) return reply.code(403).send();
    try {
      const batch = await core.inviteBatch.issueForGroup(groupId, who, actor, botUsername());
      const file = await renderInviteSlips(batch.slips, { skipped: batch.skipped });
      reply.header('x-klassny-skipped', String(batch.skipped.length));
      return pdf(reply, `invites-${groupId}-${who}.pdf`, file);
    } catch (err) {
      return refuse(reply, err);
    }
  });

  app.post<{ Params: { kind: string; id: string } }>(`${rootPath}/data/invite/:kind/:id`, async (req, reply) => {
    const { kind } = req.params;
    const id = positiveId(req.params.id);
    if (!isPersonKind(kind) || !id) return reply.code(404).send();
    const actor = await actorOf(req);
    if (!actor) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
    try {
      const issued = await core.invites.issue(kind, id, actor, botUsername());
      return {
        code: issued.code,
        deepLink: issued.deepLink,
        qr: await QRCode.toDataURL(issued.deepLink, { errorCorrectionLevel: 'M', margin: 2, width: 240 }),
        expiresAt: issued.expiresAt.toISOString(),
        expires: formatExpiry(issued.expiresAt, issued.timeZone),
        timeZone: issued.timeZone,
      };
    } catch (err) {
      return refuse(reply, err);
    }
  });

  // The slip of the invite just issued (?code=…, which its holder already knows), or of a fresh one.
  app.get<{ Params: { kind: string; id: string }; Querystring: { code?: string } }>(`${rootPath}/data/invite-slip/:kind/:id.pdf`, async (req, reply) => {
    const { kind } = req.params;
    const id = positiveId(req.params.id);
    if (!isPersonKind(kind) || !id) return reply.code(404).send();
    const actor = await actorOf(req);
    if (!actor) return reply.code(403).send();
    try {
      const em = core.orm.em;
      const person = await personForEdit(em, core.records, kind, id, actor);
      const school = await em.findOneOrFail(School, person.school!.id);
      const code = req.query.code;
      // Printing an invite already issued changes nothing; a new one is issued only by POST invite/:kind/:id.
      if (code === undefined) return reply.code(400).send({ errors: [describeProblem(t, { key: 'invite.issueFirst' })] });
      const invite = await core.invites.usable(code, kind, id);
      if (!invite) return reply.code(410).send({ errors: [describeProblem(t, { key: 'invite.slipStale' })] });
      const slip = { deepLink: `https://t.me/${botUsername()}?start=${code}`, expiresAt: invite.expiresAt, timeZone: school.timeZone };
      const file = await renderInviteSlips([{ ...slip, fullName: fullName(person as PersonName), roleTitle: roleTitle(kind, person), schoolName: school.name }]);
      return pdf(reply, `invite-${kind}-${id}.pdf`, file);
    } catch (err) {
      return refuse(reply, err);
    }
  });

  app.get<{ Params: { guardianId: string } }>(`${rootPath}/data/consent/:guardianId`, async (req, reply) => {
    const guardianId = positiveId(req.params.guardianId);
    if (!guardianId) return reply.code(404).send();
    const actor = await actorOf(req);
    if (!actor) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
    try {
      await personForEdit(core.orm.em, core.records, 'guardian', guardianId, actor);
      const history = await core.consents.history(guardianId);
      const line = (c: (typeof history)[number]) => ({ status: c.status, date: c.date, note: c.note ?? null, recordedAt: c.createdAt });
      return { current: history[0] ? line(history[0]) : null, history: history.map(line) };
    } catch (err) {
      return refuse(reply, err);
    }
  });

  app.post<{ Params: { guardianId: string }; Body: { status?: string; date?: string; note?: string } }>(`${rootPath}/data/consent/:guardianId`, async (req, reply) => {
    const guardianId = positiveId(req.params.guardianId);
    if (!guardianId) return reply.code(404).send();
    const actor = await actorOf(req);
    if (!actor) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
    const { status, date, note } = req.body ?? {};
    if (!status || !(CONSENT_STATUSES as readonly string[]).includes(status)) {
      return reply.code(422).send({ errors: [describeProblem(t, { key: 'valueNotAllowed', params: { value: String(status) } })] });
    }
    try {
      const consent = await core.consents.record(guardianId, status as ConsentStatus, date ?? '', actor, note);
      return { status: consent.status, date: consent.date };
    } catch (err) {
      return refuse(reply, err);
    }
  });
}
