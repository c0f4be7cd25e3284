import type { TFunction } from '../../core/i18n/i18n.js';
import type { Language } from '../../core/i18n/languages.js';
import type { JournalChoices } from '../../core/journal-view/journal-choices.js';
import type { JournalLesson, JournalPage, JournalStudent } from '../../core/journal-view/journal-page.js';
import {
  averageText, cellTokens, enrolmentNote, homeworkText, journalTitle, MAKE_UP_SIGN, periodLine, periodMarkText, textFormat, weightsLegend, type TextFormat,
} from '../../core/journal-view/journal-page-text.js';
import { ruDate } from '../../core/time/format.js';
// Everything interpolated into the page is escaped: names, topics and homework are typed by people.
import { escapeHtml } from './access-pages.js';

const STYLE = `
.kj { padding: 24px 32px; color: #0c1e29; font-size: 14px; }
.kj h1 { font-size: 28px; font-weight: 300; margin: 0 0 4px; }
.kj h2 { font-size: 18px; font-weight: 400; margin: 28px 0 10px; }
.kj .intro, .kj .muted { color: #454655; }
.kj .step { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 12px 0; }
.kj .step b { min-width: 80px; font-weight: 500; }
.kj .chip { padding: 4px 10px; border: 1px solid #c0c0ca; border-radius: 14px; color: #0c1e29; text-decoration: none; background: #fff; }
.kj .chip.on { background: #3040d6; border-color: #3040d6; color: #fff; }
.kj .head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: flex-end; gap: 12px; margin: 20px 0 10px; }
.kj .button { display: inline-block; margin-left: 8px; padding: 8px 16px; background: #3040d6; color: #fff; border-radius: 4px; text-decoration: none; }
.kj .scroll { overflow-x: auto; background: #fff; border: 1px solid #dcdce4; }
.kj table { border-collapse: collapse; background: #fff; }
.kj th, .kj td { border: 1px solid #c8c8d2; padding: 2px 4px; font-size: 12px; }
.kj .marks td.c { text-align: center; white-space: nowrap; min-width: 26px; }
.kj .marks th.d { min-width: 26px; font-weight: 500; }
.kj .marks .n, .kj .marks .name { position: sticky; background: #fff; z-index: 1; }
.kj .marks .n { left: 0; min-width: 24px; text-align: right; }
.kj .marks .name { left: 33px; min-width: 220px; white-space: nowrap; }
.kj .marks .name small { display: block; color: #55566a; font-size: 11px; }
.kj .marks td.out { background: #e4e4ea; }
.kj .marks .m { font-weight: 700; }
.kj .marks .a { color: #a0142a; }
.kj .marks sup { vertical-align: super; line-height: 0; font-size: 9px; font-weight: 400; color: #55566a; margin-left: 1px; }
.kj .marks .avg, .kj .marks .pm { font-weight: 700; text-align: center; min-width: 56px; }
.kj .topics { width: 100%; }
.kj .topics td { vertical-align: top; }
.kj .legend { margin-top: 8px; font-size: 12px; color: #55566a; }
`;

type Link = (ask: { group?: number; assignment?: number; period?: number }) => string;

function chips<T extends { id: number }>(label: string, items: readonly T[], selected: number | null, text: (item: T) => string, href: (item: T) => string, testId: string): string {
  const links = items.map((item) =>
    `<a data-nav class="chip${item.id === selected ? ' on' : ''}" href="${escapeHtml(href(item))}" data-testid="${testId}">${escapeHtml(text(item))}</a>`).join('');
  return `<div class="step"><b>${escapeHtml(label)}</b>${links}</div>`;
}

/**
 * The panel's «Журнал»: the choice of class, subject and period, and the chosen journal as the paper one
 * reads (journal-page.ts); a fragment the panel's page draws, with «Печать» as PDF and XLSX downloads.
 */
export function journalHtml(choices: JournalChoices, page: JournalPage | undefined, t: TFunction, language: Language, link: Link, files: (format: 'pdf' | 'xlsx') => string): string {
  const parts = [`<style>${STYLE}</style>`, `<h1>${escapeHtml(t('journalPage:html.heading'))}</h1>`, `<p class="intro">${escapeHtml(t('journalPage:html.intro'))}</p>`];
  if (choices.groups.length === 0) return wrap([...parts, `<p data-testid="journal-none">${escapeHtml(t('journalPage:html.noJournals'))}</p>`]);
  parts.push(chips(t('journalPage:html.group'), choices.groups, choices.groupId, (g) => (g.school ? `${g.name} (${g.school}, ${g.year})` : `${g.name} (${g.year})`), (g) => link({ group: g.id }), 'journal-group'));
  if (choices.groupId === null) return wrap([...parts, `<p class="muted">${escapeHtml(t('journalPage:html.chooseGroup'))}</p>`]);
  parts.push(chips(t('journalPage:html.subject'), choices.assignments, choices.assignmentId,
    (a) => `${a.subject}${a.subgroup ? ` (${a.subgroup})` : ''} — ${a.teacher}`, (a) => link({ group: choices.groupId!, assignment: a.id }), 'journal-subject'));
  if (choices.assignmentId === null) return wrap([...parts, `<p class="muted">${escapeHtml(t('journalPage:html.chooseSubject'))}</p>`]);
  parts.push(chips(t('journalPage:html.period'), choices.periods, choices.periodId, (p) => p.name,
    (p) => link({ group: choices.groupId!, assignment: choices.assignmentId!, period: p.id }), 'journal-period'));
  if (!page) return wrap([...parts, `<p class="muted">${escapeHtml(t('journalPage:html.choosePeriod'))}</p>`]);
  return wrap([...parts, pageHtml(page, textFormat(t, language), files)]);
}

const wrap = (parts: string[]) => `<div class="kj" data-testid="klassny-journal">${parts.join('\n')}</div>`;

function pageHtml(page: JournalPage, f: TextFormat, files: (format: 'pdf' | 'xlsx') => string): string {
  const { t } = f;
  const title = journalTitle(page, t);
  const sub = [
    t('journalPage:teacher', { name: page.assignment.teacher }),
    periodLine(page, t),
    t('journalPage:html.students', { count: page.students.length }),
    t('journalPage:html.lessons', { count: page.lessons.length }),
  ].join(' · ');
  const weights = weightsLegend(page, f);
  return `<section data-testid="journal-page">
  <div class="head"><div><h2 style="margin:0">${escapeHtml(title)}</h2><div class="muted">${escapeHtml(sub)}</div>${page.reach === 'substituted' ? `<div class="muted">${escapeHtml(t('journalPage:substitutedOnly'))}</div>` : ''}</div>
  <div><a class="button" href="${escapeHtml(files('pdf'))}" data-testid="journal-print">${escapeHtml(t('journalPage:html.print'))}</a><a class="button" href="${escapeHtml(files('xlsx'))}" data-testid="journal-xlsx">${escapeHtml(t('journalPage:html.xlsx'))}</a></div></div>
  <h2>${escapeHtml(t('journalPage:html.marks'))}</h2>
  <div class="scroll">${marksTable(page, f)}</div>
  <p class="legend">${weights ? `${escapeHtml(weights)}<br>` : ''}${escapeHtml(t('journalPage:legend.signs'))}</p>
  <h2>${escapeHtml(t('journalPage:html.topics'))}</h2>
  ${topicsTable(page.lessons, t)}
</section>`;
}

function marksTable(page: JournalPage, f: TextFormat): string {
  const { t } = f;
  const months: { name: string; span: number }[] = [];
  const month = new Intl.DateTimeFormat(f.locale, { month: 'long', timeZone: 'UTC' });
  for (const l of page.lessons) {
    const name = month.format(new Date(`${l.date.slice(0, 7)}-01T00:00:00Z`));
    const last = months[months.length - 1];
    if (last?.name === name) last.span++;
    else months.push({ name, span: 1 });
  }
  const monthRow = months.map((m) => `<th colspan="${m.span}">${escapeHtml(m.name.charAt(0).toUpperCase() + m.name.slice(1))}</th>`).join('');
  const days = page.lessons.map((l) =>
    `<th class="d" title="${escapeHtml(`${ruDate(l.date)}, ${t('journalPage:html.lessonNumber', { number: l.lessonNumber })}${l.topic ? `: ${l.topic}` : ''}`)}">${Number(l.date.slice(8))}</th>`).join('');
  const head = `<thead><tr><th class="n" rowspan="2">№</th><th class="name" rowspan="2">${escapeHtml(t('journalPage:student'))}</th>${monthRow}<th rowspan="2">${escapeHtml(t('journalPage:average'))}</th><th rowspan="2">${escapeHtml(t('journalPage:periodMark'))}</th></tr><tr>${days}</tr></thead>`;
  const rows = page.students.map((s, i) => studentRow(s, i, f)).join('\n');
  const empty = page.students.length === 0 ? `<tr><td colspan="${page.lessons.length + 4}">${escapeHtml(t('journalPage:noStudents'))}</td></tr>` : '';
  return `<table class="marks">${head}<tbody>${rows}${empty}</tbody></table>`;
}

function studentRow(s: JournalStudent, index: number, f: TextFormat): string {
  const note = enrolmentNote(s, f);
  const cells = s.cells.map((cell) => {
    const tokens = cellTokens(cell, f).map((tk) => tk.kind === 'attendance'
      ? `<span class="a" title="${escapeHtml(tk.title)}">${escapeHtml(tk.text)}</span>`
      : `<span class="m" title="${escapeHtml(tk.title)}">${escapeHtml(tk.text)}${tk.weight ? `<sup>${escapeHtml(tk.weight)}</sup>` : ''}${tk.makeUp ? MAKE_UP_SIGN : ''}</span>`);
    return `<td class="c${cell.enrolled ? '' : ' out'}">${tokens.join(' ')}</td>`;
  }).join('');
  return `<tr data-student="${s.id}"><td class="n">${index + 1}</td><td class="name">${escapeHtml(s.name)}${note ? `<small>${escapeHtml(note)}</small>` : ''}</td>${cells}<td class="avg">${escapeHtml(averageText(s, f))}</td><td class="pm">${escapeHtml(periodMarkText(s, f))}</td></tr>`;
}

function topicsTable(lessons: readonly JournalLesson[], t: TFunction): string {
  if (lessons.length === 0) return `<p class="muted">${escapeHtml(t('journalPage:noLessons'))}</p>`;
  const heads = ['date', 'number', 'topic', 'homework', 'note'].map((c) => `<th>${escapeHtml(t(`journalPage:topicColumns.${c}`))}</th>`).join('');
  const rows = lessons.map((l) => `<tr><td>${ruDate(l.date)}</td><td>${l.lessonNumber}</td><td>${escapeHtml(l.topic ?? t('journalPage:noTopic'))}</td><td>${escapeHtml(homeworkText(l, t))}</td><td>${l.substitute ? escapeHtml(t('journalPage:substitute', { name: l.substitute })) : ''}</td></tr>`).join('\n');
  return `<table class="topics"><thead><tr>${heads}</tr></thead><tbody>${rows}</tbody></table>`;
}
