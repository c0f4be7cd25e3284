import type { ImportRow } from '../import-row.js';
import { normalizeName, personKey, type NameIndex } from '../values-index.js';

/**
 * The id a cell names in `index`, or undefined with the line's problem noted: `notFound` when nothing
 * carries that name, `ambiguous` when several do.
 */
export function lookupCell(row: ImportRow, column: string, index: NameIndex, keys: { notFound: string; ambiguous?: string }, key = normalizeName(row.get(column)), params: Record<string, string> = {}): number | undefined {
  const ids = index.get(key) ?? [];
  if (ids.length === 1) return ids[0];
  if (ids.length > 1 && keys.ambiguous) return row.reject(column, keys.ambiguous, { value: row.get(column), ...params });
  return row.reject(column, keys.notFound, { value: row.get(column), ...params });
}

/** A full ФИО typed in one cell, as staff are indexed. */
export const fullNameKey = (text: string) => personKey(text, '', '');
