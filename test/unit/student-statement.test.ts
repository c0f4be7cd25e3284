import { describe, expect, it } from 'vitest';
import { deploymentAdministrator, staffActor } from '../../core/access/actor.js';
import type { Role } from '../../core/access/roles.js';
import type { ValidationFailed } from '../../core/errors.js';
import { mayReadStatement, type StatementFacts } from '../../core/reports/statement-access.js';
import { monthSoFar, previousMonth, resolveRange } from '../../core/reports/statement-range.js';

const SCHOOL = 1;
const CLASS = 10;
const facts: StatementFacts = { schoolId: SCHOOL, studentId: 7, groupIds: [CLASS] };
const staff = (roles: Role[], classGroupIds: number[] = [], schoolId = SCHOOL) =>
  ({ kind: 'staff' as const, actor: staffActor({ schoolId, staffId: 100, roles, classGroupIds, source: 'panel' }) });

describe('who may read a student\'s statement', () => {
  it('the school\'s administrator, director, deputy and inspector, and the class teacher of the student\'s class', () => {
    for (const role of ['administrator', 'director', 'deputy', 'inspector'] as const) expect(mayReadStatement(staff([role]), facts), role).toBe(true);
    expect(mayReadStatement(staff(['teacher'], [CLASS]), facts)).toBe(true);
    expect(mayReadStatement({ kind: 'staff', actor: deploymentAdministrator('panel') }, facts)).toBe(true);
  });

  it('not a subject teacher, another class\'s teacher, or staff of another school', () => {
    expect(mayReadStatement(staff(['teacher']), facts)).toBe(false);
    expect(mayReadStatement(staff(['teacher'], [CLASS + 1]), facts)).toBe(false);
    expect(mayReadStatement(staff(['director'], [], SCHOOL + 1), facts)).toBe(false);
  });

  it('a guardian linked to the student with consent given; the student itself', () => {
    const guardian = { kind: 'guardian' as const, guardianId: 3 };
    expect(mayReadStatement(guardian, { ...facts, guardianLinked: true, consentGiven: true })).toBe(true);
    expect(mayReadStatement(guardian, { ...facts, guardianLinked: true, consentGiven: false })).toBe(false);
    expect(mayReadStatement(guardian, { ...facts, guardianLinked: false, consentGiven: true })).toBe(false);
    expect(mayReadStatement(guardian, facts)).toBe(false);
    expect(mayReadStatement({ kind: 'student', studentId: 7 }, facts)).toBe(true);
    expect(mayReadStatement({ kind: 'student', studentId: 8 }, facts)).toBe(false);
  });
});

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
