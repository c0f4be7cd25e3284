import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { ABSENCE_CODES } from '../../../core/journal/attendance.entity.js';
import { ruDate } from '../../../core/time/format.js';
import type { LessonSheet } from '../../../core/journal/journal-service.js';
import type { Lesson } from '../../../core/journal/lesson.entity.js';
import { shortName } from '../../../core/school/rules/names.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { dateArg, encodeJournal } from '../../callback-data/journal.js';
import type { Flow } from './flow.js';
import { codeLabel, dayLabel, studentShort } from './format.js';
import type { Screen } from './screen.js';
import { undoButton } from './undo.js';

/** «Алгебра — 7А, 1 группа» */
export function lessonTitle(lesson: Lesson): string {
  const a = lesson.assignment;
  return `${a.subject.name} — ${a.subgroup ? `${a.group.name}, ${a.subgroup.name}` : a.group.name}`;
}

/** «Алгебра — 7А · понедельник, 23 ноября, 2-й урок» */
export function lessonHeading(t: TFunction, language: Language, lesson: Lesson): string {
  return t('journal:lesson.heading', { title: lessonTitle(lesson), day: dayLabel(lesson.date, language), number: lesson.lessonNumber });
}

/** The lesson's card: its topic, roll call, marks and homework at a glance, and a button into each. */
export async function lessonScreen(flow: Flow, lessonId: number, notice?: string): Promise<Screen> {
  const sheet = await flow.core.journal.sheet(lessonId, flow.actor);
  const undo = await undoButton(flow, lessonId);
  return renderLesson(flow.ctx.t, flow.ctx.language, sheet, undo, notice);
}

export function renderLesson(t: TFunction, language: Language, sheet: LessonSheet, undo: InlineKeyboardButton | undefined, notice?: string): Screen {
  const { lesson, students, attendance, marks, homework } = sheet;
  const lines: string[] = [];
  if (notice) lines.push(notice);
  lines.push(lessonHeading(t, language, lesson));
  if (lesson.substituteTeacher) lines.push(t('journal:lesson.substitute', { teacher: shortName(lesson.substituteTeacher) }));
  lines.push(lesson.topic ? t('journal:lesson.topic', { topic: lesson.topic }) : t('journal:lesson.noTopic'));

  const byId = new Map(students.map((s) => [s.id, s]));
  const absent = attendance.filter((a) => ABSENCE_CODES.includes(a.code));
  const late = attendance.filter((a) => a.code === 'op');
  const who = (rows: typeof attendance) =>
    rows.map((a) => { const s = byId.get(a.student.id); return s ? `${studentShort(s)} (${codeLabel(t, a.code)})` : codeLabel(t, a.code); }).join(', ');
  if (!lesson.attendanceTakenAt && attendance.length === 0) lines.push(t('journal:lesson.noRollCall'));
  else if (absent.length === 0 && late.length === 0) lines.push(t('journal:lesson.allPresent'));
  else {
    const parts = [];
    if (absent.length) parts.push(t('journal:lesson.absent', { count: absent.length, total: students.length, who: who(absent) }));
    if (late.length) parts.push(t('journal:lesson.late', { who: who(late) }));
    if (!lesson.attendanceTakenAt) parts.push(t('journal:lesson.rollCallOpen'));
    lines.push(parts.join('\n'));
  }
  const marked = new Set(marks.map((m) => m.student.id)).size;
  lines.push(marks.length ? t('journal:lesson.marks', { count: marks.length, students: t('journal:lesson.students', { count: marked }) }) : t('journal:lesson.noMarks'));

  const general = homework.find((h) => !h.student);
  const individual = homework.filter((h) => h.student).length;
  if (!general) lines.push(t('journal:lesson.noHomework'));
  else if (general.none) lines.push(t('journal:lesson.homeworkNone'));
  else lines.push(t('journal:lesson.homework', { text: general.text, due: general.dueDate ? t('journal:lesson.due', { date: ruDate(general.dueDate) }) : '' }));
  if (individual) lines.push(t('journal:lesson.individual', { count: individual }));

  const id = lesson.id;
  const keyboard: InlineKeyboardButton[][] = [
    [Markup.button.callback(t('journal:lesson.button.topic'), encodeJournal('t', { lessonId: id })), Markup.button.callback(t('journal:lesson.button.rollCall'), encodeJournal('r', { lessonId: id, page: 0 }))],
    [Markup.button.callback(t('journal:lesson.button.marks'), encodeJournal('m', { lessonId: id, page: 0 })), Markup.button.callback(t('journal:lesson.button.homework'), encodeJournal('h', { lessonId: id }))],
  ];
  if (undo) keyboard.push([undo]);
  keyboard.push([Markup.button.callback(t('journal:lesson.button.day'), encodeJournal('d', { date: dateArg(lesson.date) }))]);
  return { text: lines.join('\n\n'), keyboard };
}

/** ← back to the lesson card. */
export const backToLesson = (t: TFunction, lessonId: number) => Markup.button.callback(t('journal:lesson.button.back'), encodeJournal('l', { lessonId }));
