/**
 * A report as neutral data (E1–E9): sections of a table with typed cells, and optional chart data. Built
 * once by a report kind, printed by each renderer (PDF, XLSX, CSV) in its own way: a percentage stays a
 * number for a spreadsheet and becomes «92,00 %» on paper.
 */

export type Cell =
  | { type: 'text'; value: string }
  | { type: 'integer'; value: number }
  /** A number with two decimals (an average). */
  | { type: 'decimal'; value: number }
  /** A percentage as the formulas give it (92.5 means 92.5 %). */
  | { type: 'percent'; value: number }
  /** A mark: 2–5 as a number, or a word (н/а, осв., зач.). */
  | { type: 'mark'; value: number | string }
  /** Nothing to show (no marks, N = 0). */
  | { type: 'empty' };

export const text = (value: string): Cell => ({ type: 'text', value });
export const integer = (value: number): Cell => ({ type: 'integer', value });
export const decimal = (value: number | undefined): Cell => (value === undefined ? { type: 'empty' } : { type: 'decimal', value });
export const percent = (value: number | undefined): Cell => (value === undefined ? { type: 'empty' } : { type: 'percent', value });
export const mark = (value: number | string | undefined): Cell => (value === undefined ? { type: 'empty' } : { type: 'mark', value });
export const empty: Cell = { type: 'empty' };

export interface Column {
  title: string;
  /** Text columns (names) get the width; the others share what is left. */
  wide?: boolean;
}

export interface Section {
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** Said instead of an empty table, or under it. */
  note?: string;
}

/** A bar chart: one bar per label for each series (pass rate and quality rate per class). */
export interface BarChart {
  title: string;
  labels: string[];
  series: { name: string; values: (number | undefined)[] }[];
  /** The values' unit, printed after each (%). */
  unit: string;
}

/** Who, where, when and over what the report was made: every renderer prints it at the top. */
export interface ReportHeading {
  title: string;
  school: string;
  /** «1 четверть (01.09.2026–27.10.2026)» or «01.09.2026–31.10.2026». */
  period: string;
  /** The filters chosen: «Класс: 7А», «Учитель: …». */
  filters: string[];
  /** The date the report was made, at the school (DD.MM.YYYY HH:mm). */
  madeAt: string;
  madeBy: string;
}

export interface ReportTable {
  heading: ReportHeading;
  sections: Section[];
  charts: BarChart[];
}
