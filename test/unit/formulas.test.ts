import { describe, expect, it } from 'vitest';
import {
  attendancePercent,
  average,
  fivesToReach,
  missedMoreThanHalf,
  percentRounded,
  proposedPeriodMark,
  qualityStats,
  rankStudents,
  roundPeriodMark,
  summarizeAttendance,
  weightedAverage,
  type Mark,
  type MarkCell,
  type PeriodMarkEntry,
  type PeriodMarkValue,
} from '../../core/journal/formulas/index.js';

/** Cells of one weight, one mark each. */
const cells = (weight: number, ...marks: Mark[]): MarkCell[] => marks.map((mark) => ({ marks: [mark], weight }));
const times = (count: number, mark: PeriodMarkValue, leftBeforeEnd?: boolean): PeriodMarkEntry[] =>
  Array.from({ length: count }, () => (leftBeforeEnd === undefined ? { mark } : { mark, leftBeforeEnd }));

describe('averages (marks.ts)', () => {
  it('is undefined with no marks', () => {
    expect(average([])).toBeUndefined();
    expect(weightedAverage([])).toBeUndefined();
    expect(average([{ marks: [], weight: 1 }])).toBeUndefined();
    expect(weightedAverage([{ marks: [], weight: 2 }])).toBeUndefined();
  });

  it('counts a double mark 5/4 as two marks, each with the cell weight', () => {
    const journal: MarkCell[] = [{ marks: [5, 4], weight: 2 }, { marks: [3], weight: 1 }];
    expect(average(journal)).toBe(4); // (5 + 4 + 3) ÷ 3
    expect(weightedAverage(journal)).toBe(4.2); // (10 + 8 + 3) ÷ 5
    expect(average([{ marks: [5, 4], weight: 1 }])).toBe(4.5);
  });

  it('weighs marks by 1, 1.5 and 2', () => {
    const journal: MarkCell[] = [
      { marks: [2], weight: 2 }, // control work
      { marks: [4], weight: 1 }, // answer in class
      { marks: [3], weight: 1.5 }, // test
    ];
    expect(average(journal)).toBe(3);
    expect(weightedAverage(journal)).toBeCloseTo(12.5 / 4.5, 12);
    expect(weightedAverage([...cells(1, 5, 5), ...cells(2, 3)])).toBe(4); // (5 + 5 + 6) ÷ 4
  });

  it('refuses what is not a mark or a weight', () => {
    expect(() => average([{ marks: [6 as Mark], weight: 1 }])).toThrow(RangeError);
    expect(() => weightedAverage([{ marks: [5], weight: -1 }])).toThrow(RangeError);
    expect(() => weightedAverage([{ marks: [5], weight: Number.NaN }])).toThrow(RangeError);
  });
});

describe('the proposed period mark (rounding.ts)', () => {
  it.each([
    [2.5, 3, 2],
    [2.59, 3, 2],
    [2.6, 3, 3],
    [3.49, 3, 3],
    [3.5, 4, 3],
    [3.6, 4, 4],
    [4.5, 5, 4],
    [4.59, 5, 4],
    [4.5999, 5, 4],
    [4.6, 5, 5],
    [4.49, 4, 4],
    [3, 3, 3],
    [5, 5, 5],
  ])('rounds %f to %i with x.5 and to %i with x.6', (avg, withHalf, withSixTenths) => {
    expect(roundPeriodMark(avg)).toBe(withHalf);
    expect(roundPeriodMark(avg, 0.5)).toBe(withHalf);
    expect(roundPeriodMark(avg, 0.6)).toBe(withSixTenths);
  });

  it('is not fooled by floating point: 4.6 − 4 is 0.5999999999999996 in doubles', () => {
    expect(4.6 - 4).toBeLessThan(0.6);
    expect(roundPeriodMark(4.6, 0.6)).toBe(5);
    expect(roundPeriodMark(23 / 5, 0.6)).toBe(5);
    expect(roundPeriodMark(3.5 - 1e-15)).toBe(4);
    expect(proposedPeriodMark(cells(1, 5, 5, 5, 4, 4), 0.6)).toBe(5); // 4.6 exactly
    expect(proposedPeriodMark(cells(1, 5, 5, 4, 4, 4), 0.6)).toBe(4); // 4.4
  });

  it('clamps to 2..5', () => {
    expect(roundPeriodMark(1.2)).toBe(2);
    expect(roundPeriodMark(2)).toBe(2);
    expect(roundPeriodMark(5.7)).toBe(5);
  });

  it('refuses a threshold outside (0, 1] and an average that is not a number', () => {
    expect(() => roundPeriodMark(4, 0)).toThrow(RangeError);
    expect(() => roundPeriodMark(4, 1.5)).toThrow(RangeError);
    expect(() => roundPeriodMark(Number.NaN)).toThrow(RangeError);
  });

  it('proposes from the weighted average, exactly as rounding that average would', () => {
    expect(proposedPeriodMark([])).toBeUndefined();
    expect(proposedPeriodMark([{ marks: [5, 4], weight: 1 }])).toBe(5); // 4.5
    expect(proposedPeriodMark([{ marks: [5, 4], weight: 1 }], 0.6)).toBe(4);
    // every journal of up to four marks with weights 1, 1.2, 1.5, 2
    const weights = [1, 1.2, 1.5, 2];
    const options: MarkCell[] = [];
    for (const weight of weights) for (const mark of [2, 3, 4, 5] as const) options.push({ marks: [mark], weight });
    let checked = 0;
    const walk = (journal: MarkCell[], from: number): void => {
      const avg = weightedAverage(journal);
      if (avg !== undefined) {
        for (const threshold of [0.5, 0.6]) {
          expect(proposedPeriodMark(journal, threshold)).toBe(roundPeriodMark(avg, threshold));
        }
        checked += 1;
      }
      if (journal.length === 4) return;
      for (let i = from; i < options.length; i += 1) walk([...journal, options[i]!], i);
    };
    walk([], 0);
    expect(checked).toBe(4844); // multisets of 1..4 out of 16 cells
  });
});

describe('how many fives to reach a mark (rounding.ts)', () => {
  const threeThreeFour = cells(1, 3, 3, 4); // 3.33 → 3

  it('marks 3, 3, 4 of weight 1', () => {
    // to 4 with x.5: (10 + 5n) ÷ (3 + n) ≥ 3.5 ⇔ n ≥ 1/3 → 1 (15 ÷ 4 = 3.75)
    expect(fivesToReach(threeThreeFour, 4, 1, 0.5)).toBe(1);
    // to 4 with x.6: n ≥ 0.8 ÷ 1.4 → 1
    expect(fivesToReach(threeThreeFour, 4, 1, 0.6)).toBe(1);
    // to 5 with x.5: 0.5n ≥ 3.5 → 7, landing exactly on 4.5 (45 ÷ 10)
    expect(fivesToReach(threeThreeFour, 5, 1, 0.5)).toBe(7);
    expect(proposedPeriodMark([...threeThreeFour, ...cells(1, 5, 5, 5, 5, 5, 5)])).toBe(4);
    expect(proposedPeriodMark([...threeThreeFour, ...cells(1, 5, 5, 5, 5, 5, 5, 5)])).toBe(5);
    // to 5 with x.6: 0.4n ≥ 3.8 → 10 (60 ÷ 13 = 4.615; 9 give 55 ÷ 12 = 4.583)
    expect(fivesToReach(threeThreeFour, 5, 1, 0.6)).toBe(10);
    // fives of a control work (weight 2) count double: to 5 with x.5: n ≥ 3.5 → 4 (50 ÷ 11 = 4.55; 3 give 40 ÷ 9 = 4.44)
    expect(fivesToReach(threeThreeFour, 5, 2, 0.5)).toBe(4);
  });

  it('weights 2, 1, 1.5 (marks 2, 4, 3: 12.5 ÷ 4.5 = 2.78 → 3)', () => {
    const journal: MarkCell[] = [
      { marks: [2], weight: 2 },
      { marks: [4], weight: 1 },
      { marks: [3], weight: 1.5 },
    ];
    expect(proposedPeriodMark(journal)).toBe(3);
    // weight-1 fives: 1.5n ≥ 3.25 → 3 (27.5 ÷ 7.5 = 3.67; 2 give 22.5 ÷ 6.5 = 3.46)
    expect(fivesToReach(journal, 4, 1)).toBe(3);
    // weight-2 fives: 3n ≥ 3.25 → 2 (32.5 ÷ 8.5 = 3.82)
    expect(fivesToReach(journal, 4, 2)).toBe(2);
    // weight-1.5 fives: 2.25n ≥ 3.25 → 2 (27.5 ÷ 7.5 = 3.67; 1 gives 20 ÷ 6 = 3.33)
    expect(fivesToReach(journal, 4, 1.5)).toBe(2);
  });

  it('is 0 when the mark is already there, or higher', () => {
    expect(fivesToReach(cells(1, 5, 4), 5, 1)).toBe(0); // 4.5 with x.5
    expect(fivesToReach(cells(1, 5, 4), 4, 1)).toBe(0);
    expect(fivesToReach(cells(1, 5, 4), 5, 1, 0.6)).toBe(1); // 4.5 → 4 with x.6; one more five: 14 ÷ 3 = 4.67 → 5
    expect(fivesToReach(threeThreeFour, 3, 1)).toBe(0);
    expect(fivesToReach(threeThreeFour, 2, 1)).toBe(0);
  });

  it('is 1 with no marks yet', () => {
    expect(fivesToReach([], 5, 1)).toBe(1);
    expect(fivesToReach([], 2, 1, 0.6)).toBe(1);
  });

  it('is undefined when impossible', () => {
    expect(fivesToReach(threeThreeFour, 6, 1)).toBeUndefined();
    expect(fivesToReach(threeThreeFour, 1, 1)).toBeUndefined();
    expect(fivesToReach(threeThreeFour, 4.5, 1)).toBeUndefined();
    expect(fivesToReach(threeThreeFour, 5, 0)).toBeUndefined();
    expect(fivesToReach(threeThreeFour, 5, 1, 1)).toBeUndefined(); // only a clean 5.0 would round to 5
  });

  it('agrees with adding that many fives, and one fewer is not enough', () => {
    const journals: MarkCell[][] = [
      cells(1, 2, 2, 3),
      cells(1.5, 2, 3, 3, 4),
      [...cells(2, 2, 3), ...cells(1, 4, 4, 3), { marks: [5, 4], weight: 1 }],
      [...cells(1.2, 3, 2), ...cells(0.5, 4)],
    ];
    for (const journal of journals) {
      for (const threshold of [0.5, 0.6]) {
        for (const weight of [1, 1.5, 2]) {
          for (const target of [3, 4, 5]) {
            const n = fivesToReach(journal, target, weight, threshold);
            expect(n).toBeDefined();
            const withFives = (k: number) => proposedPeriodMark([...journal, ...cells(weight, ...Array<Mark>(k).fill(5))], threshold);
            expect(withFives(n!)).toBeGreaterThanOrEqual(target);
            if (n! > 0) expect(withFives(n! - 1)).toBeLessThan(target);
          }
        }
      }
    }
  });
});

describe('pass rate, quality rate, learning degree (quality.ts)', () => {
  it('reproduces the SPEC worked example: N = 25 → 92 %, 60 %, СОУ 58.04 %', () => {
    const group = [...times(5, 5), ...times(10, 4), ...times(8, 3), ...times(1, 2), ...times(1, 'na')];
    const stats = qualityStats(group);
    expect(stats.n).toBe(25);
    expect(stats.passRate).toBe(92);
    expect(stats.qualityRate).toBe(60);
    expect(stats.learningDegree).toBe(58.04);
    expect(stats.counts).toEqual({ n5: 5, n4: 10, n3: 8, n2: 1, na: 1, exempt: 0, noMark: 0, left: 0 });
  });

  it('leaves out the exempt, those with no mark and those who left early; keeps н/а in N', () => {
    const group = [
      ...times(5, 5),
      ...times(10, 4),
      ...times(8, 3),
      ...times(1, 2),
      ...times(1, 'na'),
      ...times(2, 'exempt'),
      ...times(3, null),
      ...times(2, 5, true), // left before the period ended, whatever their mark
      ...times(1, 'na', true),
      ...times(1, 2, false),
    ];
    const stats = qualityStats(group);
    expect(stats.n).toBe(26);
    expect(stats.counts).toEqual({ n5: 5, n4: 10, n3: 8, n2: 2, na: 1, exempt: 2, noMark: 3, left: 3 });
    expect(stats.passRate).toBe(88.46); // 23 ÷ 26 = 88.4615…
    expect(stats.qualityRate).toBe(57.69); // 15 ÷ 26 = 57.6923…
    expect(stats.learningDegree).toBe(56.42); // 14.67 ÷ 26 = 56.4230…
  });

  it('н/а lowers the pass rate: it stays in N', () => {
    const stats = qualityStats([...times(3, 4), ...times(1, 'na')]);
    expect(stats.n).toBe(4);
    expect(stats.passRate).toBe(75);
    expect(stats.learningDegree).toBe(49.75); // (1.92 + 0.07) ÷ 4
  });

  it('rounds half away from zero, exactly (25.375 → 25.38, where doubles give 25.374999…)', () => {
    const stats = qualityStats([...times(15, 3), ...times(17, 2)]);
    expect(stats.learningDegree).toBe(25.38);
    expect(stats.passRate).toBe(46.88); // 15 ÷ 32 = 46.875
    expect(qualityStats([...times(1, 5), ...times(2, 2)]).qualityRate).toBe(33.33);
    expect(qualityStats([...times(2, 5), ...times(1, 2)]).qualityRate).toBe(66.67);
    expect(percentRounded(-1, 8)).toBe(-12.5);
    expect(percentRounded(-1, 32)).toBe(-3.13);
    expect(percentRounded(0, 5)).toBe(0);
  });

  it('has no percentages when N = 0', () => {
    for (const group of [[], [...times(2, 'exempt'), ...times(1, null), ...times(1, 5, true)]]) {
      const stats = qualityStats(group);
      expect(stats.n).toBe(0);
      expect(stats.passRate).toBeUndefined();
      expect(stats.qualityRate).toBeUndefined();
      expect(stats.learningDegree).toBeUndefined();
    }
  });
});

describe('attendance (attendance.ts)', () => {
  it('(held − missed) ÷ held × 100, undefined when nothing was held', () => {
    expect(attendancePercent(20, 3)).toBe(85);
    expect(attendancePercent(3, 1)).toBeCloseTo(66.6667, 4);
    expect(attendancePercent(10, 0)).toBe(100);
    expect(attendancePercent(0, 0)).toBeUndefined();
    expect(() => attendancePercent(3, 4)).toThrow(RangeError);
    expect(() => attendancePercent(3, -1)).toThrow(RangeError);
  });

  it('a lesson is missed when more than half of it was missed', () => {
    expect(missedMoreThanHalf(23, 45)).toBe(true);
    expect(missedMoreThanHalf(22.5, 45)).toBe(false);
    expect(missedMoreThanHalf(10, 45)).toBe(false);
    expect(missedMoreThanHalf(40, 40)).toBe(true);
  });

  it('only late marks: 100 %', () => {
    const summary = summarizeAttendance([{ code: 'op' }, { code: 'op' }, { code: 'present' }, { code: 'op', hours: 2 }]);
    expect(summary.percent).toBe(100);
    expect(summary.missed).toBe(0);
    expect(summary.missedHours).toBe(0);
    expect(summary.byCode.op).toBe(3);
    expect(summary.hoursByCode.op).toBe(4);
    expect(summary.heldHours).toBe(5);
  });

  it('н, б, п are absences, in lessons and hours', () => {
    const summary = summarizeAttendance([
      { code: 'present' },
      { code: 'n' },
      { code: 'b', hours: 2 }, // a paired lesson
      { code: 'p' },
      { code: 'op' },
      { code: 'present', hours: 2 },
      { code: 'b' },
      { code: 'present' },
    ]);
    expect(summary.held).toBe(8);
    expect(summary.heldHours).toBe(10);
    expect(summary.missed).toBe(4);
    expect(summary.missedHours).toBe(5);
    expect(summary.byCode).toEqual({ present: 3, n: 1, b: 2, p: 1, op: 1 });
    expect(summary.hoursByCode).toEqual({ present: 4, n: 1, b: 3, p: 1, op: 1 });
    expect(summary.percent).toBe(50);
  });

  it('has no percentage with no lessons', () => {
    expect(summarizeAttendance([]).percent).toBeUndefined();
  });
});

describe('group rating (rating.ts)', () => {
  it('ranks by weighted average with shared places (1, 2, 2, 4) and the unmarked last without a place', () => {
    const ranked = rankStudents([
      { studentId: 'a', weightedAverage: 4.1 },
      { studentId: 'none-1', weightedAverage: undefined },
      { studentId: 'b', weightedAverage: 4.5 },
      { studentId: 'c', weightedAverage: 3.2 },
      { studentId: 'd', weightedAverage: 4.1 },
      { studentId: 'none-2', weightedAverage: undefined },
    ]);
    expect(ranked.map((r) => [r.studentId, r.place])).toEqual([
      ['b', 1],
      ['a', 2],
      ['d', 2],
      ['c', 4],
      ['none-1', undefined],
      ['none-2', undefined],
    ]);
  });

  it('treats averages equal up to floating-point noise as a tie', () => {
    const exact = weightedAverage([{ marks: [5], weight: 0.1 }, { marks: [4], weight: 0.2 }])!;
    const ranked = rankStudents([
      { studentId: 1, weightedAverage: 13 / 3 },
      { studentId: 2, weightedAverage: exact },
      { studentId: 3, weightedAverage: 5 },
    ]);
    expect(ranked.map((r) => r.place)).toEqual([1, 2, 2]);
  });

  it('handles all tied, nobody rated, and an empty group', () => {
    expect(rankStudents([{ studentId: 1, weightedAverage: 4 }, { studentId: 2, weightedAverage: 4 }]).map((r) => r.place)).toEqual([1, 1]);
    expect(rankStudents([{ studentId: 1, weightedAverage: undefined }])).toEqual([
      { studentId: 1, weightedAverage: undefined, place: undefined },
    ]);
    expect(rankStudents([])).toEqual([]);
  });
});
