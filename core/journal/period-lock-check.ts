import type { EntityManager } from '@mikro-orm/postgresql';
import { ValidationFailed, problem } from '../base/errors.js';
import { ruDate } from '../time/format.js';
import { PeriodLock } from './period-lock.entity.js';

/** What the check needs of a lesson, so that a lesson about to be opened can be checked before it exists. */
export interface LessonPlace {
  assignment: { id: number };
  date: string;
}

/**
 * Refuses a change to a lesson whose date lies in a period closed by its period marks (C7): the journal of
 * that assignment stays as it was when the marks were set until the administrator unlocks it.
 */
export async function requireUnlocked(em: EntityManager, lesson: LessonPlace): Promise<void> {
  const lock = await lockOf(em, lesson);
  if (!lock) return;
  throw periodLocked(lock.period);
}

/** The refusal of a change to a lesson of `period`, closed by its period marks. */
export function periodLocked(period: { name: string; startDate: string; endDate: string }): ValidationFailed {
  return new ValidationFailed([
    problem('journal.periodLocked', 'date', { period: period.name, start: ruDate(period.startDate), end: ruDate(period.endDate) }),
  ]);
}

/** The lock of the period closed by its period marks that the lesson's date lies in, if there is one. */
export function lockOf(em: EntityManager, lesson: LessonPlace): Promise<PeriodLock | null> {
  return em.findOne(
    PeriodLock,
    { assignment: lesson.assignment.id, locked: true, period: { startDate: { $lte: lesson.date }, endDate: { $gte: lesson.date } } },
    { populate: ['period'] },
  );
}
