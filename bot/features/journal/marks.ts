import type { InlineKeyboardButton } from 'telegraf/types';
import type { TFunction } from '../../../core/i18n/i18n.js';
import { ABSENCE_CODES } from '../../../core/journal/attendance-codes.js';
import type { LessonSheetView, MarkView } from '../../../core/journal/journal-views.js';
import { encodeJournal } from '../../callback-data/journal.js';
import { button, pagedKeyboard, rows } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { codeLabel, markLabel, studentFull, studentShort } from './format.js';
import { awaitInput } from './input.js';
import { backToLesson, lessonHeading } from './lesson-card.js';
import { rememberUndo, undoButton } from './undo.js';
import { sexContext } from '../../../core/people/sex-context.js';

const PAGE = 16;
const VALUES = [5, 4, 3, 2];

/** The lesson's marks by student (C4): pick a student, or walk the list in order. */
export async function marksScreen(flow: Flow, lessonId: number, page: number, notice?: string, loaded?: LessonSheetView, opened = false): Promise<Screen> {
  const { t, language } = flow.ctx;
  const sheet = loaded ?? await flow.core.teacherJournal.lesson(lessonId, flow.actor, opened ? 'marks' : undefined);
  const { lesson, students, marks } = sheet;
  const workTypeId = sheet.defaultWorkTypeId ?? 0;
  const list = pagedKeyboard(students, {
    page, size: PAGE, perRow: 2,
    to: (p) => encodeJournal('m', { lessonId, page: p }),
    button: (s) => {
      const own = marks.filter((m) => m.studentId === s.id).map(markLabel).join(' ');
      return button(`${studentShort(flow.ctx.t, s)}${own ? ` · ${own}` : ''}`, encodeJournal('ms', { lessonId, studentId: s.id, workTypeId }));
    },
  });
  const first = students.find((s) => !marks.some((m) => m.studentId === s.id)) ?? students[0];
  const lines = [notice, lessonHeading(t, language, lesson), t('journal:marks.help', { workType: workTypeName(sheet, workTypeId) })].filter(Boolean) as string[];
  if (!workTypeId) lines.push(t('journal:marks.noWorkTypes'));
  const keyboard: InlineKeyboardButton[][] = [];
  if (first && workTypeId) keyboard.push([button(t('journal:marks.inOrder'), encodeJournal('ms', { lessonId, studentId: first.id, workTypeId }))]);
  keyboard.push(...list.keyboard);
  const undo = await undoButton(flow, lessonId);
  if (undo) keyboard.push([undo]);
  keyboard.push([backToLesson(t, lessonId)]);
  return { text: lines.join('\n\n'), keyboard };
}

/** One student: the marks already given in the lesson and a keyboard for the next one. `opened`: a read of the student (G4). */
export async function studentScreen(flow: Flow, lessonId: number, studentId: number, workTypeId: number, notice?: string, loaded?: LessonSheetView, opened = false): Promise<Screen> {
  const { t } = flow.ctx;
  const sheet = loaded ?? await flow.core.teacherJournal.lesson(lessonId, flow.actor, opened ? { student: studentId, screen: 'student' } : undefined);
  const index = sheet.students.findIndex((s) => s.id === studentId);
  const student = sheet.students[index];
  if (!student) return marksScreen(flow, lessonId, 0, t('errors:journal.notInGroup'), sheet);
  const { subject, group } = sheet.lesson.assignment;
  const lines = [notice, `${studentFull(t, student)} · ${subject.name}, ${group.name}`].filter(Boolean) as string[];
  const absence = sheet.attendance.find((a) => a.studentId === studentId && ABSENCE_CODES.includes(a.code));
  if (absence) lines.push(t('journal:marks.absent', { code: codeLabel(t, absence.code), context: sexContext(student) }));
  const own = sheet.marks.filter((m) => m.studentId === studentId);
  if (own.length) lines.push(t('journal:marks.given', { marks: own.map((m) => describeMark(t, sheet, m)).join('; ') }));
  lines.push(t('journal:marks.workType', { workType: workTypeName(sheet, workTypeId) }));

  // A second press of the same button finds the mark the first gave (repeated-mark.ts) and gives none.
  const give = (value: number, second = 0) => encodeJournal('mg', { lessonId, studentId, workTypeId, value, second, seen: own.length });
  const keyboard: InlineKeyboardButton[][] = [VALUES.map((v) => button(String(v), give(v)))];
  if (subject.doubleMarksAllowed) {
    keyboard.push([button(t('journal:marks.double'), encodeJournal('md', { lessonId, studentId, workTypeId }))]);
  }
  keyboard.push(...rows(own.map((m) => button(t('journal:marks.edit', { mark: markLabel(m) }), encodeJournal('me', { markId: m.id }))), 3));
  keyboard.push([button(t('journal:marks.chooseWorkType'), encodeJournal('mt', { lessonId, studentId }))]);
  const next = sheet.students[index + 1];
  const nav = [button(t('journal:marks.list'), encodeJournal('m', { lessonId, page: Math.floor(index / PAGE) }))];
  if (next) nav.push(button(t('journal:marks.next', { name: studentShort(t, next) }), encodeJournal('ms', { lessonId, studentId: next.id, workTypeId })));
  keyboard.push(nav);
  const undo = await undoButton(flow, lessonId);
  if (undo) keyboard.push([undo]);
  return { text: lines.join('\n\n'), keyboard };
}

/** 5/4, 4/3…: both marks of a double mark, where the subject allows them, for a student of the lesson the teacher may see. */
export async function doubleScreen(flow: Flow, lessonId: number, studentId: number, workTypeId: number): Promise<Screen> {
  const { t } = flow.ctx;
  // The sheet is the rights check: a lesson the actor may not see is refused before any keyboard is drawn.
  const sheet = await flow.core.teacherJournal.lesson(lessonId, flow.actor);
  if (!sheet.students.some((s) => s.id === studentId)) return marksScreen(flow, lessonId, 0, t('errors:journal.notInGroup'), sheet);
  if (!sheet.lesson.assignment.subject.doubleMarksAllowed) return studentScreen(flow, lessonId, studentId, workTypeId, undefined, sheet);
  const seen = sheet.marks.filter((m) => m.studentId === studentId).length;
  const keyboard: InlineKeyboardButton[][] = VALUES.map((first) =>
    VALUES.map((second) => button(`${first}/${second}`, encodeJournal('mg', { lessonId, studentId, workTypeId, value: first, second, seen }))),
  );
  keyboard.push([button(t('journal:lesson.button.back'), encodeJournal('ms', { lessonId, studentId, workTypeId }))]);
  return { text: t('journal:marks.doubleHelp'), keyboard };
}

export async function workTypeScreen(flow: Flow, lessonId: number, studentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const sheet = await flow.core.teacherJournal.lesson(lessonId, flow.actor);
  const keyboard: InlineKeyboardButton[][] = sheet.workTypes.map((w) => [
    button(`${w.name} (×${w.weight})`, encodeJournal('ms', { lessonId, studentId, workTypeId: w.id })),
  ]);
  keyboard.push([backToLesson(t, lessonId)]);
  return { text: t('journal:marks.pickWorkType'), keyboard };
}

/**
 * Gives the mark and moves on to the next student, as a teacher walks the list. An absent student's mark
 * becomes a make-up mark in the core (C4); the core answers with the lesson as it is after the write.
 */
export async function giveMark(flow: Flow, lessonId: number, studentId: number, workTypeId: number, value: number, second: number, seen: number): Promise<Screen> {
  const { t } = flow.ctx;
  const { mark, sheet, told } = await flow.core.teacherJournal.giveMark(lessonId, studentId, value, { second: second || null, workTypeId, seen }, flow.actor);
  if (told) flow.known = { ...flow.known, lessonToldId: lessonId };
  const index = sheet.students.findIndex((s) => s.id === studentId);
  const student = sheet.students[index];
  const label = `${student ? studentShort(flow.ctx.t, student) : ''} ${markLabel(mark)}`.trim();
  await rememberUndo(flow, { kind: 'markGiven', lessonId, markId: mark.id, version: mark.version, label });
  const notice = t('journal:marks.saved', { what: label });
  const next = sheet.students[index + 1];
  const screen = next
    ? await studentScreen(flow, lessonId, next.id, workTypeId, notice, sheet)
    : await marksScreen(flow, lessonId, 0, `${notice}\n${t('journal:marks.endOfList')}`, sheet);
  screen.keyboard.unshift([button(t('journal:marks.comment', { mark: markLabel(mark) }), encodeJournal('mc', { markId: mark.id }))]);
  return screen;
}

/** A mark given earlier: change, remove or comment. `opened`: a read of its student (G4). */
export async function markScreen(flow: Flow, markId: number, notice?: string, opened = false): Promise<Screen> {
  return renderMark(flow, await flow.core.teacherJournal.mark(markId, flow.actor, opened), notice);
}

function renderMark(flow: Flow, { mark, sheet }: { mark: MarkView; sheet: LessonSheetView }, notice?: string): Screen {
  const { t } = flow.ctx;
  const student = sheet.students.find((s) => s.id === mark.studentId);
  const lines = [notice, t('journal:marks.markTitle', { student: student ? studentFull(t, student) : '', mark: describeMark(t, sheet, mark) })].filter(Boolean) as string[];
  if (mark.comment) lines.push(t('journal:marks.commentShown', { comment: mark.comment }));
  const markId = mark.id;
  const keyboard: InlineKeyboardButton[][] = [
    VALUES.map((v) => button(v === mark.value && !mark.second ? `· ${v} ·` : String(v), encodeJournal('mx', { markId, version: mark.version, value: v }))),
    [button(t('journal:marks.remove'), encodeJournal('mr', { markId, version: mark.version })), button(t('journal:marks.comment', { mark: markLabel(mark) }), encodeJournal('mc', { markId }))],
    [button(t('journal:lesson.button.back'), encodeJournal('ms', { lessonId: sheet.lesson.id, studentId: mark.studentId, workTypeId: mark.workTypeId }))],
  ];
  return { text: lines.join('\n\n'), keyboard };
}

export async function changeMark(flow: Flow, markId: number, version: number, value: number): Promise<Screen> {
  const { before, mark, sheet } = await flow.core.teacherJournal.changeMark(markId, { value, second: null }, version, flow.actor);
  const student = sheet.students.find((s) => s.id === before.studentId);
  const label = `${student ? studentShort(flow.ctx.t, student) : ''} ${markLabel(before)} → ${markLabel(mark)}`.trim();
  await rememberUndo(flow, { kind: 'markChanged', lessonId: sheet.lesson.id, markId, version: mark.version, value: before.value, second: before.second, label });
  return studentScreen(flow, sheet.lesson.id, before.studentId, before.workTypeId, flow.ctx.t('journal:marks.saved', { what: label }), sheet);
}

export async function removeMark(flow: Flow, markId: number, version: number): Promise<Screen> {
  const { removed: mark, sheet } = await flow.core.teacherJournal.removeMark(markId, version, flow.actor);
  const student = sheet.students.find((s) => s.id === mark.studentId);
  const label = `${student ? studentShort(flow.ctx.t, student) : ''} ${markLabel(mark)} ✗`.trim();
  await rememberUndo(flow, {
    kind: 'markRemoved', lessonId: sheet.lesson.id, studentId: mark.studentId, value: mark.value, second: mark.second,
    workTypeId: mark.workTypeId, comment: mark.comment, makeUp: mark.makeUp, label,
  });
  return studentScreen(flow, sheet.lesson.id, mark.studentId, mark.workTypeId, flow.ctx.t('journal:marks.removed', { what: label }), sheet);
}

export async function askComment(flow: Flow, markId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const { mark, sheet } = await flow.core.teacherJournal.mark(markId, flow.actor);
  await awaitInput(flow, { kind: 'comment', lessonId: sheet.lesson.id, markId: mark.id });
  return { text: t('journal:marks.commentPrompt', { mark: markLabel(mark) }), keyboard: [[button(t('journal:input.cancel'), encodeJournal('x', { lessonId: sheet.lesson.id }))]] };
}

export async function saveComment(flow: Flow, markId: number, text: string): Promise<Screen> {
  return renderMark(flow, await flow.core.teacherJournal.commentMark(markId, text, flow.actor), flow.ctx.t('journal:marks.commentSaved'));
}

function workTypeName(sheet: LessonSheetView, workTypeId: number): string {
  return sheet.workTypes.find((w) => w.id === workTypeId)?.name ?? '—';
}

/** «5/4 (Диктант, отработка)» */
function describeMark(t: TFunction, sheet: LessonSheetView, mark: MarkView): string {
  const details = [workTypeName(sheet, mark.workTypeId), mark.makeUp ? t('journal:marks.makeUp') : null].filter(Boolean).join(', ');
  return `${markLabel(mark)} (${details})`;
}
