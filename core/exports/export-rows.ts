import { stringify } from 'csv-stringify/sync';
import type * as ExcelJS from 'exceljs';
import { loadExcelJS } from '../base/on-demand-libraries.js';
import type { TableFormat } from '../imports/table.js';
import { neutraliseFormula } from '../imports/formula-cells.js';

export interface ExportColumn {
  key: string;
  title: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value as the text of a CSV cell: yes/no in Russian, dates as YYYY-MM-DD, lists comma-separated. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ').replace(/ 00:00:00$/, '');
  if (Array.isArray(value)) return value.map(cellText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  return '';
}

/** A value as the text of a cell in a file: numbers as they are, any text neutralised (formula-cells.ts). */
function safeText(value: unknown): string {
  return typeof value === 'number' || typeof value === 'bigint' ? cellText(value) : neutraliseFormula(cellText(value));
}

/** A value as an XLSX cell: numbers and dates stay numbers and dates, the rest is (neutralised) text. */
function xlsxValue(value: unknown): ExcelJS.CellValue {
  if (typeof value === 'number') return value;
  if (value instanceof Date) return value;
  if (typeof value === 'string' && ISO_DATE.test(value)) return new Date(`${value}T00:00:00Z`);
  return safeText(value);
}

function csv(rows: readonly Record<string, unknown>[], columns: readonly ExportColumn[]): Buffer {
  const lines = [columns.map((c) => safeText(c.title)), ...rows.map((row) => columns.map((c) => safeText(row[c.key])))];
  const text = stringify(lines, { delimiter: ';', bom: true, record_delimiter: 'windows' });
  return Buffer.from(text, 'utf8');
}

async function xlsx(rows: readonly Record<string, unknown>[], columns: readonly ExportColumn[]): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet('Лист1');
  sheet.columns = columns.map((c) => {
    const longest = Math.max(c.title.length, ...rows.map((row) => cellText(row[c.key]).length));
    return { header: safeText(c.title), key: c.key, width: Math.min(60, Math.max(8, longest + 2)) };
  });
  for (const row of rows) sheet.addRow(Object.fromEntries(columns.map((c) => [c.key, xlsxValue(row[c.key])])));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'dd.mm.yyyy';
    });
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Rows as a spreadsheet file: CSV with `;` and a UTF-8 BOM (so Excel opens Cyrillic correctly), or XLSX
 * with a bold, frozen header row and columns as wide as their contents. Every text cell, titles included,
 * is neutralised against formula injection; numbers and dates keep their types.
 */
export async function exportRows(rows: readonly Record<string, unknown>[], columns: readonly ExportColumn[], format: TableFormat): Promise<Buffer> {
  return format === 'csv' ? csv(rows, columns) : xlsx(rows, columns);
}
