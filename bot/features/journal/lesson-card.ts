import type { InlineKeyboardButton } from 'telegraf/types';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { ABSENCE_CODES } from '../../../core/journal/attendance-codes.js';
import { ruDate } from '../../../core/time/format.js';
import type { LessonSheetView, LessonView } from '../../../core/journal/journal-views.js';
import { dateArg, encodeJournal } from '../../callback-data/journal.js';
import { button } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { assignmentTitle, codeLabel, dayLabel, studentShort } from './format.js';
import { undoButton } from './undo.js';

/** «Алгебра — 7А · понедельник, 23 ноября, 2-й урок» */
export function lessonHeading(t: TFunction, language: Language, lesson: LessonView): string {
  return t('journal:lesson.heading', { title: assignmentTitle(lesson.assignment), day: dayLabel(lesson.date, language), number: lesson.lessonNumber });
}

/** The lesson's card: its topic, roll call, marks and homework at a glance, and a button into each. `opened`: a read (G4). */
export async function lessonScreen(flow: Flow, lessonId: number, notice?: string, opened = false): Promise<Screen> {
  return lessonCard(flow, await flow.core.teacherJournal.lesson(lessonId, flow.actor, opened ? 'card' : undefined), notice);
}

/** The card of a lesson already read (after a change, which answers with the lesson). */
export async function lessonCard(flow: Flow, sheet: LessonSheetView, notice?: string): Promise<Screen> {
  return renderLesson(flow.ctx.t, flow.ctx.language, sheet, await undoButton(flow, sheet.lesson.id), notice);
}

export function renderLesson(t: TFunction, language: Language, sheet: LessonSheetView, undo: InlineKeyboardButton | undefined, notice?: string): Screen {
  const { lesson, students, attendance, marks, homework } = sheet;
  const lines: string[] = [];
  if (notice) lines.push(notice);
  lines.push(lessonHeading(t, language, lesson));
  if (lesson.substitute) lines.push(t('journal:lesson.substitute', { teacher: lesson.substitute }));
  lines.push(lesson.topic ? t('journal:lesson.topic', { topic: lesson.topic }) : t('journal:lesson.noTopic'));

  const byId = new Map(students.map((s) => [s.id, s]));
  const absent = attendance.filter((a) => ABSENCE_CODES.includes(a.code));
  const late = attendance.filter((a) => a.code === 'op');
  const who = (rows: typeof attendance) =>
    rows.map((a) => { const s = byId.get(a.studentId); return s ? `${studentShort(t, s)} (${codeLabel(t, a.code)})` : codeLabel(t, a.code); }).join(', ');
  if (!lesson.rollCallTaken && attendance.length === 0) lines.push(t('journal:lesson.noRollCall'));
  else if (absent.length === 0 && late.length === 0) lines.push(t('journal:lesson.allPresent'));
  else {
    const parts = [];
    if (absent.length) parts.push(t('journal:lesson.absent', { count: absent.length, total: students.length, who: who(absent) }));
    if (late.length) parts.push(t('journal:lesson.late', { who: who(late) }));
    if (!lesson.rollCallTaken) parts.push(t('journal:lesson.rollCallOpen'));
    lines.push(parts.join('\n'));
  }
  const marked = new Set(marks.map((m) => m.studentId)).size;
  lines.push(marks.length ? t('journal:lesson.marks', { count: marks.length, students: t('journal:lesson.students', { count: marked }) }) : t('journal:lesson.noMarks'));

  const general = homework.find((h) => h.studentId === null);
  const individual = homework.filter((h) => h.studentId !== null).length;
  if (!general) lines.push(t('journal:lesson.noHomework'));
  else if (general.none) lines.push(t('journal:lesson.homeworkNone'));
  else lines.push(t('journal:lesson.homework', { text: general.text, due: general.dueDate ? t('journal:lesson.due', { date: ruDate(general.dueDate) }) : '' }));
  if (individual) lines.push(t('journal:lesson.individual', { count: individual }));

  const id = lesson.id;
  const keyboard: InlineKeyboardButton[][] = [
    [button(t('journal:lesson.button.topic'), encodeJournal('t', { lessonId: id })), button(t('journal:lesson.button.rollCall'), encodeJournal('r', { lessonId: id, page: 0 }))],
    [button(t('journal:lesson.button.marks'), encodeJournal('m', { lessonId: id, page: 0 })), button(t('journal:lesson.button.homework'), encodeJournal('h', { lessonId: id }))],
  ];
  if (undo) keyboard.push([undo]);
  keyboard.push([button(t('journal:lesson.button.day'), encodeJournal('d', { date: dateArg(lesson.date) }))]);
  return { text: lines.join('\n\n'), keyboard };
}

/** ← back to the lesson card. */
export const backToLesson = (t: TFunction, lessonId: number) => button(t('journal:lesson.button.back'), encodeJournal('l', { lessonId }));
