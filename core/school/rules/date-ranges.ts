import { problem, type Problem } from '../../base/errors.js';
import { addDays } from '../../time/local-date.js';

/** Dates are ISO strings (YYYY-MM-DD), which compare correctly as strings. An open end is null. */
export interface DateRange {
  start: string;
  end: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

export function overlaps(a: DateRange, b: DateRange): boolean {
  return (a.end === null || b.start <= a.end) && (b.end === null || a.start <= b.end);
}

export function contains(outer: DateRange, inner: DateRange): boolean {
  return inner.start >= outer.start && (outer.end === null || (inner.end !== null && inner.end <= outer.end));
}

/** The start is a date, the end (if any) is a date not before it. */
export function checkRange(range: { start: unknown; end: unknown }, fields: [string, string], endRequired = true): Problem[] {
  const [startField, endField] = fields;
  const problems: Problem[] = [];
  if (!isIsoDate(range.start)) problems.push(problem('dateInvalid', startField));
  if (range.end === null || range.end === undefined || range.end === '') {
    if (endRequired) problems.push(problem('dateInvalid', endField));
  } else if (!isIsoDate(range.end)) problems.push(problem('dateInvalid', endField));
  else if (isIsoDate(range.start) && range.end < range.start) problems.push(problem('dateRangeReversed', endField));
  return problems;
}

export const nextDay = (date: string) => addDays(date, 1);
export const previousDay = (date: string) => addDays(date, -1);
