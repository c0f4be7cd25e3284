import { ReferenceKind, type EntityMetadata, type MetadataStorage } from '@mikro-orm/core';
import { readDetailText } from '../audit/read-detail.js';
import type { Language } from '../i18n/languages.js';
import { fullName } from '../people/display-name.js';
import type { RecordKindName } from '../records/record-kinds.js';
import { assignmentTitle } from './assignment-title.js';
import { auditText } from './audit-text.js';

/** A record as a transport shows it: scalars as they are, a reference as the id it points to. */
export type PlainRow = Record<string, unknown>;

export const PEOPLE: ReadonlySet<string> = new Set<RecordKindName>(['Staff', 'Student', 'Guardian']);

/**
 * An entity as a plain row, plus the names people recognise it by: a person's full name, an assignment's
 * title (its subject, class and teacher must be loaded). A JSON column (an audit line's before and after)
 * becomes «field: value» lines, and a reads-log line's detail words, in the reader's `language`. Hidden
 * columns (a password's hash) never leave.
 */
export function plainRow(metadata: MetadataStorage, meta: EntityMetadata, kind: string, entity: object, language?: Language): PlainRow {
  const source = entity as Record<string, unknown>;
  const row: PlainRow = {};
  for (const prop of meta.props) {
    if (prop.hidden) continue;
    const value = source[prop.name];
    if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) row[prop.name] = (value as { id?: number } | null | undefined)?.id ?? null;
    else if (prop.kind === ReferenceKind.SCALAR) row[prop.name] = prop.columnTypes?.[0] === 'jsonb' ? auditText(metadata, source.entity, value, language) : value;
  }
  // What a reads-log line says was read is stored as code words, worded here for the reader.
  if (kind === 'PersonalDataRead') row.detail = readDetailText(row.detail as string | null, language);
  if (PEOPLE.has(kind)) row.fullName = fullName(row);
  if (kind === 'TeachingAssignment') row.title = assignmentTitle(source);
  return row;
}
