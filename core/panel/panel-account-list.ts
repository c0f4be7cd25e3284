import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { AccessDenied, NotFound } from '../errors.js';
import { describeFields, type RecordField } from '../records/record-fields.js';
import { AdminAccount } from './admin-account.entity.js';
import type { RecordQuery } from './panel-records.js';
import { filterWhere } from './record-filter.js';
import { plainRow, type PlainRow } from './record-rows.js';

const ENTITY = 'AdminAccount';

/**
 * The panel's logins, read-only, for the deployment's own administrator alone: accounts span schools. A
 * password's hash never leaves (its column is hidden).
 */
export class PanelAccountList {
  private described: RecordField[] | undefined;

  constructor(private readonly em: () => EntityManager) {}

  fields(): RecordField[] {
    this.described ??= describeFields(this.em().getMetadata().get(ENTITY));
    return this.described;
  }

  async list(actor: Actor, query: RecordQuery = {}): Promise<PlainRow[]> {
    this.require(actor);
    const by = query.sort?.by;
    const orderBy = by && this.em().getMetadata().get(ENTITY).properties[by] ? { [by]: query.sort?.direction ?? 'asc' } : { id: 'asc' };
    const rows = await this.em().find(AdminAccount, this.where(query.filters), { limit: query.limit ?? 25, offset: query.offset ?? 0, orderBy: orderBy as never });
    return rows.map((row) => this.plain(row));
  }

  async count(actor: Actor, filters?: RecordQuery['filters']): Promise<number> {
    this.require(actor);
    return this.em().count(AdminAccount, this.where(filters));
  }

  async get(id: number, actor: Actor): Promise<PlainRow> {
    this.require(actor);
    const row = await this.em().findOne(AdminAccount, { id });
    if (!row) throw new NotFound(ENTITY);
    return this.plain(row);
  }

  async getMany(ids: readonly number[], actor: Actor): Promise<PlainRow[]> {
    this.require(actor);
    const rows = await this.em().find(AdminAccount, { id: { $in: ids.filter((id) => Number.isSafeInteger(id)) } });
    return rows.map((row) => this.plain(row));
  }

  private where(filters: RecordQuery['filters'] = {}) {
    return filterWhere(this.fields(), filters, { fullName: false, assignmentTitle: false });
  }

  private plain(row: AdminAccount): PlainRow {
    const metadata = this.em().getMetadata();
    return plainRow(metadata, metadata.get(ENTITY), ENTITY, row);
  }

  private require(actor: Actor): void {
    if (actor.kind === 'staff') throw new AccessDenied('accounts.view');
  }
}
