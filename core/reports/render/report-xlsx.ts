import type * as ExcelJS from 'exceljs';
import { loadExcelJS } from '../../base/on-demand-libraries.js';
import { neutraliseFormula } from '../../imports/formula-cells.js';
import type { Cell, ReportTable, Section } from '../report-model.js';

const FORMATS: Partial<Record<Cell['type'], string>> = { integer: '0', decimal: '0.00', percent: '0.00%' };

/**
 * The report as a workbook: a sheet per section, its first two rows the report's heading, the third the
 * column heads, frozen so they stay while scrolling. Numbers are numbers (a percentage is the fraction with
 * a % format: 92.5 % is 0.925 shown as 92,50 %), so the sheet sums and sorts them; text that a spreadsheet
 * would run as a formula is neutralised (core/imports/formula-cells.ts).
 */
export async function renderReportXlsx(report: ReportTable): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = 'Klassny';
  const used = new Set<string>();
  for (const section of report.sections) {
    const sheet = workbook.addWorksheet(sheetName(section, used), { views: [{ state: 'frozen', ySplit: 3 }] });
    const h = report.heading;
    sheet.addRow([neutraliseFormula(`${h.title} — ${section.title}`)]).font = { bold: true };
    sheet.addRow([neutraliseFormula([h.school, h.period, ...h.filters, `${h.madeAt}, ${h.madeBy}`].join(' · '))]);
    const heads = sheet.addRow(section.columns.map((c) => neutraliseFormula(c.title)));
    heads.font = { bold: true };
    for (const cells of section.rows) {
      const row = sheet.addRow(cells.map(value));
      cells.forEach((cell, i) => {
        const format = FORMATS[cell.type];
        if (format) row.getCell(i + 1).numFmt = format;
      });
    }
    if (section.note) sheet.addRow([neutraliseFormula(section.note)]);
    section.columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.wide ? 32 : Math.max(8, Math.min(20, c.title.length + 2))));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function value(cell: Cell): ExcelJS.CellValue {
  switch (cell.type) {
    case 'text': return neutraliseFormula(cell.value);
    case 'integer':
    case 'decimal': return cell.value;
    case 'percent': return cell.value / 100;
    case 'mark': return typeof cell.value === 'number' ? cell.value : neutraliseFormula(cell.value);
    case 'empty': return null;
  }
}

/** Excel's sheet names: at most 31 characters, none of []:*?/\, each once. */
function sheetName(section: Section, used: Set<string>): string {
  const base = section.title.replace(/[[\]:*?/\\]/g, ' ').slice(0, 28).trim() || 'Лист';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 27)} ${n}`;
  used.add(name.toLowerCase());
  return name;
}
