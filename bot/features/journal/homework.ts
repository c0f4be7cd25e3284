import type { InlineKeyboardButton } from 'telegraf/types';
import { ruDate } from '../../../core/time/format.js';
import type { LessonSheetView } from '../../../core/journal/journal-views.js';
import { encodeJournal } from '../../callback-data/journal.js';
import { button, pagedKeyboard, rows } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { clip, studentFull, studentShort } from './format.js';
import { awaitInput } from './input.js';
import { backToLesson, lessonCard, lessonHeading } from './lesson-card.js';
import { sexContext } from '../../../core/people/sex-context.js';

const PAGE = 16;

/** Homework (C5): the group's, «без ДЗ», and individual homework for chosen students. `opened`: a read of those named (G4). */
export async function homeworkScreen(flow: Flow, lessonId: number, notice?: string, opened = false): Promise<Screen> {
  return renderHomework(flow, await flow.core.teacherJournal.lesson(lessonId, flow.actor, opened ? 'homeworkBook' : undefined), notice);
}

function renderHomework(flow: Flow, sheet: LessonSheetView, notice?: string): Screen {
  const { t, language } = flow.ctx;
  const { lesson, homework, students } = sheet;
  const lessonId = lesson.id;
  const lines = [notice, lessonHeading(t, language, lesson)].filter(Boolean) as string[];
  const general = homework.find((h) => h.studentId === null);
  const due = (date: string | null) => (date ? t('journal:lesson.due', { date: ruDate(date) }) : '');
  if (!general) lines.push(t('journal:lesson.noHomework'));
  else if (general.none) lines.push(t('journal:lesson.homeworkNone'));
  else lines.push(t('journal:lesson.homework', { text: general.text, due: due(general.dueDate) }));
  const byId = new Map(students.map((s) => [s.id, s]));
  const individual = homework.filter((h) => h.studentId !== null);
  for (const h of individual) {
    const s = byId.get(h.studentId!);
    lines.push(t('journal:homework.individual', { name: s ? studentFull(t, s) : '', text: h.text, due: due(h.dueDate) }));
  }
  const keyboard: InlineKeyboardButton[][] = [
    [button(t(general && !general.none ? 'journal:homework.rewrite' : 'journal:homework.write'), encodeJournal('ht', { lessonId, studentId: 0 }))],
    [button(t('journal:homework.none'), encodeJournal('hn', { lessonId })), button(t('journal:homework.forStudents'), encodeJournal('hs', { lessonId, page: 0 }))],
  ];
  const removable = [...(general ? [general] : []), ...individual];
  keyboard.push(...rows(removable.map((h) => {
    const s = h.studentId !== null ? byId.get(h.studentId) : undefined;
    return button(t('journal:homework.remove', { what: s ? studentShort(t, s) : clip(h.text ?? t('journal:homework.noneShort'), 20) }), encodeJournal('hr', { homeworkId: h.id }));
  }), 2));
  keyboard.push([backToLesson(t, lessonId)]);
  return { text: lines.join('\n\n'), keyboard };
}

/** The students to give individual homework to, a page at a time. */
export async function homeworkStudentsScreen(flow: Flow, lessonId: number, page: number): Promise<Screen> {
  const { t } = flow.ctx;
  const { students, homework } = await flow.core.teacherJournal.lesson(lessonId, flow.actor, 'homework');
  const has = new Set(homework.map((h) => h.studentId).filter((id) => id !== null));
  const list = pagedKeyboard(students, {
    page, size: PAGE, perRow: 2,
    to: (p) => encodeJournal('hs', { lessonId, page: p }),
    button: (s) => button(`${has.has(s.id) ? '📌 ' : ''}${studentShort(t, s)}`, encodeJournal('ht', { lessonId, studentId: s.id })),
  });
  const keyboard = [...list.keyboard, [button(t('journal:lesson.button.back'), encodeJournal('h', { lessonId }))]];
  return { text: t('journal:homework.pickStudent'), keyboard };
}

export async function askHomework(flow: Flow, lessonId: number, studentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  // The prompt names the student: a read of it (G4); the class's own homework names nobody.
  const sheet = await flow.core.teacherJournal.lesson(lessonId, flow.actor, studentId ? { student: studentId, screen: 'homeworkFor' } : undefined);
  const student = studentId ? sheet.students.find((s) => s.id === studentId) : undefined;
  if (studentId && !student) return renderHomework(flow, sheet, t('errors:journal.notInGroup'));
  await awaitInput(flow, { kind: 'homework', lessonId, studentId: student?.id ?? null });
  const text = student ? t('journal:homework.promptStudent', { name: studentFull(t, student), context: sexContext(student) }) : t('journal:homework.prompt');
  return { text, keyboard: [[button(t('journal:input.cancel'), encodeJournal('x', { lessonId }))]] };
}

export async function saveHomework(flow: Flow, lessonId: number, studentId: number | null, text: string): Promise<Screen> {
  return renderHomework(flow, await flow.core.teacherJournal.setHomework(lessonId, { text, studentId }, flow.actor), flow.ctx.t('journal:homework.saved'));
}

export async function noHomework(flow: Flow, lessonId: number): Promise<Screen> {
  return lessonCard(flow, await flow.core.teacherJournal.setHomework(lessonId, { none: true }, flow.actor), flow.ctx.t('journal:homework.savedNone'));
}

export async function removeHomework(flow: Flow, homeworkId: number): Promise<Screen> {
  return renderHomework(flow, await flow.core.teacherJournal.removeHomework(homeworkId, flow.actor), flow.ctx.t('journal:homework.removed'));
}
