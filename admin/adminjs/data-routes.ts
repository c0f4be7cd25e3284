import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { AccessDenied, DomainError } from '../../core/errors.js';
import { exportList } from '../../core/exports/export-list.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { formatImportErrors } from '../../core/imports/format-errors.js';
import { ImportFailed } from '../../core/imports/import-failed.js';
import { importTable } from '../../core/imports/import-table.js';
import { isImportKind } from '../../core/imports/kinds/index.js';
import { DEFAULT_BOT_USERNAME } from '../../core/invites/invites.js';
import { isTableFormat } from '../../core/imports/table.js';
import { panelActor } from '../../core/panel/panel-actor.js';
import { isRecordKind } from '../../core/records/record-kinds.js';
import { inviteRoutes } from './invite-routes.js';
import { statementRoutes } from './statement-routes.js';
import { substitutionRoutes } from './substitution-routes.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

async function actorOf(core: Core, req: FastifyRequest): Promise<Actor | undefined> {
  // AdminJS keeps the logged-in account under `adminUser` in the session it manages.
  const admin = (req.session as unknown as { get(key: string): unknown }).get('adminUser') as { id?: number } | undefined;
  return admin?.id ? panelActor(core.orm.em, admin.id) : undefined;
}

/**
 * Downloads and uploads of the panel's lists (A15), under /admin so that AdminJS's login guard covers them.
 * The rights are the core's: an export holds exactly what the list shows the person.
 */
export function dataRoutes(app: FastifyInstance, core: Core, rootPath: string, botUsername: () => string = () => DEFAULT_BOT_USERNAME): void {
  const t = translator(core.i18n, 'ru');

  app.get<{ Params: { kind: string; format: string } }>(`${rootPath}/data/export/:kind.:format`, async (req, reply) => {
    const { kind, format } = req.params;
    if (!isRecordKind(kind) || !isTableFormat(format)) return reply.code(404).send();
    const actor = await actorOf(core, req);
    if (!actor) return reply.code(403).send();
    try {
      const file = await exportList(core, kind, actor, format);
      const name = `${kind}-${core.clock.now().toISOString().slice(0, 10)}.${format}`;
      return reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${name}"`).send(file);
    } catch (err) {
      if (err instanceof AccessDenied) return reply.code(403).send();
      throw err;
    }
  });

  // Invitation slips (PDF) of a class, one person's invite, a guardian's consents: invite-routes.ts.
  inviteRoutes(app, core, rootPath, (req) => actorOf(core, req), botUsername);
  // «Замена» of a timetable slot: substitution-routes.ts.
  substitutionRoutes(app, core, rootPath, (req) => actorOf(core, req));
  // «Выписка (PDF)» of a student (D12): statement-routes.ts.
  statementRoutes(app, core, rootPath, (req) => actorOf(core, req));

  app.post<{ Params: { kind: string } }>(`${rootPath}/data/import/:kind`, async (req, reply) => {
    const { kind } = req.params;
    if (!isImportKind(kind)) return reply.code(404).send();
    const actor = await actorOf(core, req);
    if (!actor) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
    const file = (req.body as { file?: MultipartFile } | undefined)?.file;
    const format = file?.filename.split('.').pop()?.toLowerCase() ?? '';
    if (!file || !isTableFormat(format)) return reply.code(400).send({ errors: [describeProblem(t, { key: 'import.fileType' })] });
    try {
      return await importTable(core, kind, await file.toBuffer(), format, actor);
    } catch (err) {
      if (err instanceof ImportFailed) return reply.code(422).send({ errors: formatImportErrors(t, err) });
      if (err instanceof AccessDenied) return reply.code(403).send({ errors: [describeProblem(t, { key: 'accessDenied' })] });
      if (err instanceof DomainError) return reply.code(422).send({ errors: err.problems.map((p) => describeProblem(t, p)) });
      throw err;
    }
  });
}
