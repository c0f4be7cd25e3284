/** The academic hour (академический час): lessons are counted in hours of 45 minutes (S3 §4.7, §5). */
export const ACADEMIC_HOUR_MINUTES = 45;

/**
 * A lesson's length in academic hours from its bell slot: max(1, round(minutes ÷ 45)), so a 90-minute pair
 * is two and a 40-minute lesson one. A lesson whose class has no bell for its number counts as one hour.
 */
export function academicHours(minutes: number | null): number {
  return Math.max(1, Math.round((minutes ?? ACADEMIC_HOUR_MINUTES) / ACADEMIC_HOUR_MINUTES));
}
