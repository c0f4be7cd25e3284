import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { NotFound } from '../../../core/errors.js';
import type { AttendanceCode } from '../../../core/journal/attendance.entity.js';
import type { LessonSheet } from '../../../core/journal/journal-service.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { encodeJournal } from '../../callback-data/journal.js';
import type { Flow } from './flow.js';
import { codeLabel, studentShort } from './format.js';
import { backToLesson, lessonHeading, lessonScreen } from './lesson-card.js';
import { pageOf, pager, rows, type Screen } from './screen.js';
import { rememberUndo, undoButton } from './undo.js';

/** Two columns of eight rows: a class of 30 in two pages. */
const PAGE = 16;

/** present → н → б → п → оп → present (C3). */
const CYCLE: (AttendanceCode | null)[] = [null, 'n', 'b', 'p', 'op'];
export const nextCode = (code: AttendanceCode | null) => CYCLE[(CYCLE.indexOf(code) + 1) % CYCLE.length]!;
const codeIndex = (code: AttendanceCode | null) => CYCLE.indexOf(code);

export async function rollCallScreen(flow: Flow, lessonId: number, page: number, notice?: string): Promise<Screen> {
  const sheet = await flow.core.journal.sheet(lessonId, flow.actor);
  return renderRollCall(flow.ctx.t, flow.ctx.language, sheet, page, await undoButton(flow, lessonId), notice);
}

export function renderRollCall(t: TFunction, language: Language, sheet: LessonSheet, page: number, undo: InlineKeyboardButton | undefined, notice?: string): Screen {
  const { lesson, students, attendance } = sheet;
  const row = new Map(attendance.map((a) => [a.student.id, a]));
  const shown = pageOf(students, page, PAGE);
  const buttons = shown.items.map((s) => {
    const a = row.get(s.id);
    return Markup.button.callback(
      `${a ? `${codeLabel(t, a.code)} · ` : '✅ '}${studentShort(s)}`,
      encodeJournal('rs', { lessonId: lesson.id, studentId: s.id, version: a?.version ?? 0, code: codeIndex(a?.code ?? null), page: shown.page }),
    );
  });
  const lines = [notice, lessonHeading(t, language, lesson), t('journal:rollCall.help')].filter(Boolean) as string[];
  if (students.length === 0) lines.push(t('journal:rollCall.noStudents'));
  const absent = attendance.filter((a) => a.code !== 'op').length;
  lines.push(t('journal:rollCall.summary', { present: students.length - absent, total: students.length }));
  const keyboard: InlineKeyboardButton[][] = [
    ...rows(buttons, 2),
    ...pager(shown.page, shown.pages, (p) => encodeJournal('r', { lessonId: lesson.id, page: p })),
    [Markup.button.callback(t('journal:rollCall.allPresent'), encodeJournal('ra', { lessonId: lesson.id })), Markup.button.callback(t('journal:rollCall.done'), encodeJournal('rd', { lessonId: lesson.id }))],
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
  const saved = await flow.core.journal.setAttendance(lessonId, studentId, code, version, flow.actor);
  const sheet = await flow.core.journal.sheet(lessonId, flow.actor);
  const student = sheet.students.find((s) => s.id === studentId);
  await rememberUndo(flow, {
    kind: 'attendance', lessonId, studentId, code: previous, version: saved?.version ?? 0,
    label: `${student ? studentShort(student) : ''} ${code ? codeLabel(flow.ctx.t, code) : '✅'}`.trim(),
  });
  return renderRollCall(flow.ctx.t, flow.ctx.language, sheet, page, await undoButton(flow, lessonId));
}

export async function allPresent(flow: Flow, lessonId: number): Promise<Screen> {
  await flow.core.journal.allPresent(lessonId, flow.actor);
  return lessonScreen(flow, lessonId, flow.ctx.t('journal:rollCall.savedAllPresent'));
}

export async function finishRollCall(flow: Flow, lessonId: number): Promise<Screen> {
  await flow.core.journal.finishRollCall(lessonId, flow.actor);
  return lessonScreen(flow, lessonId, flow.ctx.t('journal:rollCall.saved'));
}
