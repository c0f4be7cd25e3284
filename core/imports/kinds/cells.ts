import type { ImportRow } from '../import-row.js';
import type { NameIndex } from '../lookups.js';
import { normalizeName, parseDate, parseInteger, parseYesNo } from '../values.js';

// Cells read into values; a cell that cannot be read notes its problem on the line.

/** да/нет (empty is нет). */
export function yesNoCell(row: ImportRow, column: string): boolean {
  const value = parseYesNo(row.get(column));
  if (value === undefined) row.reject(column, 'import.yesNoInvalid', { value: row.get(column) });
  return value ?? false;
}

/** ДД.ММ.ГГГГ or ГГГГ-ММ-ДД as YYYY-MM-DD; '' when empty (the rules decide whether it may be). */
export function dateCell(row: ImportRow, column: string): string {
  const date = parseDate(row.get(column));
  if (row.get(column) && !date) row.reject(column, 'import.dateInvalid', { value: row.get(column) });
  return date ?? '';
}

/** A whole number; undefined when empty (the rules decide whether it may be). */
export function integerCell(row: ImportRow, column: string): number | undefined {
  const value = parseInteger(row.get(column));
  if (value === undefined && row.get(column)) row.reject(column, 'numberInvalid', { value: row.get(column) });
  return value;
}

interface LookupKeys {
  /** Problem key when nothing carries the name. */
  notFound: string;
  /** Problem key when several rows carry it (e.g. two rooms «101» in two buildings). */
  ambiguous?: string;
}

/**
 * The id that a cell names in `index`. A full ФИО matches as typed in one cell («Иванова Мария Петровна»);
 * names compare without regard to case, ё/е and spaces.
 */
export function lookupCell(row: ImportRow, column: string, index: NameIndex, keys: LookupKeys, prefix = ''): number | undefined {
  const text = row.get(column);
  if (!text) return row.reject(column, 'required');
  const ids = index.get(prefix + normalizeName(text)) ?? [];
  if (ids.length === 1) return ids[0];
  return row.reject(column, ids.length > 1 && keys.ambiguous ? keys.ambiguous : keys.notFound, { value: text });
}
