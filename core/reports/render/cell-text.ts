import type { Cell } from '../report-model.js';

// toLocaleString builds a formatter per call; a report has tens of thousands of numbers. One per locale.
const formatters = new Map<string, Intl.NumberFormat>();
function twoDecimals(value: number, locale: string): string {
  let format = formatters.get(locale);
  if (!format) formatters.set(locale, (format = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false })));
  return format.format(value);
}

/** A cell as text in the reader's locale: 4,25 and 92,00 % in Russian, 4.25 and 92.00% in English. */
export function cellText(cell: Cell, locale: string): string {
  switch (cell.type) {
    case 'text': return cell.value;
    case 'integer': return String(cell.value);
    case 'decimal': return twoDecimals(cell.value, locale);
    case 'percent': return `${twoDecimals(cell.value, locale)}${locale.startsWith('ru') ? '\u00a0%' : '%'}`;
    case 'mark': return String(cell.value);
    case 'empty': return '';
  }
}
