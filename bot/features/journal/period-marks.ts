import { Markup } from 'telegraf';
import type { InlineKeyboardButton } from 'telegraf/types';
import { NotFound } from '../../../core/errors.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import { addDays } from '../../../core/time/local-date.js';
import { ruDate } from '../../../core/time/format.js';
import { PERIOD_MARK_VALUES, type PeriodMarkValue } from '../../../core/journal/period-mark.entity.js';
import type { PeriodSheet, PeriodSheetRow } from '../../../core/journal/period-sheet.js';
import type { Period } from '../../../core/school/period.entity.js';
import type { TeachingAssignment } from '../../../core/schedule/teaching-assignment.entity.js';
import { encodeJournal } from '../../callback-data/journal.js';
import type { Flow } from './flow.js';
import { markLabel, shortDate } from './format.js';
import { pageOf, pager, rows, type Screen } from './screen.js';

const PAGE = 10;
const DEFERRAL_WEEKS = [2, 4];

/** «Журнал» → period marks (C7): the teacher's classes and subjects of the current year. */
export async function assignmentsScreen(flow: Flow): Promise<Screen> {
  const { t } = flow.ctx;
  const overview = await flow.core.periodMarks.overview(flow.actor);
  const keyboard = overview.assignments.map((a) => [Markup.button.callback(assignmentTitle(a), encodeJournal('pp', { assignmentId: a.id }))]);
  return { text: overview.assignments.length ? t('journal:period.pickAssignment') : t('journal:period.noAssignments'), keyboard };
}

export async function periodsScreen(flow: Flow, assignmentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const overview = await flow.core.periodMarks.overview(flow.actor);
  const assignment = overview.assignments.find((a) => a.id === assignmentId);
  if (!assignment) throw new NotFound('TeachingAssignment');
  const periods = overview.periods.filter((p) => p.year.id === assignment.year.id);
  const keyboard: InlineKeyboardButton[][] = periods.map((p) => [
    Markup.button.callback(`${p.id === overview.currentPeriodId ? '★ ' : ''}${periodLabel(p)}`, encodeJournal('ps', { assignmentId, periodId: p.id, page: 0 })),
  ]);
  keyboard.push([Markup.button.callback(t('journal:lesson.button.back'), encodeJournal('pa', {}))]);
  return { text: t('journal:period.pickPeriod', { assignment: assignmentTitle(assignment) }), keyboard };
}

/** The sheet: each student with the weighted average, the proposed mark and the mark set. */
export async function periodSheetScreen(flow: Flow, assignmentId: number, periodId: number, page: number, notice?: string): Promise<Screen> {
  const { t } = flow.ctx;
  const sheet = await flow.core.periodMarks.sheet(assignmentId, periodId, flow.actor);
  const shown = pageOf(sheet.rows, page, PAGE);
  const lines = [notice, heading(sheet), t('journal:period.help', { threshold: decimal(sheet.roundingThreshold) })].filter(Boolean) as string[];
  if (sheet.lock?.locked) lines.push(t('journal:period.locked'));
  const done = sheet.rows.filter((r) => r.periodMark).length;
  lines.push(t('journal:period.progress', { done, total: sheet.rows.length }));
  const keyboard: InlineKeyboardButton[][] = shown.items.map((row) => [
    Markup.button.callback(rowLabel(t, row), encodeJournal('pe', { assignmentId, periodId, studentId: row.studentId })),
  ]);
  keyboard.push(...pager(shown.page, shown.pages, (p) => encodeJournal('ps', { assignmentId, periodId, page: p })));
  const acceptable = sheet.rows.filter((r) => !r.periodMark && r.proposed !== null).length;
  if (acceptable && !sheet.lock?.locked) {
    keyboard.push([Markup.button.callback(t('journal:period.acceptAll', { count: acceptable }), encodeJournal('pk', { assignmentId, periodId }))]);
  }
  keyboard.push([Markup.button.callback(t('journal:lesson.button.back'), encodeJournal('pp', { assignmentId }))]);
  return { text: lines.join('\n\n'), keyboard };
}

/** One student: the period's marks, the averages, and the choices — the proposal first. */
export async function studentPeriodScreen(flow: Flow, assignmentId: number, periodId: number, studentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const sheet = await flow.core.periodMarks.sheet(assignmentId, periodId, flow.actor);
  const index = sheet.rows.findIndex((r) => r.studentId === studentId);
  const row = sheet.rows[index];
  if (!row) throw new NotFound('Student');
  const lines = [heading(sheet), row.fullName];
  lines.push(row.marks.length ? t('journal:period.marks', { marks: row.marks.map((m) => markLabel(m)).join(' ') }) : t('journal:period.noMarks'));
  if (row.average !== null && row.weightedAverage !== null) {
    lines.push(t('journal:period.averages', { average: decimal(row.average), weighted: decimal(row.weightedAverage) }));
  }
  if (row.proposed !== null) lines.push(t('journal:period.proposed', { mark: row.proposed }));
  if (row.periodMark) lines.push(t('journal:period.current', { mark: periodMarkLabel(t, row.periodMark) }));

  const version = row.periodMark?.version ?? 0;
  const set = (value: PeriodMarkValue, label = t(`journal:period.value.${value}`)) =>
    Markup.button.callback(row.periodMark?.value === value ? `✓ ${label}` : label, encodeJournal('pv', { assignmentId, periodId, studentId, version, value: PERIOD_MARK_VALUES.indexOf(value) }));
  const keyboard: InlineKeyboardButton[][] = [];
  if (row.proposed !== null) keyboard.push([set(String(row.proposed) as PeriodMarkValue, t('journal:period.accept', { mark: row.proposed }))]);
  keyboard.push((['5', '4', '3', '2'] as const).map((v) => set(v)));
  keyboard.push(...rows((['pass', 'fail', 'na', 'exempt'] as const).map((v) => set(v)), 2));
  keyboard.push(DEFERRAL_WEEKS.map((weeks) => Markup.button.callback(
    t('journal:period.defer', { date: shortDate(addDays(sheet.period.endDate, weeks * 7)) }),
    encodeJournal('pd', { assignmentId, periodId, studentId, version, weeks }),
  )));
  const next = sheet.rows[index + 1];
  const nav = [Markup.button.callback(t('journal:period.sheet'), encodeJournal('ps', { assignmentId, periodId, page: Math.floor(index / PAGE) }))];
  if (next) nav.push(Markup.button.callback(`${next.fullName.split(' ')[0]} ▶`, encodeJournal('pe', { assignmentId, periodId, studentId: next.studentId })));
  keyboard.push(nav);
  return { text: lines.join('\n\n'), keyboard };
}

export async function setPeriodMark(flow: Flow, assignmentId: number, periodId: number, studentId: number, version: number, valueIndex: number): Promise<Screen> {
  const value = PERIOD_MARK_VALUES[valueIndex];
  if (!value) throw new NotFound('value');
  await flow.core.periodMarks.set(assignmentId, periodId, studentId, { value }, version || undefined, flow.actor);
  return afterSaving(flow, assignmentId, periodId, studentId);
}

/** Deferral for a student who was ill (S0 п. 12): the mark is due some weeks after the period. */
export async function deferPeriodMark(flow: Flow, assignmentId: number, periodId: number, studentId: number, version: number, weeks: number): Promise<Screen> {
  if (!DEFERRAL_WEEKS.includes(weeks)) throw new NotFound('weeks');
  const { period } = await flow.core.periodMarks.sheet(assignmentId, periodId, flow.actor);
  await flow.core.periodMarks.set(assignmentId, periodId, studentId, { deferredUntil: addDays(period.endDate, weeks * 7) }, version || undefined, flow.actor);
  return afterSaving(flow, assignmentId, periodId, studentId);
}

/** One tap for the whole sheet: every student without a mark gets the proposed one (in the core, at once). */
export async function acceptAllProposed(flow: Flow, assignmentId: number, periodId: number): Promise<Screen> {
  const accepted = await flow.core.periodMarks.acceptAllProposed(assignmentId, periodId, flow.actor);
  return periodSheetScreen(flow, assignmentId, periodId, 0, flow.ctx.t('journal:period.accepted', { count: accepted }));
}

/** Back to the sheet on the page of the next student without a mark, so the teacher goes down the list. */
async function afterSaving(flow: Flow, assignmentId: number, periodId: number, studentId: number): Promise<Screen> {
  const sheet = await flow.core.periodMarks.sheet(assignmentId, periodId, flow.actor);
  const index = sheet.rows.findIndex((r) => r.studentId === studentId);
  const saved = sheet.rows[index];
  const notice = saved?.periodMark ? flow.ctx.t('journal:period.saved', { name: saved.fullName, mark: periodMarkLabel(flow.ctx.t, saved.periodMark) }) : undefined;
  if (sheet.lock?.locked) return periodSheetScreen(flow, assignmentId, periodId, 0, [notice, flow.ctx.t('journal:period.nowLocked')].filter(Boolean).join('\n'));
  return periodSheetScreen(flow, assignmentId, periodId, Math.floor(Math.max(0, index) / PAGE), notice);
}

function heading(sheet: PeriodSheet): string {
  return `📊 ${assignmentTitle(sheet.assignment)}\n${periodLabel(sheet.period)}`;
}

function rowLabel(t: TFunction, row: PeriodSheetRow): string {
  const surname = row.fullName.split(' ').slice(0, 2).join(' ');
  const average = row.weightedAverage === null ? '—' : decimal(row.weightedAverage);
  const result = row.periodMark ? `✓ ${periodMarkLabel(t, row.periodMark)}` : row.proposed !== null ? `→ ${row.proposed}?` : '';
  return `${surname} · ${average} ${result}`.trim();
}

function periodMarkLabel(t: TFunction, mark: NonNullable<PeriodSheetRow['periodMark']>): string {
  if (mark.value) return t(`journal:period.value.${mark.value}`);
  return t('journal:period.deferred', { date: mark.deferredUntil ? ruDate(mark.deferredUntil) : '' });
}

const assignmentTitle = (a: TeachingAssignment) => `${a.subject.name} — ${a.subgroup ? `${a.group.name}, ${a.subgroup.name}` : a.group.name}`;
const periodLabel = (p: Period) => `${p.name} (${shortDate(p.startDate)}–${shortDate(p.endDate)})`;
/** 4,25 as a Russian reader writes it. */
const decimal = (n: number) => n.toLocaleString('ru-RU', { maximumFractionDigits: 2 });
