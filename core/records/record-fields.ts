import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { isRequiredInput } from './coerce.js';

/** What a field holds, in words any front end can map to its own widgets. */
export type FieldType = 'integer' | 'decimal' | 'string' | 'boolean' | 'date' | 'datetime' | 'json' | 'reference';

/** One field of a kind of record as a list or a form shows it: read from the ORM's metadata, nothing else. */
export interface RecordField {
  path: string;
  type: FieldType;
  /** The record kind a reference points to (its entity name). */
  reference?: string;
  /** The primary key. */
  id: boolean;
  /** Must be given on a form (marked «*»): what the record service refuses to leave empty; a row's school too. */
  required: boolean;
  /** Set by the server only: the key and the row's own timestamps. */
  editable: boolean;
  /** An enum's allowed values. */
  values?: string[];
  /** A PostgreSQL array (text[]): several values in one field. */
  array: boolean;
  /** Its place among the entity's fields. */
  position: number;
}

const SHOWN_KINDS: readonly ReferenceKind[] = [ReferenceKind.SCALAR, ReferenceKind.MANY_TO_ONE, ReferenceKind.ONE_TO_ONE, ReferenceKind.MANY_TO_MANY];
const INTEGER = new Set(['int', 'int2', 'int4', 'int8', 'integer', 'smallint', 'bigint', 'serial']);
const SERVER_SET = new Set(['createdAt', 'updatedAt', 'pseudonymNo']);

function typeOf(prop: EntityProperty): FieldType {
  if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) return 'reference';
  const column = prop.columnTypes?.[0] ?? '';
  if (column.endsWith('[]')) return 'string';
  if (INTEGER.has(column)) return 'integer';
  if (column.startsWith('numeric') || column.startsWith('decimal')) return 'decimal';
  if (column === 'boolean' || column === 'bool') return 'boolean';
  if (column === 'date') return 'date';
  if (column.startsWith('timestamp') || column === 'time') return 'datetime';
  if (column === 'json' || column === 'jsonb') return 'json';
  return 'string';
}

/**
 * The fields of an entity in the order of its metadata: scalars, and references as the id of the row
 * they point to. Collections (one-to-many) are not fields of a row.
 */
export function describeFields(meta: EntityMetadata): RecordField[] {
  const fields: RecordField[] = [];
  meta.hydrateProps.forEach((prop, position) => {
    if (!SHOWN_KINDS.includes(prop.kind)) return;
    const type = typeOf(prop);
    const id = Boolean(prop.primary);
    fields.push({
      path: prop.name,
      type,
      ...(type === 'reference' ? { reference: prop.targetMeta?.className ?? prop.type } : {}),
      id,
      required: prop.name === 'school' ? !prop.nullable : isRequiredInput(prop),
      editable: !id && !SERVER_SET.has(prop.name),
      ...(prop.enum && prop.items ? { values: prop.items.map((item) => String(item)) } : {}),
      array: (prop.columnTypes?.[0] ?? '').endsWith('[]'),
      position,
    });
  });
  return fields;
}
