/**
 * Spreadsheet formula injection (CSV injection, OWASP): a cell that begins with `=`, `+`, `-`, `@`, a tab
 * or a carriage return is read by Excel and LibreOffice as a formula (`=HYPERLINK(…)` sends data away,
 * `+cmd|…` once ran programs). Every text cell the product writes to a CSV or an XLSX goes through
 * `neutraliseFormula`, which puts a single quote in front of such a cell, as OWASP advises: the sheet
 * shows the text, never evaluates it. Numbers stay numbers (only text is passed in, and text that is a
 * plain number such as `-5` is left alone: a spreadsheet reads it as that number and nothing more).
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?$/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The other way, for imports: a cell neutralised by an export (`'+7 900 …`) reads as it was written. */
export function restoreNeutralised(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}
