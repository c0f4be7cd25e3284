import { ValidationFailed, problem } from '../base/errors.js';
import { addDays } from '../time/local-date.js';
import { isIsoDate } from '../school/rules/date-ranges.js';

/** A range of lesson dates, both ends included (YYYY-MM-DD). */
export interface StatementRange {
  from: string;
  to: string;
}

export interface YearBounds {
  id: number;
  name: string;
  startDate: string;
  endDate: string;
}

/** Ranges a reader picks by name (the bot's buttons), counted from today in the school's time zone. */
export const NAMED_RANGES = ['previousMonth', 'thisMonth'] as const;
export type NamedRange = (typeof NAMED_RANGES)[number];

/** The longest range a statement covers: one year (a leap year has 366 days). */
export const MAX_RANGE_DAYS = 366;

const monthStart = (date: string) => `${date.slice(0, 7)}-01`;

/** The calendar month before the one `today` falls in: the statement's default range. */
export function previousMonth(today: string): StatementRange {
  const to = addDays(monthStart(today), -1);
  return { from: monthStart(to), to };
}

/** From the first of `today`'s month to `today`. */
export function monthSoFar(today: string): StatementRange {
  return { from: monthStart(today), to: today };
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;

function wantedRange(range: Partial<StatementRange> | NamedRange | undefined, today: string): Partial<StatementRange> {
  if (range === 'thisMonth') return monthSoFar(today);
  if (range === undefined || range === 'previousMonth' || (range.from === undefined && range.to === undefined)) return previousMonth(today);
  return range;
}

/**
 * The range a statement covers and its academic year. No range means the previous calendar month; a range
 * needs both ends, in order, at most a year long, and lies within one academic year of the school (what
 * reaches past the year's ends is cut off: there are no lessons there).
 */
export function resolveRange(range: Partial<StatementRange> | NamedRange | undefined, today: string, years: readonly YearBounds[]): StatementRange & { year: YearBounds } {
  const { from, to } = wantedRange(range, today);
  const problems = [
    isIsoDate(from) ? undefined : problem('dateInvalid', 'from'),
    isIsoDate(to) ? undefined : problem('dateInvalid', 'to'),
  ].filter((p) => p !== undefined);
  if (problems.length) throw new ValidationFailed(problems);
  if (to! < from!) throw new ValidationFailed([problem('dateRangeReversed', 'to')]);
  if (daysBetween(from!, to!) > MAX_RANGE_DAYS) throw new ValidationFailed([problem('statement.rangeTooLong', 'to', { days: MAX_RANGE_DAYS })]);
  const overlapping = years.filter((y) => y.startDate <= to! && y.endDate >= from!);
  if (overlapping.length === 0) throw new ValidationFailed([problem('statement.noYear', 'from')]);
  if (overlapping.length > 1) {
    throw new ValidationFailed([problem('statement.twoYears', 'to', { years: overlapping.map((y) => y.name).join(', ') })]);
  }
  const year = overlapping[0]!;
  return { from: from! < year.startDate ? year.startDate : from!, to: to! > year.endDate ? year.endDate : to!, year };
}
