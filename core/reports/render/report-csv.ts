import { stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../../imports/formula-cells.js';
import type { Cell, ReportTable } from '../report-model.js';

/**
 * The report as CSV for Excel: UTF-8 with a BOM (without it Excel reads the Cyrillic as Windows-1251
 * mojibake), `;` between fields and a decimal comma. Excel opens a .csv with the list separator of the
 * system's regional settings, which in Russian (ru-RU) is `;` because `,` is the decimal separator there:
 * with `,` between fields a Russian Excel puts every line in one column. The same reason makes 4,25 a
 * number to it and 4.25 a date or text. Sections follow one another, each under its title, with an empty
 * line between; percentages are numbers of percent (92,50) under a head that says %.
 */
export function renderReportCsv(report: ReportTable): Buffer {
  const h = report.heading;
  const lines: string[][] = [[h.title], [h.school], [h.period], ...h.filters.map((f) => [f]), [`${h.madeAt}, ${h.madeBy}`]];
  for (const section of report.sections) {
    lines.push([], [section.title]);
    if (section.columns.length) lines.push(section.columns.map((c) => c.title));
    for (const row of section.rows) lines.push(row.map(value));
    if (section.note) lines.push([section.note]);
  }
  // Numbers with a decimal comma pass neutraliseFormula unchanged (a plain -5 is a number, not a formula).
  const text = stringify(lines.map((line) => line.map(neutraliseFormula)), {
    delimiter: ';', bom: true, record_delimiter: 'windows',
  });
  return Buffer.from(text, 'utf8');
}

const comma = (value: number) => value.toFixed(2).replace('.', ',');

function value(cell: Cell): string {
  switch (cell.type) {
    case 'text': return cell.value;
    case 'integer': return String(cell.value);
    case 'decimal':
    case 'percent': return comma(cell.value);
    case 'mark': return String(cell.value);
    case 'empty': return '';
  }
}
