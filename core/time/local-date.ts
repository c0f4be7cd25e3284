// Local dates are calendar dates (YYYY-MM-DD, which compare correctly as strings) in a school's time zone:
// lesson dates, «today», deadlines. These helpers never use the machine's time zone.

// Building a formatter costs far more than using one; a deployment has a handful of time zones.
const formatters = new Map<string, Intl.DateTimeFormat>();
/**
 * The last answer per time zone, by minute: every journal tap asks for «today» at about the same instant,
 * and formatToParts costs tens of microseconds. A date changes only on a minute's boundary (time zones are
 * offset by whole minutes), so within one minute the answer is the same.
 */
const lastByZone = new Map<string, { minute: number; date: string }>();

/** The calendar date at the instant `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const minute = Math.floor(at.getTime() / 60_000);
  const last = lastByZone.get(timeZone);
  if (last?.minute === minute) return last.date;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const date = `${part('year')}-${part('month')}-${part('day')}`;
  lastByZone.set(timeZone, { minute, date });
  return date;
}

/** `date` (YYYY-MM-DD) moved by `days`, by numbers: parsing a date string costs more than the sum (and
 * setUTCFullYear, unlike Date.UTC, takes the years 0–99 as they are). */
export function addDays(date: string, days: number): string {
  const d = new Date(0);
  d.setUTCFullYear(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days);
  return d.toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday, as timetable slots count. */
export function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week `date` is in. */
export function weekStart(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The first date after `date` that falls on `weekday` (1 = Monday … 7 = Sunday): «на понедельник». */
export function nextWeekday(date: string, weekday: number): string {
  return addDays(date, ((weekday - isoWeekday(date) + 6) % 7) + 1);
}
