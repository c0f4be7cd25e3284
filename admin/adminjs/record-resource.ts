import { BaseProperty, BaseRecord, flat, ForbiddenError, type ActionContext, type Filter, type PropertyType } from 'adminjs';
import type { Actor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import type { Language } from '../../core/i18n/languages.js';
import type { PlainRow } from '../../core/panel/record-rows.js';
import type { RecordQuery } from '../../core/panel/panel-records.js';
import type { FieldType, RecordField } from '../../core/records/record-fields.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { noneUnlessForbidden, toAdminError } from './domain-errors.js';
import { recordFilters } from './filters.js';
import { PanelResource } from './panel-resource.js';
import { actorOf, languageOf } from './request-actor.js';

type Params = Record<string, unknown>;
// adminjs's `flat` helpers are typed loosely; these two lines are the only place we touch them.
/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call */
const unflatten = (params: Params): Params => flat.unflatten(params);
const flatten = (params: Params): Params => flat.flatten(params);
/* eslint-enable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call */

/** Where a resource's rows come from: a core service that decides, for each call, what the actor may see and do. */
export interface RowSource {
  fields: readonly RecordField[];
  list(actor: Actor, query: RecordQuery): Promise<PlainRow[]>;
  count(actor: Actor, filters: RecordQuery['filters']): Promise<number>;
  /** `language`: the reader's, for what the core words itself in a row (an audit line's before and after). */
  get(id: number, actor: Actor, language: Language): Promise<PlainRow>;
  getMany(ids: number[], actor: Actor, language: Language): Promise<PlainRow[]>;
  create?: (input: Params, actor: Actor) => Promise<PlainRow>;
  update?: (id: number, input: Params, actor: Actor) => Promise<PlainRow>;
  remove?: (id: number, actor: Actor) => Promise<void>;
}

/** A kind of school record through `core.panel.records`. */
export function recordSource(core: Core, kind: RecordKindName): RowSource {
  const records = core.panel.records;
  return {
    fields: records.fields(kind),
    list: (actor, query) => records.list(kind, actor, query),
    count: (actor, filters) => records.count(kind, actor, filters),
    get: (id, actor, language) => records.get(kind, id, actor, language),
    getMany: (ids, actor, language) => records.getMany(kind, ids, actor, language),
    create: (input, actor) => records.create(kind, input, actor),
    update: (id, input, actor) => records.update(kind, id, input, actor),
    remove: (id, actor) => records.remove(kind, id, actor),
  };
}

const ADMIN_TYPES: Record<FieldType, PropertyType> = {
  integer: 'number', decimal: 'float', string: 'string', boolean: 'boolean', date: 'date', datetime: 'datetime', json: 'mixed', reference: 'reference',
};

/** A field of the core's description as AdminJS sees it: references as selects, enums with their values. */
class FieldProperty extends BaseProperty {
  constructor(private readonly field: RecordField) {
    super({ path: field.path, type: ADMIN_TYPES[field.type], isId: field.id, isSortable: field.type !== 'reference', position: field.position });
  }

  override isEditable(): boolean {
    return this.field.editable;
  }

  override isRequired(): boolean {
    return this.field.required;
  }

  override reference(): string | null {
    return this.field.reference ?? null;
  }

  override availableValues(): string[] | null {
    return this.field.values ?? null;
  }
}

const recordId = (id: string | number): number | undefined => {
  const n = Number(id);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
};

/**
 * An AdminJS resource whose every read and write goes through the core: lists are limited to what the
 * actor may see, records of other schools do not exist, and saving runs the core's checks. Hiding a button
 * is a courtesy; the core is where the refusal happens.
 */
export class RecordResource extends PanelResource {
  constructor(private readonly core: Core, name: string, private readonly source: RowSource) {
    super(name, source.fields.map((field) => new FieldProperty(field)));
    this.fieldPaths = new Set(source.fields.map((field) => field.path));
  }

  private readonly fieldPaths: ReadonlySet<string>;






  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    return this.call(() => this.source.count(actorOf(context), recordFilters(filter)), context);
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number; sort?: { sortBy?: string; direction?: 'asc' | 'desc' } } = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const { limit = 25, offset = 0, sort = {} } = options;
    const query: RecordQuery = { filters: recordFilters(filter), limit, offset, language: languageOf(context), ...(sort.sortBy ? { sort: { by: sort.sortBy, direction: sort.direction ?? 'asc' } } : {}) };
    const rows = await this.call(() => this.source.list(actorOf(context), query), context);
    return rows.map((row) => new BaseRecord(row, this));
  }

  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    const actor = actorOf(context);
    const wanted = recordId(id);
    if (wanted === undefined) return null;
    try {
      return new BaseRecord(await this.source.get(wanted, actor, languageOf(context)), this);
    } catch (err) {
      return noneUnlessForbidden(err);
    }
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const wanted = ids.map(recordId).filter((id) => id !== undefined);
    const rows = await this.call(() => this.source.getMany(wanted, actorOf(context), languageOf(context)), context);
    return rows.map((row) => new BaseRecord(row, this));
  }

  override async create(params: Params, context?: ActionContext): Promise<Params> {
    const create = this.source.create;
    if (!create) throw new ForbiddenError();
    return flatten(await this.call(() => create(unflatten(params), actorOf(context)), context));
  }

  override async update(id: string | number, params: Params = {}, context?: ActionContext): Promise<Params> {
    const update = this.source.update;
    const wanted = recordId(id);
    if (!update || wanted === undefined) throw new ForbiddenError();
    return flatten(await this.call(() => update(wanted, unflatten(params), actorOf(context)), context));
  }

  override async delete(id: string | number, context?: ActionContext): Promise<void> {
    const remove = this.source.remove;
    const wanted = recordId(id);
    if (!remove || wanted === undefined) throw new ForbiddenError();
    await this.call(() => remove(wanted, actorOf(context)), context);
  }

  /** The core's refusals in AdminJS's terms, in the request's language, each field's beside it. */
  private async call<T>(work: () => Promise<T>, context: ActionContext | undefined): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw toAdminError(this.core, err, languageOf(context), this.fieldPaths);
    }
  }

  /** Passed as an instance; no adapter should claim it. */
  static override isAdapterFor(): boolean {
    return false;
  }
}
