import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/core.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { isImportKind } from '../../core/imports/kinds/index.js';
import { DEFAULT_BOT_USERNAME } from '../../core/invites/invites.js';
import { isTableFormat } from '../../core/imports/table.js';
import { isRecordKind } from '../../core/records/record-kinds.js';
import { backupRoutes } from './backup-routes.js';
import { integrityRoutes } from './integrity-routes.js';
import { archiveRoutes } from './archive-routes.js';
import { inviteRoutes } from './invite-routes.js';
import { journalRoutes } from './journal-routes.js';
import { requestLanguage } from './request-language.js';
import { requestActor } from './request-actor.js';
import { reportRoutes } from './report-routes.js';
import { statementRoutes } from './statement-routes.js';
import { personDataRoutes } from './person-data-routes.js';
import { substitutionRoutes } from './substitution-routes.js';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' };

/**
 * Downloads and uploads of the panel's lists (A15), under /admin so that AdminJS's login guard covers them.
 * The rights are the core's: an export holds exactly what the list shows the person.
 */
/**
 * The form's «Школа»: none when the form sends none (the only school is then taken); anything but a whole
 * number stands for no school at all, so the core refuses it as it refuses a forged id.
 */
function schoolField(field: MultipartValue | undefined): number | undefined {
  const text = typeof field?.value === 'string' ? field.value.trim() : '';
  if (!text) return undefined;
  const id = Number(text);
  return Number.isSafeInteger(id) && id > 0 ? id : 0;
}

export function dataRoutes(app: FastifyInstance, core: Core, rootPath: string, botUsername: () => string = () => DEFAULT_BOT_USERNAME): void {
  app.get<{ Params: { kind: string; format: string } }>(`${rootPath}/data/export/:kind.:format`, async (req, reply) => {
    const { kind, format } = req.params;
    if (!isRecordKind(kind) || !isTableFormat(format)) return reply.code(404).send();
    const file = await core.exportList(kind, requestActor(req), format);
    const name = `${kind}-${core.clock.now().toISOString().slice(0, 10)}.${format}`;
    return reply.type(CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${name}"`).send(file);
  });

  // Invitation slips (PDF) of a class, one person's invite, a guardian's consents: invite-routes.ts.
  inviteRoutes(app, core, rootPath, botUsername);
  // «Замена» of a timetable slot: substitution-routes.ts.
  substitutionRoutes(app, core, rootPath);
  // «Выписка (PDF)» of a student (D12): statement-routes.ts.
  statementRoutes(app, core, rootPath);
  personDataRoutes(app, core, rootPath);
  // «Журнал» (the journal as the paper one reads) and its «Печать»: journal-routes.ts.
  journalRoutes(app, core, rootPath);
  // «Отчёты» (E1–E9): report-routes.ts.
  reportRoutes(app, core, rootPath);
  // The public signing key of archives and backups (F3): integrity-routes.ts.
  integrityRoutes(app, core, rootPath);
  // «Резервные копии» (F2): backup-routes.ts.
  backupRoutes(app, core, rootPath);
  // «Архив» (the year-end journal archives): archive-routes.ts.
  archiveRoutes(app, core, rootPath);

  // The schools the person may import into, for the upload form's choice (the server checks it again).
  app.get(`${rootPath}/data/import/schools`, { config: { language: requestLanguage } }, async (req) => ({
    schools: await core.importSchools(requestActor(req)),
  }));

  app.post<{ Params: { kind: string } }>(`${rootPath}/data/import/:kind`, { config: { language: requestLanguage } }, async (req, reply) => {
    const { kind } = req.params;
    if (!isImportKind(kind)) return reply.code(404).send();
    const actor = requestActor(req);
    const body = req.body as { file?: MultipartFile; school?: MultipartValue } | undefined;
    const file = body?.file;
    const format = file?.filename.split('.').pop()?.toLowerCase() ?? '';
    if (!file?.filename || !isTableFormat(format)) {
      return reply.code(400).send({ errors: [describeProblem(translator(core.i18n, requestLanguage(req)), { key: 'import.fileType' })] });
    }
    return core.importTable(kind, await file.toBuffer(), format, actor, { schoolId: schoolField(body?.school) });
  });
}
