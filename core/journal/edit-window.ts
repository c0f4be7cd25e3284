import type { EditWindow } from '../school/school.entity.js';
import { addDays } from '../time/local-date.js';

// The edit window (A14, C8) over local dates (YYYY-MM-DD in the school's time zone).

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
