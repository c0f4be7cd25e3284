import type { EntityManager } from '@mikro-orm/postgresql';
import { ConcurrentChange } from '../base/errors.js';
import { Mark } from './mark.entity.js';

/** The mark a tap asks for. */
export interface MarkWish {
  value: number;
  second: number | null;
  workTypeId: number;
}

/**
 * A mark button carries how many marks the student had in the lesson when it was drawn (`seen`). A second
 * press of the same button (a double tap, a stale keyboard) then finds one more and gives none: it answers
 * with the mark the first press gave. A legitimate second mark comes from a keyboard drawn after the first.
 * Marks of one lesson are given one at a time (a row lock on the lesson for the transaction; FOR NO KEY
 * UPDATE leaves other rows' foreign-key checks on the lesson alone), so two presses at once count right.
 *
 * Returns the mark an earlier press gave, undefined when this press is the one to give it, and refuses
 * (ConcurrentChange: the teacher sees the student afresh) when the marks changed otherwise since.
 */
export async function markOfRepeatedTap(em: EntityManager, lessonId: number, studentId: number, seen: number, wish: MarkWish): Promise<Mark | undefined> {
  await em.execute('select 1 from lesson where id = ? for no key update', [lessonId]);
  const marks = await em.find(Mark, { lesson: lessonId, student: studentId }, { orderBy: { id: 'asc' }, refresh: true });
  return repeatedTap(marks.map((m) => ({ mark: m, value: m.value, second: m.second ?? null, workTypeId: m.workType.id })), seen, wish)?.mark;
}

/**
 * The rule of markOfRepeatedTap over the student's marks in the lesson, oldest first, read under the
 * lesson's lock: the one an earlier press gave, undefined (give it), or ConcurrentChange.
 */
export function repeatedTap<T extends MarkWish>(marks: readonly T[], seen: number, wish: MarkWish): T | undefined {
  if (marks.length === seen) return undefined;
  const newest = marks.at(-1);
  if (marks.length === seen + 1 && newest && newest.value === wish.value && newest.second === wish.second && newest.workTypeId === wish.workTypeId) {
    return newest;
  }
  throw new ConcurrentChange();
}
