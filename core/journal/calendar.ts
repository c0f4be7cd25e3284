import type { EditWindow } from '../school/school.entity.js';

// Lesson dates are calendar dates (YYYY-MM-DD) in the school's time zone; these helpers never use the
// machine's zone.

// Building a formatter costs far more than using one; a deployment has a handful of time zones.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `now` in `timeZone`. */
export function localDate(now: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday, as timetable slots count. */
export function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** 2026-11-23 → 23.11.2026, as a Russian reader writes a date. */
export function ruDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** The last day on which a lesson of `date` may still be changed under `window` (A14, C8). */
export function lastEditableDay(date: string, window: EditWindow): string {
  if (window === 'never') return date;
  if (window !== '1m') return addDays(date, 7 * Number(window[0]));
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthEnd = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(d, monthEnd))).toISOString().slice(0, 10);
}

/** The first lesson date still open for changes on `today` under `window`. */
export function earliestEditable(today: string, window: EditWindow): string {
  // lastEditableDay grows with the date, so walk back while the day before is still open.
  let date = today;
  while (lastEditableDay(addDays(date, -1), window) >= today) date = addDays(date, -1);
  return date;
}
