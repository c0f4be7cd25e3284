import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { NotFound } from '../../../core/errors.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import { ABSENCE_CODES } from '../../../core/journal/attendance.entity.js';
import type { LessonSheet } from '../../../core/journal/journal-service.js';
import type { Mark } from '../../../core/journal/mark.entity.js';
import { encodeJournal } from '../../callback-data/journal.js';
import type { Flow } from './flow.js';
import { codeLabel, markLabel, studentFull, studentShort } from './format.js';
import { awaitInput } from './input.js';
import { backToLesson, lessonHeading } from './lesson-card.js';
import { pageOf, pager, rows, type Screen } from './screen.js';
import { rememberUndo, undoButton } from './undo.js';

const PAGE = 16;
const VALUES = [5, 4, 3, 2];

/** The lesson's marks by student (C4): pick a student, or walk the list in order. */
export async function marksScreen(flow: Flow, lessonId: number, page: number, notice?: string, loaded?: LessonSheet): Promise<Screen> {
  const { t, language } = flow.ctx;
  const sheet = loaded ?? await flow.core.journal.sheet(lessonId, flow.actor);
  const { lesson, students, marks } = sheet;
  const workTypeId = sheet.defaultWorkTypeId ?? 0;
  const shown = pageOf(students, page, PAGE);
  const buttons = shown.items.map((s) => {
    const own = marks.filter((m) => m.student.id === s.id).map(markLabel).join(' ');
    return Markup.button.callback(`${studentShort(s)}${own ? ` · ${own}` : ''}`, encodeJournal('ms', { lessonId, studentId: s.id, workTypeId }));
  });
  const first = students.find((s) => !marks.some((m) => m.student.id === s.id)) ?? students[0];
  const lines = [notice, lessonHeading(t, language, lesson), t('journal:marks.help', { workType: workTypeName(sheet, workTypeId) })].filter(Boolean) as string[];
  if (!workTypeId) lines.push(t('journal:marks.noWorkTypes'));
  const keyboard: InlineKeyboardButton[][] = [];
  if (first && workTypeId) keyboard.push([Markup.button.callback(t('journal:marks.inOrder'), encodeJournal('ms', { lessonId, studentId: first.id, workTypeId }))]);
  keyboard.push(...rows(buttons, 2), ...pager(shown.page, shown.pages, (p) => encodeJournal('m', { lessonId, page: p })));
  const undo = await undoButton(flow, lessonId);
  if (undo) keyboard.push([undo]);
  keyboard.push([backToLesson(t, lessonId)]);
  return { text: lines.join('\n\n'), keyboard };
}

/** One student: the marks already given in the lesson and a keyboard for the next one. */
export async function studentScreen(flow: Flow, lessonId: number, studentId: number, workTypeId: number, notice?: string, loaded?: LessonSheet): Promise<Screen> {
  const { t } = flow.ctx;
  const sheet = loaded ?? await flow.core.journal.sheet(lessonId, flow.actor);
  const index = sheet.students.findIndex((s) => s.id === studentId);
  const student = sheet.students[index];
  if (!student) return marksScreen(flow, lessonId, 0, t('errors:journal.notInGroup'));
  const lines = [notice, `${studentFull(student)} · ${sheet.lesson.assignment.subject.name}, ${sheet.lesson.assignment.group.name}`].filter(Boolean) as string[];
  const absence = sheet.attendance.find((a) => a.student.id === studentId && ABSENCE_CODES.includes(a.code));
  if (absence) lines.push(t('journal:marks.absent', { code: codeLabel(t, absence.code) }));
  const own = sheet.marks.filter((m) => m.student.id === studentId);
  if (own.length) lines.push(t('journal:marks.given', { marks: own.map((m) => describeMark(t, sheet, m)).join('; ') }));
  lines.push(t('journal:marks.workType', { workType: workTypeName(sheet, workTypeId) }));

  const give = (value: number, second = 0) => encodeJournal('mg', { lessonId, studentId, workTypeId, value, second });
  const keyboard: InlineKeyboardButton[][] = [VALUES.map((v) => Markup.button.callback(String(v), give(v)))];
  if (sheet.lesson.assignment.subject.doubleMarksAllowed) {
    keyboard.push([Markup.button.callback(t('journal:marks.double'), encodeJournal('md', { lessonId, studentId, workTypeId }))]);
  }
  keyboard.push(...rows(own.map((m) => Markup.button.callback(t('journal:marks.edit', { mark: markLabel(m) }), encodeJournal('me', { markId: m.id }))), 3));
  keyboard.push([Markup.button.callback(t('journal:marks.chooseWorkType'), encodeJournal('mt', { lessonId, studentId }))]);
  const next = sheet.students[index + 1];
  const nav = [Markup.button.callback(t('journal:marks.list'), encodeJournal('m', { lessonId, page: Math.floor(index / PAGE) }))];
  if (next) nav.push(Markup.button.callback(t('journal:marks.next', { name: studentShort(next) }), encodeJournal('ms', { lessonId, studentId: next.id, workTypeId })));
  keyboard.push(nav);
  const undo = await undoButton(flow, lessonId);
  if (undo) keyboard.push([undo]);
  return { text: lines.join('\n\n'), keyboard };
}

/** 5/4, 4/3…: both marks of a double mark, where the subject allows them. */
export async function doubleScreen(flow: Flow, lessonId: number, studentId: number, workTypeId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const keyboard: InlineKeyboardButton[][] = VALUES.map((first) =>
    VALUES.map((second) => Markup.button.callback(`${first}/${second}`, encodeJournal('mg', { lessonId, studentId, workTypeId, value: first, second }))),
  );
  keyboard.push([Markup.button.callback(t('journal:lesson.button.back'), encodeJournal('ms', { lessonId, studentId, workTypeId }))]);
  return { text: t('journal:marks.doubleHelp'), keyboard };
}

export async function workTypeScreen(flow: Flow, lessonId: number, studentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const sheet = await flow.core.journal.sheet(lessonId, flow.actor);
  const keyboard: InlineKeyboardButton[][] = sheet.workTypes.map((w) => [
    Markup.button.callback(`${w.name} (×${w.weight})`, encodeJournal('ms', { lessonId, studentId, workTypeId: w.id })),
  ]);
  keyboard.push([backToLesson(t, lessonId)]);
  return { text: t('journal:marks.pickWorkType'), keyboard };
}

/**
 * Gives the mark and moves on to the next student, as a teacher walks the list. An absent student's mark
 * becomes a make-up mark in the core (C4); the lesson is read once, after the write.
 */
export async function giveMark(flow: Flow, lessonId: number, studentId: number, workTypeId: number, value: number, second: number): Promise<Screen> {
  const { t } = flow.ctx;
  const mark = await flow.core.journal.giveMark(lessonId, studentId, value, { second: second || null, workTypeId }, flow.actor);
  const sheet = await flow.core.journal.sheet(lessonId, flow.actor);
  const index = sheet.students.findIndex((s) => s.id === studentId);
  const student = sheet.students[index];
  const label = `${student ? studentShort(student) : ''} ${markLabel(mark)}`.trim();
  await rememberUndo(flow, { kind: 'markGiven', lessonId, markId: mark.id, version: mark.version, label });
  const notice = t('journal:marks.saved', { what: label });
  const next = sheet.students[index + 1];
  const screen = next
    ? await studentScreen(flow, lessonId, next.id, workTypeId, notice, sheet)
    : await marksScreen(flow, lessonId, 0, `${notice}\n${t('journal:marks.endOfList')}`, sheet);
  screen.keyboard.unshift([Markup.button.callback(t('journal:marks.comment', { mark: markLabel(mark) }), encodeJournal('mc', { markId: mark.id }))]);
  return screen;
}

/** A mark given earlier: change, remove or comment. */
export async function markScreen(flow: Flow, markId: number, notice?: string): Promise<Screen> {
  const { t } = flow.ctx;
  const { mark, sheet } = await markWithSheet(flow, markId);
  const student = sheet.students.find((s) => s.id === mark.student.id);
  const lines = [notice, t('journal:marks.markTitle', { student: student ? studentFull(student) : '', mark: describeMark(t, sheet, mark) })].filter(Boolean) as string[];
  if (mark.comment) lines.push(t('journal:marks.commentShown', { comment: mark.comment }));
  const keyboard: InlineKeyboardButton[][] = [
    VALUES.map((v) => Markup.button.callback(v === mark.value && !mark.second ? `· ${v} ·` : String(v), encodeJournal('mx', { markId, version: mark.version, value: v }))),
    [Markup.button.callback(t('journal:marks.remove'), encodeJournal('mr', { markId, version: mark.version })), Markup.button.callback(t('journal:marks.comment', { mark: markLabel(mark) }), encodeJournal('mc', { markId }))],
    [Markup.button.callback(t('journal:lesson.button.back'), encodeJournal('ms', { lessonId: sheet.lesson.id, studentId: mark.student.id, workTypeId: mark.workType.id }))],
  ];
  return { text: lines.join('\n\n'), keyboard };
}

export async function changeMark(flow: Flow, markId: number, version: number, value: number): Promise<Screen> {
  const { mark: before, sheet } = await markWithSheet(flow, markId);
  const student = sheet.students.find((s) => s.id === before.student.id);
  const old = { value: before.value, second: before.second ?? null };
  const mark = await flow.core.journal.changeMark(markId, { value, second: null }, version, flow.actor);
  const label = `${student ? studentShort(student) : ''} ${markLabel(old)} → ${markLabel(mark)}`.trim();
  await rememberUndo(flow, { kind: 'markChanged', lessonId: sheet.lesson.id, markId, version: mark.version, ...old, label });
  return studentScreen(flow, sheet.lesson.id, before.student.id, before.workType.id, flow.ctx.t('journal:marks.saved', { what: label }));
}

export async function removeMark(flow: Flow, markId: number, version: number): Promise<Screen> {
  const { mark, sheet } = await markWithSheet(flow, markId);
  const student = sheet.students.find((s) => s.id === mark.student.id);
  await flow.core.journal.removeMark(markId, version, flow.actor);
  const label = `${student ? studentShort(student) : ''} ${markLabel(mark)} ✗`.trim();
  await rememberUndo(flow, {
    kind: 'markRemoved', lessonId: sheet.lesson.id, studentId: mark.student.id, value: mark.value, second: mark.second ?? null,
    workTypeId: mark.workType.id, comment: mark.comment ?? null, makeUp: mark.makeUp, label,
  });
  return studentScreen(flow, sheet.lesson.id, mark.student.id, mark.workType.id, flow.ctx.t('journal:marks.removed', { what: label }));
}

export async function askComment(flow: Flow, markId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const { mark, sheet } = await markWithSheet(flow, markId);
  await awaitInput(flow, { kind: 'comment', lessonId: sheet.lesson.id, markId: mark.id });
  return { text: t('journal:marks.commentPrompt', { mark: markLabel(mark) }), keyboard: [[Markup.button.callback(t('journal:input.cancel'), encodeJournal('x', { lessonId: sheet.lesson.id }))]] };
}

export async function saveComment(flow: Flow, markId: number, text: string): Promise<Screen> {
  const { mark } = await markWithSheet(flow, markId);
  await flow.core.journal.changeMark(markId, { comment: text }, mark.version, flow.actor);
  return markScreen(flow, markId, flow.ctx.t('journal:marks.commentSaved'));
}

/** The mark, found in the sheet of its lesson: the sheet checks that the actor may see that lesson. */
async function markWithSheet(flow: Flow, markId: number): Promise<{ mark: Mark; sheet: LessonSheet }> {
  const lessonId = await flow.core.journal.lessonOfMark(markId, flow.actor);
  const sheet = await flow.core.journal.sheet(lessonId, flow.actor);
  const mark = sheet.marks.find((m) => m.id === markId);
  if (!mark) throw new NotFound('Mark');
  return { mark, sheet };
}

function workTypeName(sheet: LessonSheet, workTypeId: number): string {
  return sheet.workTypes.find((w) => w.id === workTypeId)?.name ?? '—';
}

/** «5/4 (Диктант, отработка)» */
function describeMark(t: TFunction, sheet: LessonSheet, mark: Mark): string {
  const details = [workTypeName(sheet, mark.workType.id), mark.makeUp ? t('journal:marks.makeUp') : null].filter(Boolean).join(', ');
  return `${markLabel(mark)} (${details})`;
}
