import { ValidationFailed, problem } from '../base/errors.js';
import { readCsv } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';
import type { Table, TableFormat } from './table.js';

/**
 * A spreadsheet file as a table: CSV (UTF-8, `;` or `,`) or the first worksheet of an XLSX workbook.
 * A file that cannot be read at all is a ValidationFailed (`errors:import.fileUnreadable`).
 */
export async function readTable(buffer: Buffer, format: TableFormat): Promise<Table> {
  try {
    return format === 'csv' ? readCsv(buffer) : await readXlsx(buffer);
  } catch (err) {
    throw new ValidationFailed([problem('import.fileUnreadable', undefined, { format: format.toUpperCase(), reason: (err as Error).message })]);
  }
}
