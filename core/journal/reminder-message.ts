import { DateTime } from 'luxon';
import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { LESSON_FIELDS, type LessonReminder, type PeriodMarksReminder, type ReminderItem, type UngradedWorkReminder } from './reminders.js';

/** Telegram refuses texts over 4096 characters; the rest leaves room for the closing line. */
const MAX_LENGTH = 4000;
const KIND_ORDER: Record<ReminderItem['kind'], number> = { lesson: 0, control: 1, period: 2 };

export interface ReminderMessage {
  text: string;
  /** The items the text tells of: only these count as delivered once it is sent. */
  keys: string[];
}

/**
 * One message with every item, in the teacher's language. Should it be too long for Telegram, the last
 * items are left for the next run: they are not in `keys`, so they stay due.
 */
export function reminderMessage(t: TFunction, language: Language, items: ReminderItem[]): ReminderMessage {
  const sorted = [...items].sort(compareItems);
  const all = render(t, language, sorted, false);
  if (all.length <= MAX_LENGTH) return { text: all, keys: sorted.map((item) => item.key) };
  // The longest prefix that fits, by bisection: the text grows with the number of items.
  let fits = 1;
  for (let low = 2, high = sorted.length - 1; low <= high;) {
    const middle = Math.floor((low + high) / 2);
    if (render(t, language, sorted.slice(0, middle), true).length <= MAX_LENGTH) {
      fits = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  const shown = sorted.slice(0, fits);
  return { text: render(t, language, shown, true), keys: shown.map((item) => item.key) };
}

function render(t: TFunction, language: Language, items: ReminderItem[], truncated: boolean): string {
  const date = (iso: string) => DateTime.fromISO(iso).setLocale(language).toFormat(t('bot:reminders.dateFormat'));
  const sections: string[][] = [[t('bot:reminders.title')]];

  let lessons: string[] | undefined;
  let lessonDate: string | undefined;
  for (const lesson of lessonsOf(items)) {
    if (lesson.date !== lessonDate) {
      lessons = [t('bot:reminders.lessonsOn', { date: date(lesson.date) })];
      sections.push(lessons);
      lessonDate = lesson.date;
    }
    const missing = lesson.fields.map((field) => t(`bot:reminders.field.${field}`)).join(', ');
    lessons!.push(t('bot:reminders.lesson', { number: lesson.lessonNumber, group: lesson.group, subject: lesson.subject, missing }));
  }

  const works = items.filter((i): i is UngradedWorkReminder => i.kind === 'control');
  if (works.length) {
    sections.push([
      t('bot:reminders.ungradedTitle'),
      ...works.map((w) => t('bot:reminders.ungraded', {
        group: w.group,
        subject: w.subject,
        work: w.title ? t('bot:reminders.work', { form: w.form, title: w.title }) : w.form,
        date: date(w.date),
        deadline: date(w.deadline),
      })),
    ]);
  }

  const periods = items.filter((i): i is PeriodMarksReminder => i.kind === 'period');
  if (periods.length) {
    sections.push(periods.map((p) => t('bot:reminders.periodMarks', {
      period: t(`bot:reminders.period.${p.periodType}`, { number: p.periodNumber }),
      group: p.group,
      subject: p.subject,
      left: t('bot:reminders.studentsLeft', { count: p.studentsLeft }),
    })));
  }

  if (truncated) sections.push([t('bot:reminders.more')]);
  return sections.map((lines) => lines.join('\n')).join('\n\n');
}

/** The lesson items folded into one line per lesson, in the order they come. */
function lessonsOf(items: ReminderItem[]): (LessonReminder & { fields: LessonReminder['field'][] })[] {
  const lessons = new Map<string, LessonReminder & { fields: LessonReminder['field'][] }>();
  for (const item of items) {
    if (item.kind !== 'lesson') continue;
    const id = `${item.date}:${item.assignmentId}:${item.lessonNumber}`;
    const lesson = lessons.get(id) ?? { ...item, fields: [] };
    lesson.fields.push(item.field);
    lessons.set(id, lesson);
  }
  return [...lessons.values()];
}

function compareItems(a: ReminderItem, b: ReminderItem): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  const text = (x: string, y: string) => x.localeCompare(y, 'ru');
  if (a.kind === 'lesson' && b.kind === 'lesson') {
    return text(a.date, b.date) || a.lessonNumber - b.lessonNumber || text(a.group, b.group) || a.assignmentId - b.assignmentId
      || LESSON_FIELDS.indexOf(a.field) - LESSON_FIELDS.indexOf(b.field);
  }
  if (a.kind === 'control' && b.kind === 'control') return text(a.date, b.date) || a.controlWorkId - b.controlWorkId;
  if (a.kind === 'period' && b.kind === 'period') {
    return text(a.endDate, b.endDate) || a.periodId - b.periodId || text(a.group, b.group) || text(a.subject, b.subject) || a.assignmentId - b.assignmentId;
  }
  return 0;
}
