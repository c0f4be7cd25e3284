import type { EntityManager } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import type { Actor } from '../access/actor.js';
import { can } from '../access/policy.js';
import { reportScope } from '../access/report-scope.js';
import type { AuditLog } from '../audit/audit-log.js';
import { AccessDenied, ValidationFailed, problem } from '../base/errors.js';
import { translator } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import type { Clock } from '../time/clock.js';
import { dateTime, ruDate } from '../time/format.js';
import { resolveContext, type ReportContext } from './report-context.js';
import { CONTENT_TYPES, REPORT_KINDS, isReportFormat, reportKindOf, type ReportFormat } from './report-kinds.js';
import type { ReportTable } from './report-model.js';
import { parseReportParams } from './report-params.js';
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

/** What the panel's form offers the actor: the kinds, and the periods, classes, subjects and teachers it reaches. */
export interface ReportChoices {
  kinds: { id: string; title: string; description: string }[];
  periods: { id: number; name: string; year: string }[];
  classes: { id: number; name: string }[];
  subjects: { id: number; name: string }[];
  teachers: { id: number; name: string }[];
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
    const day = context.range.to;
    return {
      file,
      contentType: CONTENT_TYPES[format],
      filename: `${kind.id} ${t(kind.titleKey)} ${ruDate(context.range.from)}–${ruDate(day)}.${format}`,
      asciiFilename: `report-${kind.id}-${context.range.from}-${day}.${format}`,
      table,
    };
  }

  /** The form's lists, within the actor's reach (its school; the deployment's administrator: `schoolId` or the only one). */
  async choices(actor: Actor, language: Language = DEFAULT_LANGUAGE, schoolId?: number): Promise<ReportChoices> {
    const scope = reportScope(actor);
    if (!scope) throw new AccessDenied('reports.view');
    const t = translator(this.i18n, language);
    const em = this.em();
    const school = scope.schoolId ?? schoolId ?? (await em.execute<{ id: number }[]>('select id from school order by id limit 1'))[0]?.id ?? 0;
    const periods = await em.execute<{ id: number; name: string; year: string }[]>(
      `select p.id, p.name, y.name as year from period p join academic_year y on y.id = p.year_id
        where p.school_id = ? order by y.start_date desc, p.end_date, p.start_date desc`, [school]);
    const rows = await em.execute<{ group_id: number; group_name: string; subject_id: number; subject_name: string; teacher_id: number; teacher_name: string }[]>(
      `select g.id as group_id, g.name as group_name, s.id as subject_id, s.name as subject_name, st.id as teacher_id,
              concat_ws(' ', st.last_name, st.first_name, st.middle_name) as teacher_name
         from teaching_assignment a join school_group g on g.id = a.group_id join subject s on s.id = a.subject_id join staff st on st.id = a.teacher_id
         join academic_year y on y.id = a.year_id
        where a.school_id = ? order by y.start_date desc, g.grade_level, g.name, s.name`, [school]);
    const reached = rows.filter((r) => can(actor, 'reports.view', { schoolId: school, groupIds: [r.group_id], teacherId: r.teacher_id }));
    const list = (pairs: [number, string][]) => [...new Map(pairs).entries()].map(([id, name]) => ({ id, name }));
    return {
      kinds: Object.values(REPORT_KINDS).map((k) => ({ id: k.id, title: t(k.titleKey), description: t(k.descriptionKey) })),
      periods,
      classes: list(reached.map((r) => [r.group_id, r.group_name])),
      subjects: list(reached.map((r): [number, string] => [r.subject_id, r.subject_name]).sort(([, a], [, b]) => a.localeCompare(b, 'ru'))),
      teachers: list(reached.map((r): [number, string] => [r.teacher_id, r.teacher_name]).sort(([, a], [, b]) => a.localeCompare(b, 'ru'))),
    };
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
