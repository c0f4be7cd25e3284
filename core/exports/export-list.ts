import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { RequestContext, type MikroORM } from '@mikro-orm/postgresql';
import type { RecordService } from '../records/record-service.js';
import type { TableFormat } from '../imports/table.js';
import { RECORD_KINDS, type RecordKindName } from '../records/record-kinds.js';
import { fullName } from '../people/display-name.js';
import { columnTitle, valueTitle } from './column-titles.js';
import { exportRows, type ExportColumn } from './export-rows.js';
import { namesPeople, peopleInRows } from '../audit/people-in-rows.js';
import type { ReadLog } from '../audit/read-log.js';

type Row = Record<string, unknown>;

// Internal bookkeeping, not part of a school's list (a pseudonym's number: its code is in the name columns, G3).
const SKIPPED = new Set(['school', 'version', 'pseudonymNo']);
const PEOPLE = new Set(['Student', 'Staff', 'Guardian']);

/** How a referenced row is shown: a person by full name, anything with a name by it, else by its number. */
export function displayName(className: string, row: Row | null | undefined): string {
  if (!row) return '';
  if (PEOPLE.has(className)) return fullName(row);
  if (typeof row.name === 'string') return row.name;
  return String(row.id);
}

function exportedProps(meta: EntityMetadata): EntityProperty[] {
  return meta.props.filter(
    (p) => !SKIPPED.has(p.name) && !p.version && (p.kind === ReferenceKind.SCALAR || p.kind === ReferenceKind.MANY_TO_ONE),
  );
}

export interface ExportOptions {
  /** For the deployment administrator and the system: export only this school's rows. */
  schoolId?: number;
}

/**
 * A list of the school as a spreadsheet: the rows the actor may see (as in the panel), every scalar
 * column and each reference by its display name, with the panel's Russian column titles.
 */
export async function exportList(core: { orm: MikroORM; records: RecordService; reads: ReadLog }, kind: RecordKindName, actor: Actor, format: TableFormat, options: ExportOptions = {}): Promise<Buffer> {
  requireAccess(actor, 'data.export');
  return RequestContext.create(core.orm.em, async () => {
    const em = core.orm.em;
    const entity = RECORD_KINDS[kind].entity;
    const meta = em.getMetadata().get(entity.meta.className);
    const where = await core.records.listFilter(kind, actor);
    if (actsEverywhere(actor) && options.schoolId) Object.assign(where, kind === 'School' ? { id: options.schoolId } : { school: options.schoolId });
    const props = exportedProps(meta);
    const references = props.filter((p) => p.kind === ReferenceKind.MANY_TO_ONE);
    const found = (await em.find(entity as never, where, {
      populate: references.map((p) => p.name) as never,
      orderBy: { id: 'asc' } as never,
    })) as Row[];
    // A list naming people is a read of personal data (G4): one line with how many it names.
    if (namesPeople(meta)) {
      const schoolId = actsEverywhere(actor) ? (options.schoolId ?? null) : actor.schoolId;
      await core.reads.record(actor, { kind: 'export', resource: meta.className, detail: format, people: peopleInRows(meta, found), schoolId });
    }
    const rows = found.map((row) =>
      Object.fromEntries(
        props.map((p) => {
          const value = row[p.name];
          if (p.kind === ReferenceKind.MANY_TO_ONE) return [p.name, displayName(p.type, value as Row | null)];
          if (p.enum && typeof value === 'string') return [p.name, valueTitle(kind, p.name, value)];
          if (Array.isArray(value)) return [p.name, value.map((v) => valueTitle(kind, p.name, String(v))).join(', ')];
          return [p.name, value];
        }),
      ),
    );
    const columns: ExportColumn[] = props.map((p) => ({ key: p.name, title: columnTitle(kind, p.name) }));
    return exportRows(rows, columns, format);
  });
}
