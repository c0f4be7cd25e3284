import { restoreNeutralised } from './formula-cells.js';

/** A spreadsheet as text: its header and its non-empty rows, each with its line number in the file. */
export interface Table {
  header: string[];
  rows: TableRow[];
}

export interface TableRow {
  /** The spreadsheet line: the header is line 1, the first data row line 2. */
  line: number;
  /** Cell text by header name, trimmed (and a formula-neutralising quote taken off); an absent cell is ''. */
  cells: Record<string, string>;
}

export type TableFormat = 'csv' | 'xlsx';

export const TABLE_FORMATS: readonly TableFormat[] = ['csv', 'xlsx'];

export function isTableFormat(value: string): value is TableFormat {
  return (TABLE_FORMATS as readonly string[]).includes(value);
}

/** The format a file name's extension stands for, if any. */
export function formatOfFile(fileName: string): TableFormat | undefined {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  return isTableFormat(ext) ? ext : undefined;
}

/**
 * Builds a table from raw lines (the first non-empty one is the header), skipping empty lines but
 * keeping every row's real line number.
 */
export function tableFromLines(lines: readonly (readonly string[])[], firstLine = 1): Table {
  const isEmpty = (cells: readonly string[]) => cells.every((c) => c.trim() === '');
  const headerIndex = lines.findIndex((cells) => !isEmpty(cells));
  if (headerIndex < 0) return { header: [], rows: [] };
  const header = lines[headerIndex]!.map((h) => h.trim());
  const rows: TableRow[] = [];
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const cells = lines[i]!;
    if (isEmpty(cells)) continue;
    const record: Record<string, string> = {};
    header.forEach((name, c) => {
      // A cell our own export neutralised against formulas (`'+7 900…`) reads as it was.
      if (name && !(name in record)) record[name] = restoreNeutralised((cells[c] ?? '').trim());
    });
    rows.push({ line: firstLine + i, cells: record });
  }
  return { header, rows };
}
