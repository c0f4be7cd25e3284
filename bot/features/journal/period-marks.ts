import type { InlineKeyboardButton } from 'telegraf/types';
import { NotFound } from '../../../core/base/errors.js';
import { JOURNAL_GRID_PATH } from '../../../core/journal-view/journal-grid.js';
import type { TFunction } from '../../../core/i18n/i18n.js';
import { addDays } from '../../../core/time/local-date.js';
import { ruDate } from '../../../core/time/format.js';
import type { PeriodSheetView, PeriodView } from '../../../core/journal/journal-views.js';
import { PERIOD_MARK_VALUES, type PeriodMarkValue } from '../../../core/journal/period-mark-values.js';
import type { PeriodSheetRow } from '../../../core/journal/period-sheet.js';
import { studentName } from '../../../core/people/display-name.js';
import { encodeJournal } from '../../callback-data/journal.js';
import { button, pagedKeyboard, rows } from '../../ui/keyboard.js';
import type { Screen } from '../../ui/screen.js';
import type { Flow } from './flow.js';
import { assignmentTitle, markLabel, shortDate } from './format.js';

const PAGE = 10;
const DEFERRAL_WEEKS = [2, 4];

/** «Журнал» → period marks (C7): the teacher's classes and subjects of the current year. */
export async function assignmentsScreen(flow: Flow): Promise<Screen> {
  const { t } = flow.ctx;
  const overview = await flow.core.teacherJournal.periodOverview(flow.actor);
  const keyboard = overview.assignments.map((a) => [button(assignmentTitle(a), encodeJournal('pp', { assignmentId: a.id }))]);
  return { text: overview.assignments.length ? t('journal:period.pickAssignment') : t('journal:period.noAssignments'), keyboard };
}

export async function periodsScreen(flow: Flow, assignmentId: number): Promise<Screen> {
  const { t } = flow.ctx;
  const overview = await flow.core.teacherJournal.periodOverview(flow.actor);
  const assignment = overview.assignments.find((a) => a.id === assignmentId);
  if (!assignment) throw new NotFound('TeachingAssignment');
  const periods = overview.periods.filter((p) => p.yearId === assignment.yearId);
  const keyboard: InlineKeyboardButton[][] = periods.map((p) => [
    button(`${p.id === overview.currentPeriodId ? '★ ' : ''}${periodLabel(p)}`, encodeJournal('ps', { assignmentId, periodId: p.id, page: 0 })),
  ]);
  // The whole class across the period, as the paper journal shows it: the Mini App, where Telegram can open one.
  const origin = flow.ctx.miniAppOrigin;
  if (origin) keyboard.unshift([{ text: t('journal:period.openGrid'), web_app: { url: `${origin}${JOURNAL_GRID_PATH}?assignment=${assignmentId}` } }]);
  keyboard.push([button(t('journal:lesson.button.back'), encodeJournal('pa'))]);
  return { text: t('journal:period.pickPeriod', { assignment: assignmentTitle(assignment) }), keyboard };
}

/** The sheet: each student with the weighted average, the proposed mark and the mark set. */
export async function periodSheetScreen(flow: Flow, assignmentId: number, periodId: number, page: number, notice?: string, opened = false): Promise<Screen> {
  return renderSheet(flow, await flow.core.teacherJournal.periodSheet(assignmentId, periodId, flow.actor, opened), page, notice);
}

function renderSheet(flow: Flow, sheet: PeriodSheetView, page: number, notice?: string): Screen {
  const { t } = flow.ctx;
  const assignmentId = sheet.assignment.id;
  const periodId = sheet.period.id;
  const lines = [notice, heading(sheet), t('journal:period.help', { threshold: decimal(sheet.roundingThreshold) })].filter(Boolean) as string[];
  if (sheet.lock?.locked) lines.push(t('journal:period.locked'));
  const done = sheet.rows.filter((r) => r.periodMark).length;
  lines.push(t('journal:period.progress', { done, total: sheet.rows.length }));
  const list = pagedKeyboard(sheet.rows, {
    page, size: PAGE,
    to: (p) => encodeJournal('ps', { assignmentId, periodId, page: p }),
    button: (row) => button(rowLabel(t, row), encodeJournal('pe', { assignmentId, periodId, studentId: row.studentId })),
  });
  const keyboard = [...list.keyboard];
  const acceptable = sheet.rows.filter((r) => !r.periodMark && r.proposed !== null).length;
  if (acceptable && !sheet.lock?.locked) {
    keyboard.push([button(t('journal:period.acceptAll', { count: acceptable }), encodeJournal('pk', { assignmentId, periodId }))]);
  }
  keyboard.push([button(t('journal:lesson.button.back'), encodeJournal('pp', { assignmentId }))]);
  return { text: lines.join('\n\n'), keyboard };
}

/** One student: the period's marks, the averages, and the choices — the proposal first. `opened`: a read of the student (G4). */
export async function studentPeriodScreen(flow: Flow, assignmentId: number, periodId: number, studentId: number, opened = false): Promise<Screen> {
  const { t } = flow.ctx;
  const sheet = await flow.core.teacherJournal.periodSheet(assignmentId, periodId, flow.actor, opened && { student: studentId });
  const index = sheet.rows.findIndex((r) => r.studentId === studentId);
  const row = sheet.rows[index];
  if (!row) throw new NotFound('Student');
  const lines = [heading(sheet), studentName(row.name, 'full', t)];
  lines.push(row.marks.length ? t('journal:period.marks', { marks: row.marks.map((m) => markLabel(m)).join(' ') }) : t('journal:period.noMarks'));
  if (row.average !== null && row.weightedAverage !== null) {
    lines.push(t('journal:period.averages', { average: decimal(row.average), weighted: decimal(row.weightedAverage) }));
  }
  if (row.proposed !== null) lines.push(t('journal:period.proposed', { mark: row.proposed }));
  if (row.periodMark) lines.push(t('journal:period.current', { mark: periodMarkLabel(t, row.periodMark) }));

  const version = row.periodMark?.version ?? 0;
  const set = (value: PeriodMarkValue, label = t(`journal:period.value.${value}`)) =>
    button(row.periodMark?.value === value ? `✓ ${label}` : label, encodeJournal('pv', { assignmentId, periodId, studentId, version, value: PERIOD_MARK_VALUES.indexOf(value) }));
  const keyboard: InlineKeyboardButton[][] = [];
  if (row.proposed !== null) keyboard.push([set(String(row.proposed) as PeriodMarkValue, t('journal:period.accept', { mark: row.proposed }))]);
  keyboard.push((['5', '4', '3', '2'] as const).map((v) => set(v)));
  keyboard.push(...rows((['pass', 'fail', 'na', 'exempt'] as const).map((v) => set(v)), 2));
  keyboard.push(DEFERRAL_WEEKS.map((weeks) => button(
    t('journal:period.defer', { date: shortDate(addDays(sheet.period.endDate, weeks * 7)) }),
    encodeJournal('pd', { assignmentId, periodId, studentId, version, weeks }),
  )));
  const next = sheet.rows[index + 1];
  const nav = [button(t('journal:period.sheet'), encodeJournal('ps', { assignmentId, periodId, page: Math.floor(index / PAGE) }))];
  if (next) nav.push(button(`${studentName(next.name, 'last', t)} ▶`, encodeJournal('pe', { assignmentId, periodId, studentId: next.studentId })));
  keyboard.push(nav);
  return { text: lines.join('\n\n'), keyboard };
}

export async function setPeriodMark(flow: Flow, assignmentId: number, periodId: number, studentId: number, version: number, valueIndex: number): Promise<Screen> {
  const value = PERIOD_MARK_VALUES[valueIndex];
  if (!value) throw new NotFound('value');
  const sheet = await flow.core.teacherJournal.setPeriodMark(assignmentId, periodId, studentId, { value }, version || undefined, flow.actor);
  return afterSaving(flow, sheet, studentId);
}

/** Deferral for a student who was ill (S0 п. 12): the mark is due some weeks after the period. */
export async function deferPeriodMark(flow: Flow, assignmentId: number, periodId: number, studentId: number, version: number, weeks: number): Promise<Screen> {
  if (!DEFERRAL_WEEKS.includes(weeks)) throw new NotFound('weeks');
  const sheet = await flow.core.teacherJournal.deferPeriodMark(assignmentId, periodId, studentId, weeks, version || undefined, flow.actor);
  return afterSaving(flow, sheet, studentId);
}

/** One tap for the whole sheet: every student without a mark gets the proposed one (in the core, at once). */
export async function acceptAllProposed(flow: Flow, assignmentId: number, periodId: number): Promise<Screen> {
  const { accepted, sheet } = await flow.core.teacherJournal.acceptAllProposed(assignmentId, periodId, flow.actor);
  return renderSheet(flow, sheet, 0, flow.ctx.t('journal:period.accepted', { count: accepted }));
}

/** Back to the sheet on the page of the next student without a mark, so the teacher goes down the list. */
function afterSaving(flow: Flow, sheet: PeriodSheetView, studentId: number): Screen {
  const index = sheet.rows.findIndex((r) => r.studentId === studentId);
  const saved = sheet.rows[index];
  const notice = saved?.periodMark ? flow.ctx.t('journal:period.saved', { name: studentName(saved.name, 'full', flow.ctx.t), mark: periodMarkLabel(flow.ctx.t, saved.periodMark) }) : undefined;
  if (sheet.lock?.locked) return renderSheet(flow, sheet, 0, [notice, flow.ctx.t('journal:period.nowLocked')].filter(Boolean).join('\n'));
  return renderSheet(flow, sheet, Math.floor(Math.max(0, index) / PAGE), notice);
}

function heading(sheet: PeriodSheetView): string {
  return `📊 ${assignmentTitle(sheet.assignment)}\n${periodLabel(sheet.period)}`;
}

function rowLabel(t: TFunction, row: PeriodSheetRow): string {
  const surname = studentName(row.name, 'lastFirst', t);
  const average = row.weightedAverage === null ? '—' : decimal(row.weightedAverage);
  const result = row.periodMark ? `✓ ${periodMarkLabel(t, row.periodMark)}` : row.proposed !== null ? `→ ${row.proposed}?` : '';
  return `${surname} · ${average} ${result}`.trim();
}

function periodMarkLabel(t: TFunction, mark: NonNullable<PeriodSheetRow['periodMark']>): string {
  if (mark.value) return t(`journal:period.value.${mark.value}`);
  return t('journal:period.deferred', { date: mark.deferredUntil ? ruDate(mark.deferredUntil) : '' });
}

const periodLabel = (p: PeriodView) => `${p.name} (${shortDate(p.startDate)}–${shortDate(p.endDate)})`;
/** 4,25 as a Russian reader writes it. */
const decimal = (n: number) => n.toLocaleString('ru-RU', { maximumFractionDigits: 2 });
