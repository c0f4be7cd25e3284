import { describe, expect, it } from 'vitest';
import { Clock, MovableClock, clockFrom, fixedClock, systemClock } from '../../core/time/clock.js';
import { dateTime, dayMonth, dayTime, ruDate } from '../../core/time/format.js';
import { addDays, isoWeekday, localDate, weekStart } from '../../core/time/local-date.js';

describe('the clock (core/time)', () => {
  it('gives today at a school in its own time zone: across a midnight Vladivostok is a day ahead of Kaliningrad', () => {
    // 23:30 in Kaliningrad (UTC+2) is already 07:30 of the next day in Vladivostok (UTC+10).
    const clock = fixedClock('2026-12-31T21:30:00Z');
    expect(clock.today('Europe/Kaliningrad')).toBe('2026-12-31');
    expect(clock.today('Europe/Moscow')).toBe('2027-01-01');
    expect(clock.today('Asia/Vladivostok')).toBe('2027-01-01');
    // A school is asked by its zone.
    expect(clock.today({ timeZone: 'Europe/Kaliningrad' })).toBe('2026-12-31');

    // Vladivostok's midnight: 14:00 UTC.
    expect(fixedClock('2027-03-01T13:59:59.999Z').today('Asia/Vladivostok')).toBe('2027-03-01');
    expect(fixedClock('2027-03-01T14:00:00Z').today('Asia/Vladivostok')).toBe('2027-03-02');
    expect(fixedClock('2027-03-01T14:00:00Z').today('Europe/Kaliningrad')).toBe('2027-03-01');
    // Kaliningrad's midnight: 22:00 UTC.
    expect(fixedClock('2027-03-01T21:59:59Z').today('Europe/Kaliningrad')).toBe('2027-03-01');
    expect(fixedClock('2027-03-01T22:00:00Z').today('Europe/Kaliningrad')).toBe('2027-03-02');
  });

  it('keeps Russia\'s zones free of summer time: the same offset in January and in July', () => {
    for (const [zone, offsetHours] of [['Europe/Kaliningrad', 2], ['Europe/Moscow', 3], ['Asia/Yekaterinburg', 5], ['Asia/Vladivostok', 10], ['Asia/Kamchatka', 12]] as const) {
      for (const day of ['2027-01-15', '2027-03-28', '2027-07-15', '2027-10-31']) {
        const midnight = new Date(`${day}T00:00:00Z`).getTime() - offsetHours * 3600_000;
        expect(fixedClock(new Date(midnight - 1)).today(zone), `${zone} ${day}`).toBe(addDays(day, -1));
        expect(fixedClock(new Date(midnight)).today(zone), `${zone} ${day}`).toBe(day);
      }
    }
  });

  it('gives a copy of now, so a caller cannot move a fixed clock', () => {
    const clock = fixedClock('2027-07-15T09:00:00Z');
    clock.now().setUTCFullYear(2000);
    expect(clock.now().toISOString()).toBe('2027-07-15T09:00:00.000Z');
  });

  it('moves only when told (MovableClock), or follows what it reads (clockFrom)', () => {
    const clock = new MovableClock('2027-08-31T20:59:00Z');
    expect(clock.today('Europe/Moscow')).toBe('2027-08-31');
    expect(clock.advance(60_000).today('Europe/Moscow')).toBe('2027-09-01');
    expect(clock.set('2027-01-01T00:00:00Z').now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(clock).toBeInstanceOf(Clock);

    let at = new Date('2026-11-23T09:00:00Z');
    const following = clockFrom(() => at);
    expect(following.today('Europe/Moscow')).toBe('2026-11-23');
    at = new Date('2026-11-24T09:00:00Z');
    expect(following.today('Europe/Moscow')).toBe('2026-11-24');
  });

  it('refuses a time that is not one', () => {
    expect(() => fixedClock('31.08.2027')).toThrow(RangeError);
    expect(() => new MovableClock(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('reads the machine\'s time only as the system clock', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(1000);
  });
});

describe('local dates', () => {
  it('are calendar dates of an instant in a zone', () => {
    expect(localDate(new Date('2027-01-01T00:30:00+10:00'), 'Asia/Vladivostok')).toBe('2027-01-01');
    expect(localDate(new Date('2027-01-01T00:30:00+10:00'), 'Europe/Moscow')).toBe('2026-12-31');
  });

  it('stay right when asked again and again around a midnight, in zones a half or three quarters of an hour off (the answer is kept by minute)', () => {
    // Midnight of 2027-03-01 in Kolkata (+05:30) and Kathmandu (+05:45), in UTC.
    const midnights = { 'Asia/Kolkata': Date.UTC(2027, 1, 28, 18, 30), 'Asia/Kathmandu': Date.UTC(2027, 1, 28, 18, 15) };
    for (let round = 0; round < 2; round++) {
      for (const [zone, midnight] of Object.entries(midnights)) {
        for (const [offset, date] of [[-60_001, '2027-02-28'], [-1, '2027-02-28'], [0, '2027-03-01'], [59_999, '2027-03-01'], [-1, '2027-02-28'], [0, '2027-03-01']] as const) {
          expect(localDate(new Date(midnight + offset), zone), `${zone} ${offset}`).toBe(date);
          expect(localDate(new Date(midnight + offset), 'Europe/Moscow')).toBe('2027-02-28');
        }
      }
    }
  });

  it('count days as the calendar does, whatever the date (checked against Date\'s own parsing)', () => {
    const slow = (date: string, days: number) => {
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + days);
      return d.toISOString().slice(0, 10);
    };
    for (const date of ['2026-12-31', '2028-02-29', '2100-02-28', '1999-12-31', '0050-03-01', '9999-12-30', '2027-01-01']) {
      for (const days of [-400, -366, -31, -1, 0, 1, 28, 365, 366]) {
        if (date === '9999-12-30' && days > 1) continue;
        expect(addDays(date, days), `${date} ${days}`).toBe(slow(date, days));
      }
    }
    expect(() => addDays('not a date', 1)).toThrow(RangeError);
  });

  it('count days across months, years and 29 February', () => {
    expect(addDays('2027-08-31', 1)).toBe('2027-09-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-11-23', 30)).toBe('2026-12-23');
  });

  it('number the weekdays from Monday (1) to Sunday (7), and start a week on Monday', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2027-07-15')).toBe(4);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
    expect(weekStart('2027-01-01')).toBe('2026-12-28');
  });
});

describe('formatting dates and times', () => {
  it('writes dates as a Russian reader does', () => {
    expect(ruDate('2027-09-01')).toBe('01.09.2027');
    expect(dayMonth('2027-09-01')).toBe('01.09');
  });

  it('shows an instant in the school\'s zone, with a 24-hour clock', () => {
    const at = new Date('2026-12-31T21:05:00Z');
    expect(dayTime(at, 'Europe/Kaliningrad')).toBe('31.12 23:05');
    expect(dayTime(at, 'Asia/Vladivostok')).toBe('01.01 07:05');
    expect(dateTime(at, 'Europe/Moscow')).toBe('01.01.2027 00:05');
    expect(dateTime(new Date('2027-07-15T09:00:00Z'), 'Europe/Moscow')).toBe('15.07.2027 12:00');
  });
});
