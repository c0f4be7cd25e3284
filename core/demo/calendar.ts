import { nextDay } from '../school/rules/date-ranges.js';
import { isoWeekday } from '../time/local-date.js';

export interface DatedItem {
  name: string;
  start: string;
  end: string;
}

export interface Quarter extends DatedItem {
  number: number;
}

/** One academic year as a school in the Moscow region would set it: quarters, holidays, public holidays. */
export interface AcademicCalendar {
  /** The calendar year of the September the academic year starts in. */
  startYear: number;
  /** «2026/2027» */
  name: string;
  start: string;
  end: string;
  quarters: Quarter[];
  holidays: DatedItem[];
}

/** The academic year a local date (YYYY-MM-DD) falls in: from September on, the one starting that September; before, the previous one. */
export function academicStartYear(today: string): number {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month >= 9 ? year : year - 1;
}

export function academicCalendar(today: string): AcademicCalendar {
  const y = academicStartYear(today);
  const a = (monthDay: string) => `${y}-${monthDay}`;
  const b = (monthDay: string) => `${y + 1}-${monthDay}`;
  return {
    startYear: y,
    name: `${y}/${y + 1}`,
    start: a('09-01'),
    end: b('05-31'),
    quarters: [
      { number: 1, name: '1 четверть', start: a('09-01'), end: a('10-25') },
      { number: 2, name: '2 четверть', start: a('11-04'), end: a('12-28') },
      { number: 3, name: '3 четверть', start: b('01-12'), end: b('03-22') },
      { number: 4, name: '4 четверть', start: b('04-01'), end: b('05-31') },
    ],
    holidays: [
      { name: 'Осенние каникулы', start: a('10-26'), end: a('11-03') },
      { name: 'День народного единства', start: a('11-04'), end: a('11-04') },
      { name: 'Зимние каникулы', start: a('12-29'), end: b('01-11') },
      { name: 'День защитника Отечества', start: b('02-23'), end: b('02-23') },
      { name: 'Международный женский день', start: b('03-08'), end: b('03-08') },
      { name: 'Весенние каникулы', start: b('03-23'), end: b('03-31') },
      { name: 'Праздник Весны и Труда', start: b('05-01'), end: b('05-01') },
      { name: 'День Победы', start: b('05-09'), end: b('05-09') },
    ],
  };
}

/** A weekday inside a quarter and outside every holiday. */
export function isSchoolDay(calendar: AcademicCalendar, date: string): boolean {
  if (isoWeekday(date) > 5) return false;
  if (!calendar.quarters.some((q) => q.start <= date && date <= q.end)) return false;
  return !calendar.holidays.some((h) => h.start <= date && date <= h.end);
}

/** The school days of a quarter, in order. */
export function schoolDays(calendar: AcademicCalendar, quarter: Quarter): string[] {
  const days: string[] = [];
  for (let d = quarter.start; d <= quarter.end; d = nextDay(d)) if (isSchoolDay(calendar, d)) days.push(d);
  return days;
}
