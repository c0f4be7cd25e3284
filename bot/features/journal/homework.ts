import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { ruDate } from '../../../core/time/format.js';
import { encodeJournal } from '../../callback-data/journal.js';
import type { Flow } from './flow.js';
import { clip, studentFull, studentShort } from './format.js';
import { awaitInput } from './input.js';
import { backToLesson, lessonHeading, lessonScreen } from './lesson-card.js';
import { pageOf, pager, rows, type Screen } from './screen.js';

const PAGE = 16;

/** Homework (C5): the group's, «без ДЗ», and individual homework for chosen students. */
export async function homeworkScreen(flow: Flow, lessonId: number, notice?: string): Promise<Screen> {
  const { t, language } = flow.ctx;
  const { lesson, homework, students } = await flow.core.journal.sheet(lessonId, flow.actor);
  const lines = [notice, lessonHeading(t, language, lesson)].filter(Boolean) as string[];
  const general = homework.find((h) => !h.student);
  const due = (date: string | null | undefined) => (date ? t('journal:lesson.due', { date: ruDate(date) }) : '');
  if (!general) lines.push(t('journal:lesson.noHomework'));
  else if (general.none) lines.push(t('journal:lesson.homeworkNone'));
  else lines.push(t('journal:lesson.homework', { text: general.text, due: due(general.dueDate) }));
  const byId = new Map(students.map((s) => [s.id, s]));
  const individual = homework.filter((h) => h.student);
  for (const h of individual) {
    const s = byId.get(h.student!.id);
    lines.push(t('journal:homework.individual', { name: s ? studentFull(s) : '', text: h.text, due: due(h.dueDate) }));
  }
  const keyboard: InlineKeyboardButton[][] = [
    [Markup.button.callback(t(general && !general.none ? 'journal:homework.rewrite' : 'journal:homework.write'), encodeJournal('ht', { lessonId, studentId: 0 }))],
    [Markup.button.callback(t('journal:homework.none'), encodeJournal('hn', { lessonId })), Markup.button.callback(t('journal:homework.forStudents'), encodeJournal('hs', { lessonId, page: 0 }))],
  ];
  const removable = [...(general ? [general] : []), ...individual];
  keyboard.push(...rows(removable.map((h) => {
    const s = h.student ? byId.get(h.student.id) : undefined;
    return Markup.button.callback(t('journal:homework.remove', { what: s ? studentShort(s) : clip(h.text ?? t('journal:homework.noneShort'), 20) }), encodeJournal('hr', { homeworkId: h.id }));
  }), 2));
  keyboard.push([backToLesson(t, lessonId)]);
  return { text: lines.join('\n\n'), keyboard };
}

/** The students to give individual homework to, a page at a time. */
export async function homeworkStudentsScreen(flow: Flow, lessonId: number, page: number): Promise<Screen> {
  const { t } = flow.ctx;
  const { students, homework } = await flow.core.journal.sheet(lessonId, flow.actor);
  const has = new Set(homework.filter((h) => h.student).map((h) => h.student!.id));
  const shown = pageOf(students, page, PAGE);
  const keyboard = [
    ...rows(shown.items.map((s) => Markup.button.callback(`${has.has(s.id) ? '📌 ' : ''}${studentShort(s)}`, encodeJournal('ht', { lessonId, studentId: s.id }))), 2),
    ...pager(shown.page, shown.pages, (p) => encodeJournal('hs', { lessonId, page: p })),
    [Markup.button.callback(t('journal:lesson.button.back'), encodeJournal('h', { lessonId }))],
  ];
  return { text: t('journal:homework.pickStudent'), keyboard };
}

export async function askHomework(flow: Flow, lessonId: number, studentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const { students } = await flow.core.journal.sheet(lessonId, flow.actor);
  const student = studentId ? students.find((s) => s.id === studentId) : undefined;
  if (studentId && !student) return homeworkScreen(flow, lessonId, t('errors:journal.notInGroup'));
  await awaitInput(flow, { kind: 'homework', lessonId, studentId: student?.id ?? null });
  const text = student ? t('journal:homework.promptStudent', { name: studentFull(student) }) : t('journal:homework.prompt');
  return { text, keyboard: [[Markup.button.callback(t('journal:input.cancel'), encodeJournal('x', { lessonId }))]] };
}

export async function saveHomework(flow: Flow, lessonId: number, studentId: number | null, text: string): Promise<Screen> {
  await flow.core.journal.setHomework(lessonId, { text, studentId }, flow.actor);
  return homeworkScreen(flow, lessonId, flow.ctx.t('journal:homework.saved'));
}

export async function noHomework(flow: Flow, lessonId: number): Promise<Screen> {
  await flow.core.journal.setHomework(lessonId, { none: true }, flow.actor);
  return lessonScreen(flow, lessonId, flow.ctx.t('journal:homework.savedNone'));
}

export async function removeHomework(flow: Flow, homeworkId: number): Promise<Screen> {
  const lessonId = await flow.core.journal.removeHomework(homeworkId, flow.actor);
  return homeworkScreen(flow, lessonId, flow.ctx.t('journal:homework.removed'));
}
