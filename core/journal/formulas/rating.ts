/**
 * The group rating by weighted average (D7, E8): competition ranking (1, 2, 2, 4), ties share the place;
 * students with no marks come last, without a place.
 */

export interface RatingEntry<Id> {
  readonly studentId: Id;
  readonly weightedAverage: number | undefined;
}

export interface RatedStudent<Id> extends RatingEntry<Id> {
  /** 1-based place; undefined for a student with no marks. */
  readonly place: number | undefined;
}

/** Averages closer than this are equal: they differ only by floating-point noise. */
const EPSILON = 1e-9;

/**
 * Ranks students by weighted average, best first. Equal averages share a place and the next place
 * skips accordingly (1, 2, 2, 4); among equals and among students without marks the input order is kept.
 */
export function rankStudents<Id>(entries: readonly RatingEntry<Id>[]): RatedStudent<Id>[] {
  const rated: { studentId: Id; weightedAverage: number }[] = [];
  const unrated: RatedStudent<Id>[] = [];
  for (const entry of entries) {
    const avg = entry.weightedAverage;
    if (avg === undefined) {
      unrated.push({ studentId: entry.studentId, weightedAverage: undefined, place: undefined });
    } else if (!Number.isFinite(avg)) {
      throw new RangeError(`A weighted average must be finite, got ${String(avg)}`);
    } else {
      rated.push({ studentId: entry.studentId, weightedAverage: avg });
    }
  }
  rated.sort((a, b) => b.weightedAverage - a.weightedAverage); // stable: ties keep the input order

  const ranked: RatedStudent<Id>[] = [];
  let place = 0;
  let previous: number | undefined;
  rated.forEach((entry, index) => {
    if (previous === undefined || Math.abs(previous - entry.weightedAverage) > EPSILON) {
      place = index + 1;
      previous = entry.weightedAverage;
    }
    ranked.push({ ...entry, place });
  });
  return [...ranked, ...unrated];
}
