import { problem } from '../base/errors.js';
import type { LineProblems } from './import-failed.js';
import { normalizeName } from './values.js';

/** A column an import kind reads. Its titles (Russian, English) are `errors:import.columns.<key>`. */
export interface ColumnSpec {
  key: string;
  required?: boolean;
  /** Further accepted header spellings besides the translated titles. */
  aliases?: readonly string[];
}

/** Header text as compared: case, ё/е, spaces, hyphens and dots do not matter («E-mail» = «email»). */
export function normalizeHeader(value: string): string {
  return normalizeName(value).replace(/[\s\-_.]/g, '');
}

export interface ColumnMatch {
  /** Header text in the file → column key. */
  keyOf: Map<string, string>;
  problems: LineProblems[];
}

/**
 * Matches a file's header to the kind's columns. Every header cell must be a known column (once), and
 * every required column must be there; otherwise the whole file is refused with line-1 problems.
 */
export function matchColumns(header: readonly string[], columns: readonly ColumnSpec[], titlesOf: (key: string) => string[]): ColumnMatch {
  const byTitle = new Map<string, string>();
  for (const column of columns) {
    for (const title of [...titlesOf(column.key), ...(column.aliases ?? [])]) byTitle.set(normalizeHeader(title), column.key);
  }
  const keyOf = new Map<string, string>();
  const problems: LineProblems[] = [];
  const seen = new Set<string>();
  for (const text of header) {
    if (!text.trim()) continue;
    const key = byTitle.get(normalizeHeader(text));
    if (!key) problems.push({ line: 1, problems: [problem('import.columnUnknown', undefined, { value: text })] });
    else if (seen.has(key)) problems.push({ line: 1, column: key, problems: [problem('import.columnDuplicate')] });
    else {
      seen.add(key);
      keyOf.set(text, key);
    }
  }
  for (const column of columns) {
    if (column.required && !seen.has(column.key)) problems.push({ line: 1, column: column.key, problems: [problem('import.columnMissing')] });
  }
  return { keyOf, problems };
}

/** A row's cells by column key. */
export function cellsByKey(cells: Record<string, string>, keyOf: Map<string, string>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [text, key] of keyOf) values[key] = cells[text] ?? '';
  return values;
}
