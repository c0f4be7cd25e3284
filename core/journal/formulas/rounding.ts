/**
 * The proposed period mark (C7, D1 forecast) and "how many fives to reach the next mark", SPEC «Formulas».
 *
 * The school's rule: an average with a fractional part of at least the threshold rounds up (default x.5;
 * some schools use x.6). The result is clamped to 2..5.
 *
 * Floating point: 4.6 − 4 is 0.5999999999999996 in IEEE doubles, so a naive `frac >= 0.6` would turn a true
 * 4.6 into a 4. `roundPeriodMark` compares with a small epsilon; the functions that start from journal cells
 * (`proposedPeriodMark`, `fivesToReach`) do their arithmetic exactly, in integer hundredths of a weight —
 * work type weights are stored as decimal(4,2), and thresholds are hundredths too.
 */
import { assertValidCell, type Mark, type MarkCell } from './marks.js';

export const DEFAULT_ROUNDING_THRESHOLD = 0.5;

/** Far below any real difference between averages of journal marks, far above double rounding noise. */
const EPSILON = 1e-9;

function assertThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
    throw new RangeError(`A rounding threshold must be in (0, 1], got ${String(threshold)}`);
  }
}

function clampMark(value: number): Mark {
  if (value <= 2) return 2;
  if (value >= 5) return 5;
  return value as Mark;
}

/**
 * Rounds an average to the proposed period mark: up when its fractional part is at least `threshold`
 * (0.5 by default: 3.5 → 4; with 0.6: 3.5 → 3, 4.6 → 5), then clamped to 2..5.
 */
export function roundPeriodMark(average: number, threshold: number = DEFAULT_ROUNDING_THRESHOLD): Mark {
  assertThreshold(threshold);
  if (!Number.isFinite(average)) throw new RangeError(`An average must be a finite number, got ${String(average)}`);
  const whole = Math.floor(average);
  const fraction = average - whole;
  return clampMark(fraction >= threshold - EPSILON ? whole + 1 : whole);
}

/** A value given with at most two decimals (a weight, a threshold) as an integer number of hundredths. */
export function toHundredths(value: number, what: string): number {
  const scaled = Math.round(value * 100);
  if (!Number.isFinite(value) || Math.abs(scaled - value * 100) > 1e-6) {
    throw new RangeError(`${what} must have at most two decimals, got ${String(value)}`);
  }
  return scaled;
}

/** Σ(mark × weight) and Σ weight over every mark, both in hundredths of a weight (exact integers). */
function weightedSums(cells: readonly MarkCell[]): { sum: number; weights: number } {
  let sum = 0;
  let weights = 0;
  for (const cell of cells) {
    assertValidCell(cell);
    const weight = toHundredths(cell.weight, 'A work type weight');
    for (const mark of cell.marks) {
      sum += mark * weight;
      weights += weight;
    }
  }
  return { sum, weights };
}

/** Mark m is reached when average ≥ (m − 1) + threshold, i.e. 100·sum ≥ (100·(m − 1) + t)·weights. */
function markFromSums(sum: number, weights: number, thresholdHundredths: number): Mark {
  let mark: Mark = 2;
  for (const candidate of [3, 4, 5] as const) {
    if (100 * sum >= (100 * (candidate - 1) + thresholdHundredths) * weights) mark = candidate;
  }
  return mark;
}

/**
 * The proposed period mark of a student from the journal cells: the weighted average rounded by the
 * school's rule, computed exactly. Undefined when there is nothing to average.
 */
export function proposedPeriodMark(
  cells: readonly MarkCell[],
  threshold: number = DEFAULT_ROUNDING_THRESHOLD,
): Mark | undefined {
  assertThreshold(threshold);
  const t = toHundredths(threshold, 'A rounding threshold');
  const { sum, weights } = weightedSums(cells);
  return weights === 0 ? undefined : markFromSums(sum, weights, t);
}

/**
 * How many more fives of the given weight lift the proposed period mark to at least `target`.
 *
 * - 0 when the proposed mark is already `target` or higher;
 * - undefined when it cannot be done: `target` is not a mark (e.g. 6), the weight is not positive,
 *   or the threshold makes it unreachable (threshold 1 and a mark below 5 already in the journal, target 5).
 * With no marks yet, one five is enough for any target.
 */
export function fivesToReach(
  cells: readonly MarkCell[],
  target: number,
  weight: number,
  threshold: number = DEFAULT_ROUNDING_THRESHOLD,
): number | undefined {
  assertThreshold(threshold);
  const t = toHundredths(threshold, 'A rounding threshold');
  if (!Number.isInteger(target) || target < 2 || target > 5) return undefined;
  if (!Number.isFinite(weight) || weight <= 0) return undefined;
  const w = toHundredths(weight, 'A work type weight');
  const { sum, weights } = weightedSums(cells);

  if (weights > 0 && markFromSums(sum, weights, t) >= target) return 0;
  if (target === 2) return 1; // no marks yet: any mark gives at least 2

  // Need 100·(sum + 5·n·w) ≥ bound·(weights + n·w), bound = 100·(target − 1) + t,
  // i.e. n·w·(500 − bound) ≥ bound·weights − 100·sum.
  const bound = 100 * (target - 1) + t;
  const gainPerFive = w * (500 - bound);
  const deficit = bound * weights - 100 * sum;
  if (gainPerFive <= 0) return undefined; // a five never lifts the average to the bound
  return Math.max(1, Math.ceil(deficit / gainPerFive));
}
