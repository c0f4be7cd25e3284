import type { InlineKeyboardButton } from 'telegraf/types';
import type { LessonSheetView } from '../../../core/journal/journal-views.js';
import { encodeJournal } from '../../callback-data/journal.js';
import { button } from '../../ui/keyboard.js';
import type { Flow } from './flow.js';
import type { Undo } from './undo-action.js';

export async function rememberUndo(flow: Flow, undo: Undo): Promise<void> {
  await flow.core.botSessions.set(flow.userId, 'undo', undo);
  flow.known = { ...flow.known, undo };
}

/** «↩️ Отменить: Алексеев П. 5», when the last action was in this lesson. */
export async function undoButton(flow: Flow, lessonId: number): Promise<InlineKeyboardButton | undefined> {
  // Remembered (or cleared) on this very update: the session holds just that, no need to read it back.
  const undo = flow.known?.undo !== undefined ? flow.known.undo : await flow.core.botSessions.get<Undo>(flow.userId, 'undo');
  if (undo?.lessonId !== lessonId) return undefined;
  return button(flow.ctx.t('journal:undo.button', { what: undo.label }), encodeJournal('u', { lessonId }));
}

/**
 * Undoes the remembered action through the same core services (so with the same checks, versions and
 * audit); returns what was undone and the lesson after it, or undefined when there is nothing for this lesson.
 */
export async function undoLast(flow: Flow, lessonId: number): Promise<{ label: string; sheet: LessonSheetView } | undefined> {
  const undo = await flow.core.botSessions.get<Undo>(flow.userId, 'undo');
  if (undo?.lessonId !== lessonId) return undefined;
  const journal = flow.core.teacherJournal;
  let sheet: LessonSheetView;
  switch (undo.kind) {
    case 'attendance':
      ({ sheet } = await journal.setAttendance(lessonId, undo.studentId, undo.code, undo.version, flow.actor));
      break;
    case 'markGiven':
      ({ sheet } = await journal.removeMark(undo.markId, undo.version, flow.actor));
      break;
    case 'markChanged':
      ({ sheet } = await journal.changeMark(undo.markId, { value: undo.value, second: undo.second }, undo.version, flow.actor));
      break;
    case 'markRemoved':
      ({ sheet } = await journal.giveMark(lessonId, undo.studentId, undo.value, { second: undo.second, workTypeId: undo.workTypeId, comment: undo.comment, makeUp: undo.makeUp }, flow.actor));
      break;
  }
  await flow.core.botSessions.clear(flow.userId, 'undo');
  flow.known = { ...flow.known, undo: null };
  return { label: undo.label, sheet };
}
