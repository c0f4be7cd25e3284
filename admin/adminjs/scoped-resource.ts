import { Resource } from '@adminjs/mikroorm';
import { ReferenceKind } from '@mikro-orm/core';
import { BaseRecord, flat, ForbiddenError, type ActionContext, type Filter } from 'adminjs';
import type { Actor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { panelActor } from '../../core/panel/panel-actor.js';
import { fullName, shortName } from '../../core/school/rules/names.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { RECORD_KINDS } from '../../core/records/record-kinds.js';
import { auditText } from './audit-text.js';
import { toAdminError } from './domain-errors.js';
import { toWhere } from './filters.js';

type Params = Record<string, unknown>;
const actorsByContext = new WeakMap<ActionContext, Promise<Actor>>();
// adminjs's `flat` helpers are typed loosely; these two lines are the only place we touch them.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call */
const unflatten = (params: Params): Params => flat.unflatten(params);
const flatten = (params: Params): Params => flat.flatten(params);
/* eslint-enable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call */
const PEOPLE = new Set<RecordKindName>(['Staff', 'Student', 'Guardian']);

type Named = { name?: string; lastName?: string; firstName?: string; middleName?: string | null } | undefined;

/** «Математика — 7А (Иванова М. П.)»: how people recognise a teaching assignment in a list or a select. */
export function assignmentTitle(row: Record<string, unknown>): string {
  const subject = row.subject as Named;
  const group = row.group as Named;
  const subgroup = row.subgroup as Named | null;
  const teacher = row.teacher as Named;
  const where = subgroup?.name ? `${group?.name ?? ''}, ${subgroup.name}` : (group?.name ?? '');
  return `${subject?.name ?? ''} — ${where} (${shortName(teacher ?? {})})`;
}

/**
 * An AdminJS resource whose every read and write goes through the core: lists are limited to what the
 * actor may see, records of other schools do not exist, and saving runs the record service's checks.
 * Hiding a button is a courtesy; this is where the refusal happens.
 */
export class ScopedResource extends Resource {
  private readonly entityName: string;

  constructor(private readonly core: Core, private readonly kindName: RecordKindName) {
    super({ model: RECORD_KINDS[kindName].entity as never, orm: core.orm });
    this.entityName = RECORD_KINDS[kindName].entity.meta.className;
    // The adapter knows neither numeric(p,s) nor text[] columns; its properties wrap the ORM's own
    // metadata, which must stay untouched, so the answer is overridden on each property object.
    for (const property of this.properties() as unknown as { column: { columnTypes: string[] }; type: () => string }[]) {
      const [columnType = ''] = property.column.columnTypes;
      if (columnType.startsWith('numeric')) property.type = () => 'float';
      else if (columnType.endsWith('[]')) property.type = () => 'string';
    }
  }

  /** Date columns hold calendar days: shown and edited as dates, not timestamps. */
  dateProperties(): string[] {
    return this.core.orm.getMetadata().get(this.entityName).props.filter((p) => p.columnTypes?.[0] === 'date').map((p) => p.name);
  }

  /** Read once per action (a list asks for rows and then for their count with the same context). */
  private async actor(context?: ActionContext): Promise<Actor> {
    const cached = context ? actorsByContext.get(context) : undefined;
    const pending = cached ?? this.loadActor(context);
    if (context && !cached) actorsByContext.set(context, pending);
    return pending;
  }

  private async loadActor(context?: ActionContext): Promise<Actor> {
    const accountId = (context?.currentAdmin as { id?: number } | undefined)?.id;
    const actor = accountId ? await panelActor(this.core.orm.em, accountId) : undefined;
    if (!actor) throw new ForbiddenError();
    return actor;
  }

  private async where(filter: Filter | undefined, context?: ActionContext): Promise<Params> {
    const scope = await this.core.records.listFilter(this.kindName, await this.actor(context)).catch((err: unknown) => {
      throw toAdminError(this.core, err);
    });
    const { currentGroup, ...rest } = filter?.filters ?? {};
    const byClass = currentGroup ? { id: { $in: await this.studentsOfGroup(Number(currentGroup.value)) } } : {};
    return { $and: [scope, byClass, toWhere({ filters: rest } as unknown as Filter)] };
  }

  private async studentsOfGroup(groupId: number): Promise<number[]> {
    const rows = await this.core.orm.em.execute<{ student_id: number }[]>(
      'select student_id from enrollment where group_id = ? and end_date is null',
      [groupId],
    );
    return rows.map((r) => r.student_id);
  }

  /** A student's class today, shown in lists and usable as a filter («Ученики 7А»). */
  private async currentGroups(rows: object[]): Promise<Map<number, number>> {
    if (this.kindName !== 'Student' || rows.length === 0) return new Map();
    const found = await this.core.orm.em.execute<{ student_id: number; group_id: number }[]>(
      'select student_id, group_id from enrollment where end_date is null and student_id in (?)',
      [rows.map((r) => (r as { id: number }).id)],
    );
    return new Map(found.map((r) => [r.student_id, r.group_id]));
  }

  private async records(rows: object[]): Promise<BaseRecord[]> {
    const groups = await this.currentGroups(rows);
    return rows.map((row) => {
      const record = this.record(row);
      if (this.kindName === 'Student') record.params.currentGroup = groups.get((row as { id: number }).id) ?? null;
      return record;
    });
  }

  /** A row as AdminJS params: scalars as they are, references as ids, plus the virtual titles. */
  private record(row: object): BaseRecord {
    const entity = row as Record<string, unknown>;
    const params: Params = {};
    for (const prop of this.core.orm.getMetadata().get(this.entityName).props) {
      const value = entity[prop.name];
      if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) params[prop.name] = (value as { id?: number } | null | undefined)?.id ?? null;
      else if (prop.kind === ReferenceKind.SCALAR) params[prop.name] = prop.columnTypes?.[0] === 'jsonb' ? auditText(this.core.orm, entity.entity, value) : value;
    }
    if (PEOPLE.has(this.kindName)) params.fullName = fullName(params);
    if (this.kindName === 'TeachingAssignment') params.title = assignmentTitle(entity);
    return new BaseRecord(params, this);
  }

  private get populate(): never[] {
    return (this.kindName === 'TeachingAssignment' ? ['subject', 'group', 'subgroup', 'teacher'] : []) as never[];
  }

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return this.core.orm.em.count(this.entityName, await this.where(filter, context));
  }

  override async find(filter: Filter, params: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const { limit = 25, offset = 0, sort = {} } = params;
    const sortBy = sort.sortBy === 'fullName' ? 'lastName' : sort.sortBy;
    const rows = await this.core.orm.em.find(this.entityName, await this.where(filter, context), {
      populate: this.populate,
      limit,
      offset,
      orderBy: (sortBy ? { [sortBy]: sort.direction ?? 'asc' } : { id: 'asc' }) as never,
    });
    return this.records(rows);
  }

  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    try {
      const row = (await this.core.records.get(this.kindName, Number(id), await this.actor(context))) as object;
      await this.core.orm.em.populate(row, this.populate);
      const [record] = await this.records([row]);
      return record ?? null;
    } catch (err) {
      const mapped = toAdminError(this.core, err);
      if (mapped instanceof ForbiddenError) throw mapped;
      return null;
    }
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const actor = await this.actor(context);
    const scope = await this.core.records.listFilter(this.kindName, actor).catch(() => undefined);
    if (!scope) return [];
    const rows = await this.core.orm.em.find(this.entityName, { $and: [scope, { id: { $in: ids.map(Number) } }] }, { populate: this.populate });
    return this.records(rows);
  }

  override async create(params: Params, context?: ActionContext): Promise<Params> {
    const input = unflatten(params);
    try {
      const actor = await this.actor(context);
      const row = this.kindName === 'StudentMovement' ? await this.core.movements.record(input, actor)
        : this.kindName === 'CompromiseReport' ? await this.core.security.reportFromForm(input, actor)
        : await this.core.records.create(this.kindName, input, actor);
      return flatten(this.record(row).params);
    } catch (err) {
      throw toAdminError(this.core, err);
    }
  }

  override async update(id: string | number, params: Params = {}, context?: ActionContext): Promise<Params> {
    try {
      const row = await this.core.records.update(this.kindName, Number(id), unflatten(params), await this.actor(context));
      return flatten(this.record(row).params);
    } catch (err) {
      throw toAdminError(this.core, err);
    }
  }

  override async delete(id: string | number, context?: ActionContext): Promise<void> {
    try {
      await this.core.records.remove(this.kindName, Number(id), await this.actor(context));
    } catch (err) {
      throw toAdminError(this.core, err);
    }
  }

  /** Passed as an instance; no adapter should claim it. */
  static override isAdapterFor(): boolean {
    return false;
  }
}
