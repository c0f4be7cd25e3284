import { DateTime } from 'luxon';
import type { DaySummary } from '../../core/day-summary/day-summaries.js';
import { emptyDayText, summaryDate, summaryTitle, teacherMissing } from '../../core/day-summary/summary-text.js';
import type { TFunction } from '../../core/i18n/i18n.js';
import { ruDate } from '../../core/time/format.js';

/** A panel list a figure opens: a resource and its filters (the browser shows the link only where the list is the person's). */
export interface ListLink {
  resource: string;
  query: string;
}

export interface FigureView {
  id: 'lessons' | 'withoutTopic' | 'withoutAttendance' | 'withoutHomework' | 'marks' | 'guardians' | 'digests' | 'waiting' | 'failed';
  value: string;
  caption: string;
  detail?: string;
  /** Something is left to do: the figure is drawn as a warning. */
  attention: boolean;
  link: ListLink;
}

export interface TeacherRowView {
  name: string;
  lessons: number;
  missing: string;
  link: ListLink;
}

/** One school's day as the home page draws it, in the language the panel is shown in. */
export interface DayView {
  title: string;
  date: string;
  /** Why there are no lessons (a weekend, a holiday), when there are none. */
  notice: string | null;
  figures: FigureView[];
  teachers: { title: string; columns: [string, string, string]; nothingLeft: string; rows: TeacherRowView[] };
  /** The summary itself, as the core gave it. */
  summary: DaySummary;
}

const query = (params: Record<string, string | number>) =>
  Object.entries(params).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');

/** The lists closest to each figure: the day's timetable, the audit log's marks of the day, the families, the digests. */
function links(s: DaySummary) {
  const oneClass: Record<string, number> = s.coverage === 'classes' && s.groups.length === 1 ? { 'filters.group': s.groups[0]!.id } : {};
  const start = DateTime.fromISO(s.date, { zone: s.school.timeZone }).startOf('day');
  return {
    timetable: { resource: 'TimetableSlot', query: query({ 'filters.weekday': s.weekday, ...oneClass }) },
    marks: {
      resource: 'AuditEntry',
      query: query({ 'filters.entity': 'Mark', 'filters.action': 'create', 'filters.at~~from': start.toISO()!, 'filters.at~~to': start.endOf('day').toISO()! }),
    },
    guardians: { resource: 'Guardian', query: '' },
    digests: { resource: 'WeeklyDigest', query: query({ 'filters.acknowledged': 'false' }) },
    notifications: (status: string) => ({ resource: 'Notification', query: query({ 'filters.status': status }) }),
    teacher: (staffId: number) => ({ resource: 'TeachingAssignment', query: query({ 'filters.teacher': staffId }) }),
  };
}

export function dayView(t: TFunction, s: DaySummary): DayView {
  const l = s.lessons;
  const to = links(s);
  const figures: FigureView[] = [
    { id: 'lessons', value: String(l.total), caption: t('summary:panel.lessons'), detail: t('summary:panel.complete', { count: l.complete }), attention: false, link: to.timetable },
  ];
  for (const id of ['withoutTopic', 'withoutAttendance', 'withoutHomework'] as const) {
    figures.push({ id, value: String(l[id]), caption: t(`summary:panel.${id}`), attention: l[id] > 0, link: to.timetable });
  }
  figures.push({ id: 'marks', value: String(l.marks), caption: t('summary:panel.marks'), attention: false, link: to.marks });
  if (s.guardians) {
    figures.push({
      id: 'guardians', value: String(s.guardians.connected), caption: t('summary:panel.guardians'),
      detail: t('summary:panel.guardiansOf', { total: s.guardians.total }), attention: s.guardians.connected < s.guardians.total, link: to.guardians,
    });
  }
  if (s.digests) {
    const d = s.digests;
    figures.push({
      id: 'digests', value: String(d.acknowledged), caption: t('summary:panel.digests'),
      detail: d.weekStart ? t('summary:panel.digestsOf', { sent: d.sent, week: ruDate(d.weekStart) }) : t('summary:panel.digestsNone'),
      attention: d.acknowledged < d.sent, link: to.digests,
    });
  }
  if (s.notifications) {
    figures.push({ id: 'waiting', value: String(s.notifications.waiting), caption: t('summary:panel.waiting'), attention: false, link: to.notifications('pending') });
    figures.push({ id: 'failed', value: String(s.notifications.failed), caption: t('summary:panel.failed'), attention: s.notifications.failed > 0, link: to.notifications('failed') });
  }
  return {
    title: summaryTitle(t, s),
    date: summaryDate(t, s),
    notice: emptyDayText(t, s) ?? null,
    figures,
    teachers: {
      title: t('summary:panel.teachers'),
      columns: [t('summary:panel.teacher'), t('summary:panel.teacherLessons'), ''],
      nothingLeft: t('summary:panel.nothingLeft'),
      rows: l.teachers.map((x) => ({ name: x.name, lessons: x.lessons, missing: teacherMissing(t, x), link: to.teacher(x.staffId) })),
    },
    summary: s,
  };
}
