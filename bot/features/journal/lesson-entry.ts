import type { Actor } from '../../../core/access/actor.js';
import { DomainError } from '../../../core/base/errors.js';
import type { Core } from '../../../core/core.js';

interface InLesson extends Record<string, unknown> {
  lessonId: number;
}

/**
 * The teacher works in the lesson `lessonId` (a tap on its card or one of its screens): remembered in the
 * session, so that leaving it — for another lesson, the day, the menu — ends its entry (core: entryEnded),
 * and its students' guardians hear of it at once instead of after the idle time.
 */
export async function inLesson(core: Core, actor: Actor, userId: number, lessonId: number, told = false): Promise<void> {
  const current = await core.botSessions.get<InLesson>(userId, 'lesson');
  // Still at it: finding the next child, typing homework… its news waits the idle time from this tap. `told`:
  // the tap's change told the outbox news of this lesson, which moved its waiting batches on already.
  if (current?.lessonId === lessonId) return told ? undefined : ignoringRefusal(() => core.teacherJournal.entryGoesOn(lessonId, actor));
  await core.botSessions.set(userId, 'lesson', { lessonId });
  if (current) await ignoringRefusal(() => core.teacherJournal.entryEnded(current.lessonId, actor));
}

/** The teacher left the lesson it was in, if any (see inLesson). */
export async function leftLesson(core: Core, actor: Actor, userId: number): Promise<void> {
  const current = await core.botSessions.get<InLesson>(userId, 'lesson');
  if (!current) return;
  await core.botSessions.clear(userId, 'lesson');
  await ignoringRefusal(() => core.teacherJournal.entryEnded(current.lessonId, actor));
}

async function ignoringRefusal(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (err) {
    // No longer this teacher's lesson (a substitute replaced, the lesson removed): the idle time ends its entry.
    if (!(err instanceof DomainError)) throw err;
  }
}
