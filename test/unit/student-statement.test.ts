import { describe, expect, it } from 'vitest';
import type { ValidationFailed } from '../../core/base/errors.js';
import { monthSoFar, previousMonth, resolveRange } from '../../core/reports/statement-range.js';

describe('the statement\'s range', () => {
  const years = [
    { id: 1, name: '2025/2026', startDate: '2025-09-01', endDate: '2026-05-31' },
    { id: 2, name: '2026/2027', startDate: '2026-09-01', endDate: '2027-05-31' },
  ];
  const keys = (run: () => unknown) => {
    try {
      run();
    } catch (err) {
      return (err as ValidationFailed).problems.map((p) => p.key);
    }
    return [];
  };

  it('defaults to the previous calendar month', () => {
    expect(previousMonth('2026-11-23')).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(previousMonth('2027-01-01')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousMonth('2027-03-31')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(monthSoFar('2026-11-23')).toEqual({ from: '2026-11-01', to: '2026-11-23' });
    expect(resolveRange(undefined, '2026-11-23', years)).toMatchObject({ from: '2026-10-01', to: '2026-10-31', year: { id: 2 } });
    expect(resolveRange('previousMonth', '2026-11-23', years)).toMatchObject({ from: '2026-10-01', to: '2026-10-31' });
    expect(resolveRange('thisMonth', '2026-11-23', years)).toMatchObject({ from: '2026-11-01', to: '2026-11-23' });
  });

  it('takes any range inside one academic year, cut to the year\'s ends', () => {
    expect(resolveRange({ from: '2026-09-01', to: '2027-05-31' }, '2026-11-23', years)).toMatchObject({ from: '2026-09-01', to: '2027-05-31' });
    expect(resolveRange({ from: '2026-08-01', to: '2026-09-15' }, '2026-11-23', years)).toMatchObject({ from: '2026-09-01', to: '2026-09-15' });
  });

  it('refuses a range with a bad or missing end, reversed, over a year, in no year or in two', () => {
    expect(keys(() => resolveRange({ from: '2026-10-01' }, '2026-11-23', years))).toEqual(['dateInvalid']);
    expect(keys(() => resolveRange({ from: '2026-10-31', to: '2026-10-01' }, '2026-11-23', years))).toEqual(['dateRangeReversed']);
    expect(keys(() => resolveRange({ from: '2025-09-01', to: '2026-09-30' }, '2026-11-23', years))).toEqual(['statement.rangeTooLong']);
    expect(keys(() => resolveRange({ from: '2026-06-01', to: '2026-08-31' }, '2026-11-23', years))).toEqual(['statement.noYear']);
    expect(keys(() => resolveRange({ from: '2026-05-01', to: '2026-09-30' }, '2026-11-23', years))).toEqual(['statement.twoYears']);
  });
});
