import type { InlineKeyboardButton } from 'telegraf/types';
import { NotFound } from '../../../core/base/errors.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import type { AttendanceCode } from '../../../core/journal/attendance-codes.js';
import type { LessonSheetView } from '../../../core/journal/journal-views.js';
import { encodeJournal } from '../../callback-data/journal.js';
import { button, pagedKeyboard } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { codeLabel, studentShort } from './format.js';
import { backToLesson, lessonCard, lessonHeading } from './lesson-card.js';
import { rememberUndo, undoButton } from './undo.js';

/** Two columns of eight rows: a class of 30 in two pages. */
const PAGE = 16;

/** present → н → б → п → оп → present (C3). */
const CYCLE: (AttendanceCode | null)[] = [null, 'n', 'b', 'p', 'op'];
export const nextCode = (code: AttendanceCode | null) => CYCLE[(CYCLE.indexOf(code) + 1) % CYCLE.length]!;
const codeIndex = (code: AttendanceCode | null) => CYCLE.indexOf(code);

/** `opened`: the teacher opened the roll call (or another page of it), a read of the class (G4); not a redraw. */
export async function rollCallScreen(flow: Flow, lessonId: number, page: number, notice?: string, opened = false): Promise<Screen> {
  const sheet = await flow.core.teacherJournal.lesson(lessonId, flow.actor, opened ? 'rollCall' : undefined);
  return renderRollCall(flow.ctx.t, flow.ctx.language, sheet, page, await undoButton(flow, lessonId), notice);
}

export function renderRollCall(t: TFunction, language: Language, sheet: LessonSheetView, page: number, undo: InlineKeyboardButton | undefined, notice?: string): Screen {
  const { lesson, students, attendance } = sheet;
  const row = new Map(attendance.map((a) => [a.studentId, a]));
  // A class's buttons say four codes at most: each looked up once.
  const labels = new Map<AttendanceCode, string>();
  const label = (code: AttendanceCode) => labels.get(code) ?? labels.set(code, codeLabel(t, code)).get(code)!;
  const list = pagedKeyboard(students, {
    page, size: PAGE, perRow: 2,
    to: (p) => encodeJournal('r', { lessonId: lesson.id, page: p }),
    button: (s, shownPage) => {
      const a = row.get(s.id);
      return button(
        `${a ? `${label(a.code)} · ` : '✅ '}${studentShort(t, s)}`,
        encodeJournal('rs', { lessonId: lesson.id, studentId: s.id, version: a?.version ?? 0, code: codeIndex(a?.code ?? null), page: shownPage }),
      );
    },
  });
  const lines = [notice, lessonHeading(t, language, lesson), t('journal:rollCall.help')].filter(Boolean) as string[];
  if (students.length === 0) lines.push(t('journal:rollCall.noStudents'));
  const absent = attendance.filter((a) => a.code !== 'op').length;
  lines.push(t('journal:rollCall.summary', { present: students.length - absent, total: students.length }));
  const keyboard: InlineKeyboardButton[][] = [
    ...list.keyboard,
    [button(t('journal:rollCall.allPresent'), encodeJournal('ra', { lessonId: lesson.id })), button(t('journal:rollCall.done'), encodeJournal('rd', { lessonId: lesson.id }))],
  ];
  if (undo) keyboard.push([undo]);
  keyboard.push([backToLesson(t, lesson.id)]);
  return { text: lines.join('\n\n'), keyboard };
}

/**
 * One tap on a student: the code after the one on the button, if the cell is still as the teacher saw it
 * (the core compares the row's version, so a button that no longer shows the cell changes nothing).
 */
export async function cycleAttendance(flow: Flow, lessonId: number, studentId: number, version: number, shown: number, page: number): Promise<Screen> {
  if (shown < 0 || shown >= CYCLE.length) throw new NotFound('code');
  const previous = CYCLE[shown]!;
  const code = nextCode(previous);
  const { saved, sheet, told } = await flow.core.teacherJournal.setAttendance(lessonId, studentId, code, version, flow.actor);
  if (told) flow.known = { ...flow.known, lessonToldId: lessonId };
  const student = sheet.students.find((s) => s.id === studentId);
  await rememberUndo(flow, {
    kind: 'attendance', lessonId, studentId, code: previous, version: saved?.version ?? 0,
    label: `${student ? studentShort(flow.ctx.t, student) : ''} ${code ? codeLabel(flow.ctx.t, code) : '✅'}`.trim(),
  });
  return renderRollCall(flow.ctx.t, flow.ctx.language, sheet, page, await undoButton(flow, lessonId));
}

export async function allPresent(flow: Flow, lessonId: number): Promise<Screen> {
  return lessonCard(flow, await flow.core.teacherJournal.allPresent(lessonId, flow.actor), flow.ctx.t('journal:rollCall.savedAllPresent'));
}

export async function finishRollCall(flow: Flow, lessonId: number): Promise<Screen> {
  return lessonCard(flow, await flow.core.teacherJournal.finishRollCall(lessonId, flow.actor), flow.ctx.t('journal:rollCall.saved'));
}
