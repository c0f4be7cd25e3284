import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Core } from '../../core/core.js';
import { requestLanguage } from './request-language.js';
import { translator, type TFunction } from '../../core/i18n/i18n.js';
import { REPORT_FORMATS } from '../../core/reports/report-kinds.js';
import type { ReportChoices } from '../../core/reports/reports.js';
import type { Refusal } from '../refusals.js';
import { escapeHtml, page, refusalPage, sendPage } from './access-pages.js';
import { requestActor } from './request-actor.js';

type Query = { Querystring: Record<string, string | undefined> };
/**
 * «Отчёты» (E1–E9): GET …/reports, a form of the reports, periods, classes, subjects and teachers the actor
 * reaches (a plain page: no script, so the panel's CSP is untouched); GET …/reports/download?kind=E2&
 * period=…|from=…&to=…&class=…&subject=…&teacher=…&format=pdf|xlsx|csv, the file. Everything in the query is
 * the core's to check (reports.ts): the actor's reach, the ids, the dates; a refusal is a page in words.
 */
export function reportRoutes(app: FastifyInstance, core: Core, rootPath: string): void {
  const formPath = `${rootPath}/reports`;
  const refusalView = (refusal: Refusal, req: FastifyRequest, reply: FastifyReply) => {
    const t = translator(core.i18n, requestLanguage(req));
    return sendPage(reply, refusal.status, refusalPage(t, t('reports:panel.refused'), refusal.describe(t), { href: formPath, label: t('reports:panel.title') }));
  };

  app.get(formPath, { config: { refusalView } }, async (req, reply) => {
    const language = requestLanguage(req);
    const choices = await core.reports.choices(requestActor(req), language);
    return sendPage(reply, 200, formPage(translator(core.i18n, language), choices, `${formPath}/download`, rootPath));
  });

  app.get<Query>(`${formPath}/download`, { config: { refusalView, language: requestLanguage } }, async (req, reply) => {
    const { kind, format, lang: _lang, ...params } = req.query;
    const made = await core.reports.make(kind, params, requestActor(req), format, { language: requestLanguage(req) });
    return reply.type(made.contentType)
      .header('content-disposition', `attachment; filename="${made.asciiFilename}"; filename*=UTF-8''${encodeURIComponent(made.filename)}`)
      .header('cache-control', 'no-store')
      .send(made.file);
  });
}

function formPage(t: TFunction, c: ReportChoices, action: string, back: string): string {
  const options = (items: { id: number | string; name: string }[], any = true) =>
    `${any ? `<option value="">${escapeHtml(t('reports:panel.any'))}</option>` : ''}${items.map((i) => `<option value="${escapeHtml(String(i.id))}">${escapeHtml(i.name)}</option>`).join('')}`;
  const field = (label: string, control: string) => `<label>${escapeHtml(label)}<br>${control}</label>`;
  const body = `
    <style>label { display: block; margin: 0 0 12px; } select, input { font: inherit; padding: 6px; min-width: 260px; } .kind { color: #454655; font-size: 13px; }</style>
    <form method="get" action="${escapeHtml(action)}" data-testid="report-form">
      ${field(t('reports:panel.kind'), `<select name="kind" required>${options(c.kinds.map((k) => ({ id: k.id, name: `${k.id}. ${k.title}` })), false)}</select>`)}
      ${c.kinds.map((k) => `<p class="kind"><b>${escapeHtml(k.id)}</b> — ${escapeHtml(k.description)}</p>`).join('')}
      ${field(t('reports:panel.period'), `<select name="period">${options(c.periods.map((p) => ({ id: p.id, name: `${p.name}, ${p.year}` })))}</select>`)}
      <p>${escapeHtml(t('reports:panel.orDates'))}</p>
      ${field(t('reports:panel.from'), '<input type="date" name="from">')}
      ${field(t('reports:panel.to'), '<input type="date" name="to">')}
      ${field(t('reports:panel.class'), `<select name="class">${options(c.classes)}</select>`)}
      ${field(t('reports:panel.subject'), `<select name="subject">${options(c.subjects)}</select>`)}
      ${field(t('reports:panel.teacher'), `<select name="teacher">${options(c.teachers)}</select>`)}
      ${field(t('reports:panel.format'), `<select name="format">${REPORT_FORMATS.map((f) => `<option value="${f}">${f.toUpperCase()}</option>`).join('')}</select>`)}
      <div class="actions"><button type="submit">${escapeHtml(t('reports:panel.download'))}</button><a href="${escapeHtml(back)}">${escapeHtml(t('reports:panel.back'))}</a></div>
    </form>`;
  return page(t, t('reports:panel.title'), body);
}
