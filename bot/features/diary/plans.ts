import type { InlineKeyboardButton } from 'telegraf/types';
import { HOMEWORK_RANGES, type DiaryHomework, type HomeworkView } from '../../../core/diary/diary-homework.js';
import { SCHEDULE_RANGES, type DiaryLesson, type ScheduleDay, type ScheduleView } from '../../../core/diary/diary-schedule.js';
import type { QuestionDay } from '../../../core/questions/question.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { NotFound } from '../../../core/base/errors.js';
import { encodeDiary } from '../../callback-data/diary.js';
import { button } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { DiaryFlow } from './flow.js';
import { backRow, dayLabel, dayOnLabel, heading, shortDate } from './format.js';

/** D4: homework due on the next school day («ДЗ на завтра») or in the coming week: the class's and the child's own, by day. */
export async function homeworkScreen(flow: DiaryFlow, studentId: number, rangeIndex: number): Promise<Screen> {
  const range = HOMEWORK_RANGES[rangeIndex];
  if (!range) throw new NotFound('range');
  return renderHomework(flow, studentId, await flow.core.diary.homework(flow.viewer, studentId, range));
}

/** D4 as a typed question asked it: a day, a subject («какое домашнее задание по русскому?»). */
export async function homeworkAskedScreen(flow: DiaryFlow, studentId: number, ask: { day?: QuestionDay; subjectId?: number }): Promise<Screen> {
  return renderHomework(flow, studentId, await flow.core.diary.homeworkAsked(flow.viewer, studentId, ask));
}

function renderHomework(flow: DiaryFlow, studentId: number, view: HomeworkView): Screen {
  const { t, language } = flow.ctx;
  const week = view.range === 'week';
  const title = t(`diary:homework.title.${week ? 'week' : 'tomorrow'}`, { day: dayOnLabel(t, view.from, language), from: shortDate(view.from), to: shortDate(view.to) });
  const subject = view.subjectId === undefined ? undefined : view.items[0]?.subject;
  const lines = [heading(flow, studentId, subject ? `${title} — ${subject}` : title)];
  if (view.items.length === 0) lines.push(t(view.subjectId === undefined ? 'diary:homework.none' : 'diary:homework.noneOfSubject'));
  const days = [...new Set(view.items.map((h) => h.due))];
  for (const day of days) {
    const items = view.items.filter((h) => h.due === day).map((h) => homeworkLine(t, h));
    lines.push(week ? [t('diary:homework.day', { day: dayLabel(day, language) }), ...items].join('\n') : items.join('\n'));
  }
  const switches = HOMEWORK_RANGES.map((r, i) => [r, i] as const)
    .filter(([r]) => r !== view.range || view.subjectId !== undefined)
    .map(([r, i]) => button(t(`diary:button.${r === 'week' ? 'homeworkWeek' : 'homeworkTomorrow'}`), encodeDiary('hw', { studentId, range: i })));
  return { text: lines.join('\n\n'), keyboard: [switches, backRow(t, studentId)] };
}

function homeworkLine(t: TFunction, h: DiaryHomework): string {
  const text = h.none ? t('diary:homework.noneGiven') : (h.text ?? '');
  return t(h.individual ? 'diary:homework.individual' : 'diary:homework.line', { subject: h.subject, text });
}

/** D5: the lessons of today, the next school day («Завтра») or the week, with bells, rooms, substitutions and changes. */
export async function scheduleScreen(flow: DiaryFlow, studentId: number, rangeIndex: number): Promise<Screen> {
  const range = SCHEDULE_RANGES[rangeIndex];
  if (!range) throw new NotFound('range');
  return renderSchedule(flow, studentId, await flow.core.diary.schedule(flow.viewer, studentId, range));
}

/** D5 as a typed question asked it: «какие уроки завтра», «расписание на четверг». */
export async function scheduleAskedScreen(flow: DiaryFlow, studentId: number, day?: QuestionDay): Promise<Screen> {
  return renderSchedule(flow, studentId, await flow.core.diary.scheduleAsked(flow.viewer, studentId, day));
}

function renderSchedule(flow: DiaryFlow, studentId: number, view: ScheduleView): Screen {
  const { t, language } = flow.ctx;
  const { range } = view;
  const titleKey = range === 'day' ? 'tomorrow' : range;
  const lines = [heading(flow, studentId, t(`diary:schedule.title.${titleKey}`, { day: dayOnLabel(t, view.days[0]?.date ?? view.today, language) }))];
  // The week leaves out a free Sunday (or Saturday); a single day always says what it holds.
  const days = range === 'week' ? view.days.filter((d, i) => i < 5 || d.lessons.length || d.holiday) : view.days;
  for (const day of days) lines.push(dayBlock(t, language, day, day.date === view.today, range !== 'week'));
  const switches: InlineKeyboardButton[] = SCHEDULE_RANGES.map((r, i) => [r, i] as const)
    .filter(([r]) => r !== range)
    .map(([r, i]) => button(t(`diary:button.${r}`), encodeDiary('sc', { studentId, range: i })));
  return { text: lines.join('\n\n'), keyboard: [switches, backRow(t, studentId)] };
}

function dayBlock(t: TFunction, language: Language, day: ScheduleDay, isToday: boolean, withTopics: boolean): string {
  const title = `📅 ${dayLabel(day.date, language)}${isToday ? t('diary:schedule.today') : ''}`;
  if (day.holiday) return `${title}\n${t('diary:schedule.holiday', { name: day.holiday })}`;
  if (day.lessons.length === 0) return `${title}\n${t('diary:schedule.noLessons')}`;
  return [title, ...day.lessons.map((l) => lessonLine(t, l, withTopics))].join('\n');
}

/** A lesson of the timetable; a single day's also with its topic (a week's would grow too long). */
function lessonLine(t: TFunction, l: DiaryLesson, withTopic: boolean): string {
  const time = l.startsAt ? ` ${l.startsAt}${l.endsAt ? `–${l.endsAt}` : ''}` : '';
  const where = [l.subgroup, l.room ? t('diary:schedule.room', { room: l.room }) : null].filter(Boolean).join(', ');
  const lines = [`${l.lessonNumber}.${time} ${l.subject}${where ? ` (${where})` : ''} — ${l.teacher}`];
  if (l.substitute) lines.push(`   ${t('diary:schedule.substitute', { teacher: l.substitute })}`);
  if (l.changed) lines.push(`   ${t('diary:schedule.changed')}`);
  if (withTopic && l.topic) lines.push(`   ${t('diary:schedule.topic', { topic: l.topic })}`);
  return lines.join('\n');
}
