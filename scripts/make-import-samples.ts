// Regenerates samples/import/*.xlsx from the CSV samples next to them: npx tsx scripts/make-import-samples.ts
// Dates become real date cells and numbers real numbers, as a school's own spreadsheet would have them.
import fs from 'node:fs/promises';
import path from 'node:path';
import { exportRows } from '../core/exports/export-rows.js';
import { readCsv } from '../core/imports/read-csv.js';
import { parseDate } from '../core/imports/values.js';

const DIR = path.resolve(import.meta.dirname, '../samples/import');
const DATE_COLUMNS = new Set(['Дата рождения', 'Действует с', 'Действует по']);
const NUMBER_COLUMNS = new Set(['Урок', '№', 'Часы', 'Часов в год']);

function typed(column: string, text: string): unknown {
  if (DATE_COLUMNS.has(column)) return parseDate(text) ?? text;
  if (NUMBER_COLUMNS.has(column) && /^\d+$/.test(text)) return Number(text);
  return text;
}

for (const file of (await fs.readdir(DIR)).filter((f) => f.endsWith('.csv')).sort()) {
  const table = readCsv(await fs.readFile(path.join(DIR, file)));
  const rows = table.rows.map((row) => Object.fromEntries(table.header.map((h) => [h, typed(h, row.cells[h] ?? '')])));
  const xlsx = await exportRows(rows, table.header.map((h) => ({ key: h, title: h })), 'xlsx');
  const target = path.join(DIR, file.replace(/\.csv$/, '.xlsx'));
  await fs.writeFile(target, xlsx);
  console.log(`${path.relative(process.cwd(), target)}: ${rows.length} rows`);
}
