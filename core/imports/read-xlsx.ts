import type * as ExcelJS from 'exceljs';
import { loadExcelJS } from '../base/on-demand-libraries.js';
import { tableFromLines, type Table } from './table.js';

type CellValue = ExcelJS.CellValue;

/** A cell as the text a person typed: dates as YYYY-MM-DD, numbers as they are, formulas by their result. */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
  if ('hyperlink' in value) return cellText(value.text);
  if ('error' in value) return '';
  return '';
}

/** The first worksheet of an XLSX workbook. */
export async function readXlsx(buffer: Buffer): Promise<Table> {
  const workbook = new (await loadExcelJS()).Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const lines: string[][] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    lines.push(cells);
  }
  return tableFromLines(lines);
}
