import type { Core } from '../../../core/core.js';
import type { ReadAhead } from '../../../core/telegram/read-ahead.js';
import { journalData } from '../../callback-data/journal.js';
import type { BotContext } from '../../context.js';

/**
 * The journal's taps that come fastest, a mark given and a roll-call tap, read their lesson's sheet with
 * the update's claim (core/telegram/read-ahead.ts): the button names the lesson and the student. The
 * teacher's rights are checked when the handler takes the sheet, as when it reads it itself.
 */
export function journalReadAhead(core: Core): (ctx: BotContext) => ReadAhead | undefined {
  return (ctx) => {
    const query = ctx.callbackQuery;
    const button = query && 'data' in query ? journalData.decode(query.data) : undefined;
    if (button?.op === 'mg') return core.teacherJournal.tapAhead(button.lessonId, button.studentId, 'mark');
    if (button?.op === 'rs') return core.teacherJournal.tapAhead(button.lessonId, button.studentId, 'attendance');
    return undefined;
  };
}
