/**
 * Period-mark statistics of a group (E2): pass rate (успеваемость), quality rate (качество знаний) and
 * learning degree (СОУ, Симонов), SPEC «Formulas».
 *
 * N = students of the group in the period − those exempt (осв.) − those with no mark; н/а stays in N;
 * students who left before the period ended are not counted at all.
 */
import { percentRounded } from './percent.js';

/** A student's period mark as the statistics see it: 2–5, н/а ('na'), осв. ('exempt') or none yet (null). */
export type PeriodMarkValue = 2 | 3 | 4 | 5 | 'na' | 'exempt' | null;

export interface PeriodMarkEntry {
  readonly mark: PeriodMarkValue;
  /** Left the group before the period ended: not counted anywhere except `counts.left`. */
  readonly leftBeforeEnd?: boolean;
}

export interface QualityCounts {
  readonly n5: number;
  readonly n4: number;
  readonly n3: number;
  readonly n2: number;
  /** не аттестован: counted in N. */
  readonly na: number;
  /** освобождён: excluded from N. */
  readonly exempt: number;
  /** no period mark: excluded from N. */
  readonly noMark: number;
  /** left before the period ended (whatever their mark): excluded from N. */
  readonly left: number;
}

export interface QualityStats {
  /** N = n5 + n4 + n3 + n2 + n_на. */
  readonly n: number;
  readonly counts: QualityCounts;
  /** (n5 + n4 + n3) ÷ N × 100, 2 decimals; undefined when N = 0. */
  readonly passRate: number | undefined;
  /** (n5 + n4) ÷ N × 100, 2 decimals; undefined when N = 0. */
  readonly qualityRate: number | undefined;
  /** СОУ = (1.00·n5 + 0.64·n4 + 0.36·n3 + 0.16·n2 + 0.07·n_на) ÷ N × 100, 2 decimals; undefined when N = 0. */
  readonly learningDegree: number | undefined;
}

/** Симонов's coefficients in hundredths, so that the sum stays an exact integer. */
const SIMONOV_HUNDREDTHS = { n5: 100, n4: 64, n3: 36, n2: 16, na: 7 } as const;

export function qualityStats(entries: readonly PeriodMarkEntry[]): QualityStats {
  const counts = { n5: 0, n4: 0, n3: 0, n2: 0, na: 0, exempt: 0, noMark: 0, left: 0 };
  for (const entry of entries) {
    if (entry.leftBeforeEnd === true) {
      counts.left += 1;
      continue;
    }
    const mark = entry.mark;
    switch (mark) {
      case 5:
        counts.n5 += 1;
        break;
      case 4:
        counts.n4 += 1;
        break;
      case 3:
        counts.n3 += 1;
        break;
      case 2:
        counts.n2 += 1;
        break;
      case 'na':
        counts.na += 1;
        break;
      case 'exempt':
        counts.exempt += 1;
        break;
      case null:
        counts.noMark += 1;
        break;
      default: {
        const unknown: never = mark;
        throw new RangeError(`Unknown period mark ${String(unknown)}`);
      }
    }
  }
  const n = counts.n5 + counts.n4 + counts.n3 + counts.n2 + counts.na;
  const learning =
    SIMONOV_HUNDREDTHS.n5 * counts.n5 +
    SIMONOV_HUNDREDTHS.n4 * counts.n4 +
    SIMONOV_HUNDREDTHS.n3 * counts.n3 +
    SIMONOV_HUNDREDTHS.n2 * counts.n2 +
    SIMONOV_HUNDREDTHS.na * counts.na;
  return {
    n,
    counts,
    passRate: percentRounded(counts.n5 + counts.n4 + counts.n3, n),
    qualityRate: percentRounded(counts.n5 + counts.n4, n),
    learningDegree: percentRounded(learning, n, 100),
  };
}
