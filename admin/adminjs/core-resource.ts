import { BaseProperty, BaseRecord, ForbiddenError, type ActionContext, type Filter, type PropertyType } from 'adminjs';
import type { Actor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { translator, type TFunction } from '../../core/i18n/i18n.js';
import { noneUnlessForbidden, toAdminError } from './domain-errors.js';
import { PanelResource } from './panel-resource.js';
import { actorOf, languageOf } from './request-actor.js';

type Params = Record<string, unknown>;

/** How a resource of our own reads (and, if it may, writes) through one core service. */
export interface CoreResourceSource {
  /** The resource's id in the panel (its URL and its labels). */
  id: string;
  columns: [path: string, type: PropertyType][];
  /** `t` words what the rows say of their own (a removed mark, the whole school) in the reader's language. */
  list(actor: Actor, filter: Filter, page: { limit: number; offset: number }, t: TFunction): Promise<{ rows: Params[]; total: number }>;
  get(actor: Actor, id: number, t: TFunction): Promise<Params>;
  create?(actor: Actor, params: Params, t: TFunction): Promise<Params>;
}

/**
 * An AdminJS resource that is no table of its own but a core service's view (like «Изменения отметок»):
 * every read asks the core, which decides who may see what; anything it does not offer is refused.
 */
export class CoreResource extends PanelResource {
  constructor(private readonly core: Core, private readonly source: CoreResourceSource) {
    super(source.id, [
      new BaseProperty({ path: 'id', type: 'number', isId: true, isSortable: false }),
      ...source.columns.map(([path, type], position) => new BaseProperty({ path, type, isSortable: false, position })),
    ]);
  }

  /**
   * The total of the page a request's `find` just read: AdminJS's list asks `find`, then `count` with the same
   * filter. Answered from here, the count is no second query, and no second read of the names in the reads log (G4).
   */
  private readonly totals = new WeakMap<ActionContext, number>();

  override async count(filter: Filter, context?: ActionContext): Promise<number> {
    const known = context && this.totals.get(context);
    if (known !== undefined) return known;
    return (await this.page(filter, { limit: 1, offset: 0 }, context)).total;
  }

  override async find(filter: Filter, options: { limit?: number; offset?: number } = {}, context?: ActionContext): Promise<BaseRecord[]> {
    const { rows, total } = await this.page(filter, { limit: options.limit ?? 25, offset: options.offset ?? 0 }, context);
    if (context) this.totals.set(context, total);
    return rows.map((row) => new BaseRecord(row, this));
  }

  override async findOne(id: string | number, context?: ActionContext): Promise<BaseRecord | null> {
    const actor = actorOf(context);
    const wanted = Number(id);
    if (!Number.isSafeInteger(wanted) || wanted <= 0) return null;
    try {
      return new BaseRecord(await this.source.get(actor, wanted, this.wording(context)), this);
    } catch (err) {
      return noneUnlessForbidden(err);
    }
  }

  override async findMany(ids: (string | number)[], context?: ActionContext): Promise<BaseRecord[]> {
    const found = await Promise.all(ids.map((id) => this.findOne(id, context).catch(() => null)));
    return found.filter((r): r is BaseRecord => r !== null);
  }

  override async create(params: Params, context?: ActionContext): Promise<Params> {
    if (!this.source.create) throw new ForbiddenError();
    try {
      return await this.source.create(actorOf(context), params, this.wording(context));
    } catch (err) {
      throw toAdminError(this.core, err, languageOf(context));
    }
  }

  override async update(): Promise<never> {
    throw new ForbiddenError();
  }

  override async delete(): Promise<void> {
    throw new ForbiddenError();
  }

  private wording(context?: ActionContext): TFunction {
    return translator(this.core.i18n, languageOf(context));
  }

  private async page(filter: Filter, page: { limit: number; offset: number }, context?: ActionContext) {
    try {
      return await this.source.list(actorOf(context), filter, page, this.wording(context));
    } catch (err) {
      throw toAdminError(this.core, err, languageOf(context));
    }
  }
}
