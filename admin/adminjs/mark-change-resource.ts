import { BaseProperty, BaseRecord, BaseResource, ForbiddenError, type ActionContext, type Filter, type PropertyType, type ResourceWithOptions } from 'adminjs';
import type { Actor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import type { MarkChangeQuery, MarkChangeRow } from '../../core/journal/mark-change-report.js';
import { panelActor } from '../../core/panel/panel-actor.js';
import { toAdminError } from './domain-errors.js';
import { shownTo } from './visibility.js';

const never = () => false;
const COLUMNS: [string, PropertyType][] = [
  ['changedAt', 'datetime'], ['teacher', 'string'], ['lessonDate', 'date'], ['student', 'string'],
  ['subject', 'string'], ['group', 'string'], ['oldMark', 'string'], ['newMark', 'string'],
];
/** Shown nowhere, only filtered by: the school-local days of the changes. */
const FILTER = 'changedOn';

/** A date picker's value as a calendar day: «2026-11-20» or the date part of an ISO instant. */
function day(value: unknown): string | undefined {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : undefined;
}

/**
 * «Изменения отметок» (B4): the core's mark-change report as a read-only list. Not a table of its own, so
 * an adapter of our own over `core.markChanges`, which decides who may read it (audit.view).
 */
class MarkChangeResource extends BaseResource {
  private readonly props = [
    new BaseProperty({ path: 'id', type: 'number', isId: true, isSortable: false }),
    ...COLUMNS.map(([path, type], position) => new BaseProperty({ path, type, isSortable: false, position })),
    new BaseProperty({ path: FILTER, type: 'date', isSortable: false }),
  ];

  constructor(private readonly core: Core) {
    super();
  }

  override id(): string {
    return 'MarkChange';
  }

  override databaseName(): string {
    return 'klassny';
  }

  override databaseType(): string {
    return 'postgresql';
  }

  override properties(): BaseProperty[] {
    return this.props;
  }

  override property(path: string): BaseProperty | null {
    return this.props.find((p) => p.path() === path) ?? null;
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return (await this.list(filter, { limit: 1 }, context)).total;
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number } = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const { rows } = await this.list(filter, { limit: options.limit ?? 25, offset: options.offset ?? 0 }, context);
    return rows.map((row) => this.record(row));
  }

  override async findOne(id: string, context?: ActionContext): Promise<BaseRecord | null> {
    try {
      return this.record(await this.core.markChanges.entry(Number(id), await this.actor(context)));
    } catch (err) {
      const mapped = toAdminError(this.core, err);
      if (mapped instanceof ForbiddenError) throw mapped;
      return null;
    }
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const found = await Promise.all(ids.map((id) => this.findOne(String(id), context)));
    return found.filter((r): r is BaseRecord => r !== null);
  }

  override async create(): Promise<never> {
    throw new ForbiddenError();
  }

  override async update(): Promise<never> {
    throw new ForbiddenError();
  }

  override async delete(): Promise<void> {
    throw new ForbiddenError();
  }

  private async list(filter: Filter, page: Pick<MarkChangeQuery, 'limit' | 'offset'>, context?: ActionContext) {
    const range = filter.filters[FILTER]?.value as { from?: unknown; to?: unknown } | undefined;
    const from = day(range?.from);
    const to = day(range?.to);
    try {
      return await this.core.markChanges.list({ ...(from ? { from } : {}), ...(to ? { to } : {}), ...page }, await this.actor(context));
    } catch (err) {
      throw toAdminError(this.core, err);
    }
  }

  private async actor(context?: ActionContext): Promise<Actor> {
    const accountId = (context?.currentAdmin as { id?: number } | undefined)?.id;
    const actor = accountId ? await panelActor(this.core.orm.em, accountId) : undefined;
    if (!actor) throw new ForbiddenError();
    return actor;
  }

  private record(row: MarkChangeRow): BaseRecord {
    return new BaseRecord({
      id: row.id,
      changedAt: row.changedAt,
      teacher: row.teacher ?? '—',
      lessonDate: row.lessonDate,
      student: row.student ?? (row.studentId ? `№${row.studentId}` : '—'),
      subject: row.subject,
      group: row.group,
      oldMark: row.oldMark,
      newMark: row.newMark ?? 'удалена',
    }, this);
  }
}

export function markChangeResource(core: Core): ResourceWithOptions {
  const canRead = shownTo('audit.view');
  return {
    resource: new MarkChangeResource(core),
    options: {
      navigation: { name: 'Журнал', icon: 'BookOpen' },
      listProperties: COLUMNS.map(([path]) => path),
      showProperties: COLUMNS.map(([path]) => path),
      filterProperties: [FILTER],
      properties: { id: { isVisible: false } },
      actions: {
        list: { isAccessible: canRead },
        show: { isAccessible: canRead },
        search: { isAccessible: never },
        new: { isAccessible: never },
        edit: { isAccessible: never },
        delete: { isAccessible: never },
        bulkDelete: { isAccessible: never },
      },
    },
  };
}
