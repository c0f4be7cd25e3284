import type { TFunction } from '../i18n/i18n.js';
import { ruDate } from '../time/format.js';
import type { DaySummary } from './day-summaries.js';
import type { TeacherLessons } from './lesson-figures.js';

/** How many teachers the one message names; the rest are counted. */
export const TEACHERS_IN_MESSAGE = 10;

/** «Сводка дня — Школа № 17», «… — 7А, 7Б», or a teacher's own lessons. */
export function summaryTitle(t: TFunction, s: DaySummary): string {
  if (s.coverage === 'classes') return t('summary:title.classes', { classes: s.groups.map((g) => g.name).join(', ') });
  return t(`summary:title.${s.coverage}`, { school: s.school.name });
}

/** «пятница, 20.11.2026». */
export function summaryDate(t: TFunction, s: DaySummary): string {
  return t('summary:date', { weekday: t(`summary:weekday.${s.weekday}`), date: ruDate(s.date) });
}

/** Why the day has no lessons (a holiday, a weekend, an empty timetable); undefined when it has some. */
export function emptyDayText(t: TFunction, s: DaySummary): string | undefined {
  if (s.lessons.total > 0) return undefined;
  if (s.holiday) return t('summary:empty.holiday', { holiday: s.holiday });
  return t(s.weekday >= 6 ? 'summary:empty.weekend' : 'summary:empty.none');
}

/** «без темы 2, без посещаемости 1» of one teacher. */
export function teacherMissing(t: TFunction, teacher: TeacherLessons): string {
  return ([['topic', teacher.withoutTopic], ['attendance', teacher.withoutAttendance], ['homework', teacher.withoutHomework]] as const)
    .filter(([, count]) => count > 0)
    .map(([field, count]) => t(`summary:missing.${field}`, { count }))
    .join(', ');
}

/** The whole summary as one compact message (the bot's «Сводка дня»). */
export function summaryMessage(t: TFunction, s: DaySummary): string {
  const head = `${summaryTitle(t, s)}\n${summaryDate(t, s)}`;
  const body: string[] = [];
  const l = s.lessons;
  const empty = emptyDayText(t, s);
  if (empty) body.push(empty);
  else {
    const lessons = [t('summary:line.lessons', { lessons: t('summary:lessons', { count: l.total }), complete: l.complete })];
    const behind = l.teachers.filter((x) => x.withoutTopic + x.withoutAttendance + x.withoutHomework > 0);
    if (behind.length === 0) lessons.push(t('summary:line.allFilled'));
    else {
      lessons.push(t('summary:line.missing', { topic: l.withoutTopic, attendance: l.withoutAttendance, homework: l.withoutHomework }));
      lessons.push(t('summary:line.teachers'));
      for (const teacher of behind.slice(0, TEACHERS_IN_MESSAGE)) {
        lessons.push(t('summary:line.teacher', { name: teacher.name, lessons: t('summary:lessons', { count: teacher.lessons }), missing: teacherMissing(t, teacher) }));
      }
      if (behind.length > TEACHERS_IN_MESSAGE) lessons.push(t('summary:teachersMore', { count: behind.length - TEACHERS_IN_MESSAGE }));
    }
    body.push(lessons.join('\n'));
  }
  const more = [t('summary:line.marks', { marks: t('summary:marks', { count: l.marks }) })];
  if (s.guardians) more.push(t('summary:line.guardians', { ...s.guardians }));
  if (s.digests) {
    more.push(s.digests.weekStart
      ? t('summary:line.digests', { week: ruDate(s.digests.weekStart), acknowledged: s.digests.acknowledged, sent: s.digests.sent })
      : t('summary:line.digestsNone'));
  }
  if (s.notifications) more.push(t('summary:line.notifications', { ...s.notifications }));
  body.push(more.join('\n'));
  return [head, ...body].join('\n\n');
}
