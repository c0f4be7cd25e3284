import type { InlineKeyboardButton } from 'telegraf/types';
import { HOMEWORK_RANGES, type DiaryHomework } from '../../../core/diary/diary-homework.js';
import { SCHEDULE_RANGES, type DiaryLesson, type ScheduleDay } from '../../../core/diary/diary-schedule.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { NotFound } from '../../../core/base/errors.js';
import { encodeDiary } from '../../callback-data/diary.js';
import { button } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { DiaryFlow } from './flow.js';
import { backRow, dayLabel, heading, shortDate } from './format.js';

/** D4: homework due tomorrow or in the coming week: the class's and the child's own, by day. */
export async function homeworkScreen(flow: DiaryFlow, studentId: number, rangeIndex: number): Promise<Screen> {
  const { t, language } = flow.ctx;
  const range = HOMEWORK_RANGES[rangeIndex];
  if (!range) throw new NotFound('range');
  const view = await flow.core.diary.homework(flow.viewer, studentId, range);
  const lines = [heading(flow, studentId, t(`diary:homework.title.${range}`, { date: shortDate(view.from), from: shortDate(view.from), to: shortDate(view.to) }))];
  if (view.items.length === 0) lines.push(t('diary:homework.none'));
  const days = [...new Set(view.items.map((h) => h.due))];
  for (const day of days) {
    const items = view.items.filter((h) => h.due === day).map((h) => homeworkLine(t, h));
    lines.push(range === 'week' ? [t('diary:homework.day', { day: dayLabel(day, language) }), ...items].join('\n') : items.join('\n'));
  }
  const other = range === 'week' ? 0 : 1;
  return {
    text: lines.join('\n\n'),
    keyboard: [
      [button(t(`diary:button.${other === 0 ? 'homeworkTomorrow' : 'homeworkWeek'}`), encodeDiary('hw', { studentId, range: other }))],
      backRow(t, studentId),
    ],
  };
}

function homeworkLine(t: TFunction, h: DiaryHomework): string {
  const text = h.none ? t('diary:homework.noneGiven') : (h.text ?? '');
  return t(h.individual ? 'diary:homework.individual' : 'diary:homework.line', { subject: h.subject, text });
}

/** D5: the lessons of today, tomorrow or the week, with bells, rooms, substitutions and changes. */
export async function scheduleScreen(flow: DiaryFlow, studentId: number, rangeIndex: number): Promise<Screen> {
  const { t, language } = flow.ctx;
  const range = SCHEDULE_RANGES[rangeIndex];
  if (!range) throw new NotFound('range');
  const view = await flow.core.diary.schedule(flow.viewer, studentId, range);
  const lines = [heading(flow, studentId, t(`diary:schedule.title.${range}`))];
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
