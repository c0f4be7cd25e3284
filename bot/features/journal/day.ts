import type { InlineKeyboardButton } from 'telegraf/types';
import { addDays } from '../../../core/time/local-date.js';
import type { DayLesson, TeacherDay } from '../../../core/journal/teacher-day.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import type { Language } from '../../../core/i18n/languages.js';
import { dateArg, encodeJournal } from '../../callback-data/journal.js';
import { button } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { dayLabel, shortDate } from './format.js';

/** «Сегодня» (C1): the teacher's lessons of a day, what each lacks, and the days around it. */
export async function dayScreen(flow: Flow, date?: string): Promise<Screen> {
  const day = await flow.core.teacherDays.day(flow.actor, date);
  return renderDay(flow.ctx.t, flow.ctx.language, day);
}

export function renderDay(t: TFunction, language: Language, day: TeacherDay): Screen {
  const title = t('journal:day.title', { day: dayLabel(day.date, language) }) + (day.date === day.today ? t('journal:day.today') : '');
  const lines = [title];
  if (day.holiday) lines.push(t('journal:day.holiday', { name: day.holiday }));
  if (day.lessons.length === 0) lines.push(t('journal:day.noLessons'));
  const future = day.date > day.today;
  for (const lesson of day.lessons) lines.push(describe(t, lesson, future));

  const keyboard: InlineKeyboardButton[][] = day.lessons.map((lesson) => [
    button(
      `${lesson.lessonNumber} · ${lesson.subject} ${lesson.group}${status(lesson, future) ? '' : ' ⚠️'}`,
      lesson.lessonId
        ? encodeJournal('l', { lessonId: lesson.lessonId })
        : encodeJournal('o', { assignmentId: lesson.assignmentId, date: dateArg(day.date), lessonNumber: lesson.lessonNumber }),
    ),
  ]);
  const nav: InlineKeyboardButton[] = [];
  const before = addDays(day.date, -1);
  const after = addDays(day.date, 1);
  if (before >= day.earliest) nav.push(button(`◀ ${shortDate(before)}`, encodeJournal('d', { date: dateArg(before) })));
  if (day.date !== day.today) nav.push(button(t('journal:day.backToToday'), encodeJournal('d', { date: dateArg(day.today) })));
  if (after <= addDays(day.today, 14)) nav.push(button(`${shortDate(after)} ▶`, encodeJournal('d', { date: dateArg(after) })));
  keyboard.push(nav);
  return { text: lines.join('\n\n'), keyboard };
}

/** Whether the lesson has everything it needs (a future lesson only its homework). */
function status(lesson: DayLesson, future: boolean): boolean {
  const m = lesson.missing;
  return future ? !m.homework : !(m.topic || m.attendance || m.marks || m.homework);
}

function describe(t: TFunction, lesson: DayLesson, future: boolean): string {
  const where = [lesson.subgroup ? `${lesson.group}, ${lesson.subgroup}` : lesson.group, lesson.room ? t('journal:day.room', { room: lesson.room }) : null]
    .filter(Boolean)
    .join(', ');
  const head = `${lesson.lessonNumber}.${lesson.startsAt ? ` ${lesson.startsAt}` : ''} ${lesson.subject} — ${where}`;
  const lines = [head];
  if (lesson.substitution) lines.push(t(`journal:day.substitution.${lesson.substitution.kind}`, { teacher: lesson.substitution.teacher }));
  const missing = (['topic', 'attendance', 'marks', 'homework'] as const).filter((k) => lesson.missing[k] && (!future || k === 'homework'));
  lines.push(missing.length ? t('journal:day.missing', { what: missing.map((k) => t(`journal:day.part.${k}`)).join(', ') }) : t('journal:day.complete'));
  return lines.join('\n');
}
