/**
 * Marks (отметки) and their averages, SPEC «Formulas», D1, C7.
 *
 * A cell of the journal holds one mark, or two for a double mark 5/4 (двойная отметка), and carries
 * the weight of its work type (вид работы). A double mark counts as two marks, each with the cell's weight.
 */

/** A grade on the 5-point scale. */
export type Mark = 2 | 3 | 4 | 5;

/** One journal cell: its marks (one, or two for a double mark) and the weight of its work type. */
export interface MarkCell {
  readonly marks: readonly Mark[];
  readonly weight: number;
}

export function isMark(value: unknown): value is Mark {
  return value === 2 || value === 3 || value === 4 || value === 5;
}

/** Throws a RangeError on a value that is not a mark or a weight that is negative or not finite. */
export function assertValidCell(cell: MarkCell): void {
  if (!Number.isFinite(cell.weight) || cell.weight < 0) {
    throw new RangeError(`A work type weight must be a finite number ≥ 0, got ${String(cell.weight)}`);
  }
  for (const mark of cell.marks) {
    if (!isMark(mark)) throw new RangeError(`A mark must be 2, 3, 4 or 5, got ${String(mark)}`);
  }
}

/** Simple average: Σ marks ÷ count; a double mark counts twice. Undefined when there are no marks. */
export function average(cells: readonly MarkCell[]): number | undefined {
  let sum = 0;
  let count = 0;
  for (const cell of cells) {
    assertValidCell(cell);
    for (const mark of cell.marks) {
      sum += mark;
      count += 1;
    }
  }
  return count === 0 ? undefined : sum / count;
}

/**
 * Weighted average: Σ(mark × weight) ÷ Σ weight over every mark (a double mark counts as two marks
 * of the cell's weight). Undefined when there are no marks, or when every mark has weight 0.
 */
export function weightedAverage(cells: readonly MarkCell[]): number | undefined {
  let sum = 0;
  let weights = 0;
  for (const cell of cells) {
    assertValidCell(cell);
    for (const mark of cell.marks) {
      sum += mark * cell.weight;
      weights += cell.weight;
    }
  }
  return weights === 0 ? undefined : sum / weights;
}
