import { describe, expect, it } from 'vitest';
import { isSchoolDay, nextSchoolDay, type SchoolCalendar } from '../../core/school/school-days.js';
import { fixedClock } from '../../core/time/clock.js';

const YEAR_2026 = { startDate: '2026-09-01', endDate: '2027-05-31' };
const calendar = (weekDays: number, extra: Partial<SchoolCalendar> = {}): SchoolCalendar => ({
  weekDays,
  holidays: [
    { startDate: '2026-11-04', endDate: '2026-11-04' }, // День народного единства, a Wednesday
    { startDate: '2026-12-28', endDate: '2027-01-10' }, // winter vacation
  ],
  years: [YEAR_2026],
  ...extra,
});

describe('the next school day («завтра» as a school means it)', () => {
  it.each([
    // today, 5-day week, 6-day week, what
    ['2026-12-03', '2026-12-04', '2026-12-04', 'a Thursday: Friday'],
    ['2026-12-04', '2026-12-07', '2026-12-05', 'a Friday: Monday, or Saturday in a six-day school'],
    ['2026-12-05', '2026-12-07', '2026-12-07', 'a Saturday: Monday'],
    ['2026-12-06', '2026-12-07', '2026-12-07', 'a Sunday: Monday'],
    ['2026-11-03', '2026-11-05', '2026-11-05', 'the day before a holiday: the day after it'],
    ['2026-12-25', '2027-01-11', '2026-12-26', 'the last Friday before the winter vacation: the first day after it (or the Saturday)'],
    ['2026-12-26', '2027-01-11', '2027-01-11', 'the last Saturday before the vacation: the first day after it'],
    ['2027-01-04', '2027-01-11', '2027-01-11', 'inside the vacation: the first day after it'],
  ])('after %s: %s (five days), %s (six days) — %s', (today, five, six) => {
    expect(nextSchoolDay(calendar(5), today)).toBe(five);
    expect(nextSchoolDay(calendar(6), today)).toBe(six);
  });

  it('skips the summer to the next academic year, once that year is entered', () => {
    const years = [{ startDate: '2025-09-01', endDate: '2026-05-31' }, YEAR_2026];
    expect(nextSchoolDay(calendar(5, { years }), '2026-05-29')).toBe('2026-09-01');
    expect(isSchoolDay(calendar(5, { years }), '2026-07-01')).toBe(false);
    // No next year yet: the summer is not guessed, the week decides.
    expect(nextSchoolDay(calendar(5, { years: [years[0]!] }), '2026-05-29')).toBe('2026-06-01');
    // No years at all: only the week and the holidays.
    expect(nextSchoolDay(calendar(5, { years: [] }), '2026-08-14')).toBe('2026-08-17');
  });

  it('takes «today» by the clock in the school\'s time zone: a late Friday in Moscow is already Saturday in Vladivostok', () => {
    // 23:30 on Friday in Moscow is 06:30 on Saturday in Vladivostok.
    const clock = fixedClock('2026-12-04T20:30:00Z');
    const moscow = clock.today('Europe/Moscow');
    const vladivostok = clock.today('Asia/Vladivostok');
    expect([moscow, vladivostok]).toEqual(['2026-12-04', '2026-12-05']);
    expect(nextSchoolDay(calendar(6), moscow)).toBe('2026-12-05');
    expect(nextSchoolDay(calendar(6), vladivostok)).toBe('2026-12-07');
    expect(nextSchoolDay(calendar(5), moscow)).toBe('2026-12-07');
  });

  it('never loops: with every day a holiday it answers the calendar\'s tomorrow', () => {
    const closed = calendar(5, { holidays: [{ startDate: '2026-01-01', endDate: '2030-01-01' }] });
    expect(nextSchoolDay(closed, '2026-12-04')).toBe('2026-12-05');
  });
});
