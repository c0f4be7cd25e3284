import type { EntityManager } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import type { Actor } from '../access/actor.js';
import { reportScope } from '../access/report-scope.js';
import type { AuditLog } from '../audit/audit-log.js';
import { countPeople } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { AccessDenied, ValidationFailed, problem } from '../base/errors.js';
import { translator } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import type { Clock } from '../time/clock.js';
import { dateTime, ruDate } from '../time/format.js';
import { reportChoices, type ReportChoices } from './report-choices.js';
import { resolveContext, type ReportContext } from './report-context.js';
import { CONTENT_TYPES, REPORT_KINDS, isReportFormat, reportKindOf, type ReportFormat } from './report-kinds.js';
import type { ReportTable } from './report-model.js';
import { parseReportParams } from './report-params.js';
import { peopleNamed } from './report-people.js';
import { renderReportCsv } from './render/report-csv.js';
import { renderReportPdf } from './render/report-pdf.js';
import { renderReportXlsx } from './render/report-xlsx.js';

export interface ReportFile {
  file: Buffer;
  contentType: string;
  /** «E2 Успеваемость 2026-10-27.xlsx», for the reader. */
  filename: string;
  /** Latin letters and digits only, for a Content-Disposition header's plain filename. */
  asciiFilename: string;
  table: ReportTable;
}

export interface ReportOptions {
  language?: Language;
  /** PDF streams deflated (default); tests turn it off to read the text. */
  compress?: boolean;
}

/**
 * The school's reports (E1–E9): a kind from the registry, params from anywhere (validated, ids untrusted),
 * rights from the one access policy (`reportScope`), the table built once and printed as PDF, XLSX or CSV.
 * Each report made is a line of the audit log (who, which, over what).
 */
export class Reports {
  constructor(
    private readonly em: () => EntityManager,
    private readonly i18n: i18n,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly reads: ReadLog,
  ) {}

  async make(kindId: unknown, params: unknown, actor: Actor, format: unknown, options: ReportOptions = {}): Promise<ReportFile> {
    const kind = reportKindOf(kindId);
    if (!kind) throw new ValidationFailed([problem('report.unknownKind', 'kind', { kinds: Object.keys(REPORT_KINDS).join(', ') })]);
    if (!isReportFormat(format)) throw new ValidationFailed([problem('report.unknownFormat', 'format')]);
    if (!reportScope(actor)) throw new AccessDenied('reports.view');
    const checked = parseReportParams(params);
    const language = options.language ?? DEFAULT_LANGUAGE;
    const t = translator(this.i18n, language);
    const em = this.em();
    const context = await resolveContext(em, actor, checked, t, (zone) => this.clock.today(zone), kind.reach);
    const built = await kind.build(context);
    const now = this.clock.now();
    const table: ReportTable = { heading: await this.heading(context, t(kind.titleKey), now), ...built };
    const file = await render(table, format, t, language, options.compress ?? true);

    this.audit.record(em, {
      actor, action: 'create', entity: 'Report', entityId: kind.id, schoolId: context.school.id,
      after: { kind: kind.id, format, ...checked, from: context.range.from, to: context.range.to },
    });
    await em.flush();
    await this.reads.record(actor, { kind: 'report', resource: kind.id, schoolId: context.school.id, detail: `${format}, ${context.range.from}–${context.range.to}`, people: peopleNamed(table, t) });
    const day = context.range.to;
    return {
      file,
      contentType: CONTENT_TYPES[format],
      filename: `${kind.id} ${t(kind.titleKey)} ${ruDate(context.range.from)}–${ruDate(day)}.${format}`,
      asciiFilename: `report-${kind.id}-${context.range.from}-${day}.${format}`,
      table,
    };
  }

  /** The «Отчёты» form's lists within the actor's reach (report-choices.ts); `school` is the deployment administrator's choice. */
  async choices(actor: Actor, language: Language = DEFAULT_LANGUAGE, school?: unknown): Promise<ReportChoices> {
    const choices = await reportChoices(this.em(), actor, translator(this.i18n, language), (zone) => this.clock.today(zone), school);
    // The teacher picker is a list of names: one read (G4).
    await this.reads.record(actor, { kind: 'list', resource: 'ReportChoices', schoolId: choices.school.id, detail: 'teachers', people: countPeople(choices.teachers.map((t) => ['Staff', t.id] as const), actor) });
    return choices;
  }

  private async heading(ctx: ReportContext, title: string, now: Date): Promise<ReportTable['heading']> {
    const { t } = ctx;
    const dates = `${ruDate(ctx.range.from)}–${ruDate(ctx.range.to)}`;
    const filters = (['class', 'subject', 'teacher'] as const)
      .filter((f) => ctx.filters[f] !== undefined)
      .map((f) => t(`reports:heading.${f}`, { name: ctx.filters[f] }));
    return {
      title,
      school: ctx.school.name,
      period: ctx.period ? `${ctx.period.name} (${dates}), ${ctx.year.name}` : `${dates}, ${ctx.year.name}`,
      filters,
      madeAt: dateTime(now, ctx.school.timeZone),
      madeBy: await this.maker(ctx),
    };
  }

  private async maker(ctx: ReportContext): Promise<string> {
    const { actor, t } = ctx;
    if (actor.kind === 'staff' && actor.staffId !== undefined) {
      const [row] = await ctx.em.execute<{ name: string }[]>(`select concat_ws(' ', last_name, first_name, middle_name) as name from staff where id = ?`, [actor.staffId]);
      if (row) return row.name;
    }
    return t(actor.kind === 'deployment' ? 'reports:madeBy.deployment' : 'reports:madeBy.system');
  }
}

function render(table: ReportTable, format: ReportFormat, t: ReturnType<typeof translator>, language: Language, compress: boolean): Promise<Buffer> | Buffer {
  switch (format) {
    case 'pdf': return renderReportPdf(table, t, language === 'ru' ? 'ru-RU' : 'en-GB', { compress });
    case 'xlsx': return renderReportXlsx(table);
    case 'csv': return renderReportCsv(table);
  }
}
