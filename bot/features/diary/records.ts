import { ATTENDANCE_CODES } from '../../../core/journal/attendance-codes.js';
import { encodeDiary } from '../../callback-data/diary.js';
import { pageOf, pager } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { DiaryFlow } from './flow.js';
import { backRow, decimal, heading, shortDate } from './format.js';

const PAGE = 15;

/** D2: the marks of each term and of the year, as the teachers set them (зачёт, н/а, осв. and deferrals too). */
export async function periodMarksScreen(flow: DiaryFlow, studentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const view = await flow.core.diary.periodMarks(flow.viewer, studentId);
  const lines = [heading(flow, studentId, t('diary:periodMarks.title', { year: view.year?.name ?? '' }))];
  if (view.periods.length === 0) lines.push(t('diary:periodMarks.none'));
  for (const { period, marks } of view.periods) {
    const rows = marks.map((m) => t('diary:periodMarks.line', {
      subject: m.subject,
      value: m.value ? t(`diary:periodMarks.value.${m.value}`) : t('diary:periodMarks.deferred', { date: shortDate(m.deferredUntil ?? '') }),
    }));
    lines.push([t('diary:periodMarks.period', { name: period.name }), ...rows].join('\n'));
  }
  return { text: lines.join('\n\n'), keyboard: [backRow(t, studentId)] };
}

/** D3: absences and lateness of the term: how many of each code, the attendance rate, and the list by date. */
export async function absencesScreen(flow: DiaryFlow, studentId: number, page: number): Promise<Screen> {
  const { t, language } = flow.ctx;
  const view = await flow.core.diary.absences(flow.viewer, studentId);
  if (!view.period) return { text: [heading(flow, studentId, t('diary:absences.titleNoPeriod')), t('diary:noPeriod')].join('\n\n'), keyboard: [backRow(t, studentId)] };
  const lines = [heading(flow, studentId, t('diary:absences.title', { period: view.period.name }))];
  lines.push([
    ATTENDANCE_CODES.map((code) => t('diary:absences.count', { code: t(`diary:absences.short.${code}`), count: view.counts[code] })).join(', '),
    t('diary:absences.missed', { count: view.missed }),
    ...(view.percent === null ? [] : [t('diary:absences.percent', { value: decimal(language, Math.round(view.percent * 10) / 10) })]),
  ].join('\n'));
  const shown = pageOf(view.absences, page, PAGE);
  if (view.absences.length === 0) lines.push(t('diary:absences.none'));
  else {
    lines.push(shown.items.map((a) => t('diary:absences.line', {
      date: shortDate(a.date), number: a.lessonNumber, subject: a.subject, code: t(`diary:absences.code.${a.code}`),
    })).join('\n'));
  }
  return { text: lines.join('\n\n'), keyboard: [...pager(shown.page, shown.pages, (p) => encodeDiary('ab', { studentId, page: p })), backRow(t, studentId)] };
}

/** D7: the child's own place in its class for the term; nobody else's name or average is ever shown. */
export async function ratingScreen(flow: DiaryFlow, studentId: number): Promise<Screen> {
  const { t, language } = flow.ctx;
  const view = await flow.core.diary.rating(flow.viewer, studentId);
  if (!view.period) return { text: [heading(flow, studentId, t('diary:rating.titleNoPeriod')), t('diary:noPeriod')].join('\n\n'), keyboard: [backRow(t, studentId)] };
  const lines = [heading(flow, studentId, t('diary:rating.title', { period: view.period.name }))];
  if (view.place === null) lines.push(t('diary:rating.noMarks', { size: view.size }));
  else {
    lines.push([
      t('diary:rating.place', { place: view.place, size: view.size, group: view.group ?? '' }) + (view.shared ? t('diary:rating.shared') : ''),
      t('diary:rating.average', { value: decimal(language, view.weightedAverage!) }),
    ].join('\n'));
  }
  lines.push(t('diary:rating.note'));
  return { text: lines.join('\n\n'), keyboard: [backRow(t, studentId)] };
}
