import type { TFunction } from '../i18n/i18n.js';
import type { PeriodMarkEntry, PeriodMarkValue as StatsValue } from '../journal/formulas/index.js';
import type { PeriodMarkValue } from '../journal/period-mark-values.js';
import { mark, type Cell } from './report-model.js';

/** A period mark as a cell: 2–5 as a number, the others as their short words (н/а, осв., зач., незач.). */
export function periodMarkCell(value: PeriodMarkValue | null | undefined, t: TFunction): Cell {
  if (value === null || value === undefined) return mark(undefined);
  if (value === '2' || value === '3' || value === '4' || value === '5') return mark(Number(value));
  return mark(t(`reports:periodMark.${value}`));
}

/** `periodMarkCell` for a whole report: one cell per value, its words looked up once (cells are never changed). */
export function periodMarkCells(t: TFunction): (value: PeriodMarkValue | null | undefined) => Cell {
  const cells = new Map<PeriodMarkValue | null | undefined, Cell>();
  return (value) => {
    let cell = cells.get(value);
    if (!cell) cells.set(value, (cell = periodMarkCell(value, t)));
    return cell;
  };
}

/**
 * A period mark as the statistics count it (qualityStats): зачёт and незачёт are not on the five-point
 * scale and stay out of pass and quality rates (undefined: not an entry at all).
 */
export function statsEntry(value: PeriodMarkValue | null | undefined, leftBeforeEnd: boolean): PeriodMarkEntry | undefined {
  if (value === 'pass' || value === 'fail') return undefined;
  const stats: StatsValue = value === null || value === undefined ? null
    : value === 'na' || value === 'exempt' ? value : (Number(value) as 2 | 3 | 4 | 5);
  return { mark: stats, leftBeforeEnd };
}
