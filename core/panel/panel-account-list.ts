import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { NotFound } from '../base/errors.js';
import { disableAccount, requireAccountManager } from './account-access.js';
import { describeFields, type RecordField } from '../records/record-fields.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';
import type { RecordQuery } from './panel-records.js';
import { filterWhere } from './record-filter.js';
import { plainRow, type PlainRow } from './record-rows.js';

const ENTITY = 'AdminAccount';

/**
 * The panel's logins, for the deployment's own administrator alone: accounts span schools. Read-only but
 * for disabling one (`remove`): nothing the panel sends can link an account to a member of staff or make
 * it the deployment's (that is the start-up's and the CLI's). A password's hash never leaves.
 */
export class PanelAccountList {
  private described: RecordField[] | undefined;

  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
  ) {}

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

  /** Disables the login (see disableAccount): its sessions end, its staff record may then be deleted. */
  async remove(id: number, actor: Actor): Promise<void> {
    await disableAccount(this.em(), this.audit, id, actor);
  }

  private where(filters: RecordQuery['filters'] = {}) {
    return filterWhere(this.fields(), filters, { fullName: false, assignmentTitle: false });
  }

  private plain(row: AdminAccount): PlainRow {
    const metadata = this.em().getMetadata();
    return plainRow(metadata, metadata.get(ENTITY), ENTITY, row);
  }

  private require(actor: Actor): void {
    requireAccountManager(actor);
  }
}
