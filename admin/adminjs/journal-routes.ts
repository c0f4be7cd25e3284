import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE } from '../../core/i18n/languages.js';
import type { JournalAsk } from '../../core/journal-view/journal-choices.js';
import { journalHtml } from './journal-page-html.js';
import { requestActor } from './request-actor.js';
import { requestLanguage } from './request-language.js';
import { positiveId } from './route-params.js';

const CONTENT_TYPES = { pdf: 'application/pdf', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** An id from the URL: absent, or a positive integer; anything else (`abc`, `0`, `-1`, a list) is no id at all. */
function idParam(value: unknown): number | undefined | null {
  if (value === undefined || value === '') return undefined;
  return (typeof value === 'string' && positiveId(value)) || null;
}

type ViewRequest = { Querystring: { group?: unknown; assignment?: unknown; period?: unknown; lang?: unknown } };
type FileRequest = { Params: { assignmentId: string; periodId: string; format: string }; Querystring: { lang?: unknown } };

/**
 * «Журнал» in the panel (SPEC B2): GET …/data/journal/view?group=&assignment=&period= answers the page's HTML
 * (the choice of class, subject and period, and the chosen journal), which the panel's «Журнал» page draws;
 * GET …/data/journal/:assignmentId/:periodId.pdf|xlsx is «Печать». The ids are the URL's, so untrusted: the
 * core checks every one against the reader's rights (journal-pages.ts) and refuses with nothing of the journal.
 */
export function journalRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  app.get<ViewRequest>(`${rootPath}/data/journal/view`, { config: { language: requestLanguage } }, async (req, reply) => {
    const [group, assignment, period] = [idParam(req.query.group), idParam(req.query.assignment), idParam(req.query.period)];
    if (group === null || assignment === null || period === null) return reply.code(404).send();
    const actor = requestActor(req);
    // The journal asked for first: a forged or foreign id is refused before anything else is shown.
    const page = assignment !== undefined ? await core.journalPages.page(assignment, period, actor) : undefined;
    const ask: JournalAsk = {
      ...(group !== undefined ? { groupId: group } : {}),
      ...(assignment !== undefined ? { assignmentId: assignment } : {}),
      ...(page ? { periodId: page.period.id } : {}),
    };
    const choices = await core.journalPages.choices(actor, ask);
    const link = (to: { group?: number; assignment?: number; period?: number }) =>
      `${rootPath}/pages/journal?${new URLSearchParams(Object.entries(to).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
    const language = requestLanguage(req);
    const files = (format: 'pdf' | 'xlsx') => `${rootPath}/data/journal/${page!.assignment.id}/${page!.period.id}.${format}${language === DEFAULT_LANGUAGE ? '' : `?lang=${language}`}`;
    return noStore(reply).type('text/html; charset=utf-8').send(journalHtml(choices, page, translator(core.i18n, language), language, link, files));
  });

  app.get<FileRequest>(`${rootPath}/data/journal/:assignmentId/:periodId.:format`, { config: { language: requestLanguage } }, async (req, reply) => {
    const { format } = req.params;
    const assignmentId = idParam(req.params.assignmentId);
    const periodId = idParam(req.params.periodId);
    if (!assignmentId || !periodId || (format !== 'pdf' && format !== 'xlsx')) return reply.code(404).send();
    const { file, filename, asciiFilename } = await core.journalPages.print(assignmentId, periodId, format, requestActor(req), { language: requestLanguage(req) });
    return noStore(reply).type(CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="${asciiFilename}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(file);
  });
}
