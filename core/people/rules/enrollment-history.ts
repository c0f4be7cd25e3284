import { problem, type Problem } from '../../base/errors.js';
import { nextDay, overlaps } from '../../school/rules/date-ranges.js';
import type { EnrollmentEnd } from '../enrollment.entity.js';

export interface Stretch {
  startDate: string;
  endDate?: string | null;
  endReason?: EnrollmentEnd | null;
}

// After these the student is not in any group for a while; after a transfer or a promotion they are at once.
const ENDS_WITH_A_BREAK: readonly (EnrollmentEnd | null)[] = ['expulsion', 'academic_leave', 'graduation'];

/**
 * A student's group history: stretches never overlap, only the last may be open, and a transfer or a
 * promotion is followed the very next day by the next stretch (no gap in which the child is nowhere).
 */
export function checkEnrollmentHistory(stretches: readonly Stretch[]): Problem[] {
  const sorted = [...stretches].sort((a, b) => a.startDate.localeCompare(b.startDate));
  const problems: Problem[] = [];
  sorted.forEach((current, i) => {
    const next = sorted[i + 1];
    if (!next) return;
    if (!current.endDate) {
      problems.push(problem('enrollmentOpenBeforeAnother', 'startDate', { date: next.startDate }));
      return;
    }
    const a = { start: current.startDate, end: current.endDate };
    const b = { start: next.startDate, end: next.endDate ?? null };
    if (overlaps(a, b)) problems.push(problem('enrollmentOverlap', 'startDate', { date: next.startDate }));
    else if (!ENDS_WITH_A_BREAK.includes(current.endReason ?? null) && next.startDate !== nextDay(current.endDate)) {
      problems.push(problem('enrollmentGap', 'startDate', { from: nextDay(current.endDate), to: next.startDate }));
    }
  });
  return problems;
}
