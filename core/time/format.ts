// Dates and times as a Russian reader writes them. Instants are shown in the school's time zone.

/** 2026-11-23 → 23.11.2026. */
export function ruDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}.${m}.${y}`;
}

/** 2026-11-23 → 23.11. */
export function dayMonth(date: string): string {
  const [, m, d] = date.split('-');
  return `${d}.${m}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsAt(at: Date, timeZone: string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('ru-RU', { timeZone, year: 'numeric', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute') };
}

/** 23.11 10:15 in `timeZone`. */
export function dayTime(at: Date, timeZone: string): string {
  const p = partsAt(at, timeZone);
  return `${p.day}.${p.month} ${p.hour}:${p.minute}`;
}

/** 23.11.2026 10:15 in `timeZone`. */
export function dateTime(at: Date, timeZone: string): string {
  const p = partsAt(at, timeZone);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}
