import type { EntityManager } from '@mikro-orm/postgresql';
import { addDays, isoWeekday } from '../time/local-date.js';
import { AcademicYear } from './academic-year.entity.js';
import { Holiday } from './holiday.entity.js';
import type { School } from './school.entity.js';

/** A stretch of dates, both ends included. */
interface DateSpan {
  startDate: string;
  endDate: string;
}

/** What decides whether a date is a school day: the school's week, its holidays and vacations, its years. */
export interface SchoolCalendar {
  /** 5: Monday to Friday; 6: Monday to Saturday. */
  weekDays: number;
  holidays: readonly DateSpan[];
  years: readonly DateSpan[];
}

/** How far ahead the next school day is looked for: past a summer, never an endless loop. */
const SEARCH_DAYS = 366;

const within = (date: string, span: DateSpan) => span.startDate <= date && date <= span.endDate;

/**
 * Whether lessons are expected on `date`: a weekday of the school's week, in no holiday or vacation, and inside
 * an academic year — the summer between two years counts as vacation; past the last year entered, only the week
 * and the holidays decide (a year not entered yet must not make every later day a holiday).
 */
export function isSchoolDay(calendar: SchoolCalendar, date: string): boolean {
  if (isoWeekday(date) > calendar.weekDays) return false;
  if (calendar.holidays.some((h) => within(date, h))) return false;
  if (calendar.years.length === 0 || calendar.years.some((y) => within(date, y))) return true;
  return !calendar.years.some((y) => y.startDate > date);
}

/**
 * «Завтра» as a school means it: the first school day after `today` (a Friday's is Monday in a five-day school,
 * Saturday in a six-day one; the day before a vacation's is the first day after it). Every "tomorrow" of a
 * school day (the diary's homework and timetable, the bot's «на завтра») goes through here.
 */
export function nextSchoolDay(calendar: SchoolCalendar, today: string): string {
  for (let i = 1, date = addDays(today, 1); i <= SEARCH_DAYS; i += 1, date = addDays(date, 1)) {
    if (isSchoolDay(calendar, date)) return date;
  }
  return addDays(today, 1);
}

/** The school's calendar from `from` on (its holidays and years that have not ended before `from`). */
export async function loadSchoolCalendar(em: EntityManager, school: Pick<School, 'id' | 'weekDays'>, from: string): Promise<SchoolCalendar> {
  // One after the other: inside a transaction its connection takes one query at a time.
  const holidays = await em.find(Holiday, { school: school.id, endDate: { $gte: from } }, { fields: ['startDate', 'endDate'] });
  const years = await em.find(AcademicYear, { school: school.id, endDate: { $gte: from } }, { fields: ['startDate', 'endDate'] });
  return { weekDays: school.weekDays, holidays, years };
}

/** The school's next school day after `today` (today at the school, by the clock in its time zone). */
export async function nextSchoolDayOf(em: EntityManager, school: Pick<School, 'id' | 'weekDays'>, today: string): Promise<string> {
  return nextSchoolDay(await loadSchoolCalendar(em, school, today), today);
}
