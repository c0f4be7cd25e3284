import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { ABSENCE_CODES, type AttendanceCode } from '../journal/attendance.entity.js';
import { localDate } from '../time/local-date.js';
import { ruDate } from '../time/format.js';
import type { AttendanceSummary } from '../journal/formulas/index.js';
import type { StatementMark, StudentStatement, SubjectStatement } from './statement-view.js';
import { openPdf, stampPages } from '../pdf/pdf-document.js';
import { ensureSpace, tableRow, type TableLayout } from '../pdf/pdf-table-row.js';
import { textRuns, type FontName } from '../pdf/pdf-text-run.js';
import { sexContext } from '../people/sex-context.js';


const MARGIN = { top: 40, bottom: 50, left: 40, right: 40 };
const WIDTH = 595.28 - MARGIN.left - MARGIN.right;
const PAD = { x: 4, y: 3 };
const LINE = '#B0B0B8';
const LESSON_COLUMNS = [62, 203, 180, 70];
const TOTAL_COLUMNS = [136, 45, 48, 58, 92, 34, 34, 34, 34];
const CODES: readonly AttendanceCode[] = [...ABSENCE_CODES, 'op'];

interface Format {
  t: TFunction;
  number: Intl.NumberFormat;
  weight: Intl.NumberFormat;
  text: ReturnType<typeof textRuns>;
}

/** The statement as A4 pages: a header, a table per subject with its averages and absences, the totals. */
export async function renderStatement(statement: StudentStatement, t: TFunction, language: Language, options: { compress: boolean }): Promise<Buffer> {
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const { doc, file: done } = openPdf({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    compress: options.compress,
    info: { Title: `${t('statement:pdf.title')}: ${statement.studentName}`, Creator: 'Klassny' },
  });
  const f: Format = {
    t,
    number: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    weight: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
    text: textRuns(doc),
  };

  header(doc, statement, f);
  if (statement.subjects.length === 0) {
    paragraph(doc, f, 'regular', 11, t('statement:pdf.noLessons'));
  }
  for (const subject of statement.subjects) subjectTable(doc, subject, f);
  totals(doc, statement, f);
  footers(doc, statement, f);
  doc.end();
  return done;
}

export function statementFilename(statement: StudentStatement, t: TFunction): { filename: string; asciiFilename: string } {
  const { from, to } = statement.range;
  return {
    filename: `${t('statement:filename', { name: statement.studentName, from: ruDate(from), to: ruDate(to) })}.pdf`,
    asciiFilename: `statement-${statement.studentId}-${from}-${to}.pdf`,
  };
}

/** A paragraph across the page in `font` at `size`, `before` and `after` lines of it around (pdfkit's moveDown). */
function paragraph(doc: PDFKit.PDFDocument, f: Format, font: FontName, size: number, text: string, space: { before?: number; after?: number } = {}): void {
  const run = f.text(font, size);
  doc.y += (space.before ?? 0) * run.lineHeight;
  run.paragraph(text, MARGIN.left, WIDTH);
  doc.y += (space.after ?? 0) * run.lineHeight;
}

function header(doc: PDFKit.PDFDocument, s: StudentStatement, f: Format): void {
  const { t } = f;
  doc.fillColor('#454655');
  paragraph(doc, f, 'regular', 10, s.schoolName, { after: 0.3 });
  doc.fillColor('#000000');
  paragraph(doc, f, 'bold', 16, t('statement:pdf.title'), { after: 0.3 });
  for (const line of [t('statement:pdf.student', { name: s.studentName, context: sexContext({ sex: s.studentSex, pseudonymNo: s.studentPseudonymNo }) }), t('statement:pdf.group', { group: s.groupName ?? '—' }),
    t('statement:pdf.range', { from: ruDate(s.range.from), to: ruDate(s.range.to) }), t('statement:pdf.year', { year: s.yearName })]) {
    paragraph(doc, f, 'regular', 11, line);
  }
  doc.fillColor('#454655');
  paragraph(doc, f, 'regular', 8, t('statement:pdf.legend'), { before: 0.3, after: 0.8 });
  doc.fillColor('#000000');
}

/** One row of a table, kept whole on one page; on a new page `again` repeats the table's heads first. */
function row(doc: PDFKit.PDFDocument, f: Format, cells: readonly string[], widths: readonly number[], bold: boolean, again?: () => void): void {
  const layout: TableLayout = { left: MARGIN.left, widths, pad: PAD, rule: LINE };
  doc.fillColor('#000000');
  tableRow(doc, f.text(bold ? 'bold' : 'regular', 9), cells, layout, again);
}

function markText(mark: StatementMark, f: Format): string {
  const value = mark.second === null ? String(mark.value) : `${mark.value}/${mark.second}`;
  const parts = [`${value} — ${mark.workType} ${f.t('statement:pdf.weight', { weight: f.weight.format(mark.weight) })}`];
  if (mark.makeUp) parts.push(f.t('statement:pdf.makeUp'));
  const text = parts.join(', ');
  return mark.comment ? `${text}\n«${mark.comment}»` : text;
}

const avg = (value: number | undefined, f: Format) => (value === undefined ? '—' : f.number.format(value));

function absencesLine(a: AttendanceSummary, t: TFunction): string {
  const codes = ABSENCE_CODES.map((c) => `${t(`statement:code.${c}`)} — ${a.byCode[c]}`).join(', ');
  return t('statement:pdf.absences', { codes, missed: a.missed, held: a.held, late: a.byCode.op });
}

function subjectTable(doc: PDFKit.PDFDocument, s: SubjectStatement, f: Format): void {
  const { t } = f;
  const columns = ['date', 'topic', 'marks', 'attendance'].map((c) => t(`statement:pdf.columns.${c}`));
  const title = (text: string) => {
    paragraph(doc, f, 'bold', 12, text, { after: 0.2 });
    row(doc, f, columns, LESSON_COLUMNS, true);
  };
  // The title, the column heads and the first lesson go on one page.
  ensureSpace(doc, 70);
  title(s.subject);
  const again = () => title(t('statement:pdf.continued', { subject: s.subject }));
  for (const lesson of s.lessons) {
    const cells = [
      ruDate(lesson.date),
      lesson.topic ?? t('statement:pdf.noTopic'),
      lesson.marks.map((m) => markText(m, f)).join('\n'),
      lesson.attendance ? t(`statement:code.${lesson.attendance}`) : '',
    ];
    row(doc, f, cells, LESSON_COLUMNS, false, again);
  }
  ensureSpace(doc, 40);
  paragraph(doc, f, 'regular', 10, s.markCount === 0 ? t('statement:pdf.noMarks')
    : t('statement:pdf.averages', { count: s.markCount, average: avg(s.average, f), weighted: avg(s.weightedAverage, f) }), { before: 0.3 });
  paragraph(doc, f, 'regular', 10, absencesLine(s.attendance, t), { after: 1 });
}

function totals(doc: PDFKit.PDFDocument, s: StudentStatement, f: Format): void {
  const { t } = f;
  const heads = ['subject', 'lessons', 'marks', 'average', 'weighted'].map((c) => t(`statement:pdf.totalColumns.${c}`))
    .concat(CODES.map((c) => t(`statement:code.${c}`)));
  const title = (text: string) => {
    paragraph(doc, f, 'bold', 12, text, { after: 0.2 });
    row(doc, f, heads, TOTAL_COLUMNS, true);
  };
  ensureSpace(doc, 90);
  title(t('statement:pdf.totals'));
  const again = () => title(t('statement:pdf.continued', { subject: t('statement:pdf.totals') }));
  for (const subject of s.subjects) {
    const a = subject.attendance;
    row(doc, f, [subject.subject, String(a.held), String(subject.markCount), avg(subject.average, f), avg(subject.weightedAverage, f), ...CODES.map((c) => String(a.byCode[c]))], TOTAL_COLUMNS, false, again);
  }
  const all = s.totals.attendance;
  row(doc, f, [t('statement:pdf.allSubjects'), String(all.held), String(s.totals.markCount), '', '', ...CODES.map((c) => String(all.byCode[c]))], TOTAL_COLUMNS, true, again);
  ensureSpace(doc, 40);
  paragraph(doc, f, 'regular', 10, t('statement:pdf.summary', { lessons: t('statement:pdf.lessonCount', { count: s.totals.lessons }), marks: t('statement:pdf.markCount', { count: s.totals.markCount }) }), { before: 0.3 });
  paragraph(doc, f, 'regular', 10, absencesLine(all, t), { after: 1 });

  ensureSpace(doc, 50);
  paragraph(doc, f, 'bold', 12, t('statement:pdf.byDate'), { after: 0.2 });
  if (s.totals.byDate.length === 0) paragraph(doc, f, 'regular', 10, t('statement:pdf.noAbsences'));
  const run = f.text('regular', 10);
  for (const day of s.totals.byDate) {
    const entries = day.entries.map((e) => t('statement:pdf.dayEntry', { subject: e.subject, number: e.lessonNumber, code: t(`statement:code.${e.code}`) }));
    const text = `${ruDate(day.date)}: ${entries.join('; ')}`;
    ensureSpace(doc, run.lines(text, WIDTH).length * run.lineHeight);
    run.paragraph(text, MARGIN.left, WIDTH);
  }
}

/** «Сформировано 23.11.2026 · Страница 1 из 2» at the foot of every page. */
function footers(doc: PDFKit.PDFDocument, s: StudentStatement, f: Format): void {
  const generated = ruDate(localDate(s.generatedAt, s.timeZone));
  const run = f.text('regular', 8);
  stampPages(doc, (page, pages) => {
    const text = f.t('statement:pdf.footer', { date: generated, page, pages });
    doc.fillColor('#454655');
    run.draw([{ text, x: MARGIN.left + (WIDTH - run.width(text)) / 2, y: doc.page.height - 32 }]);
  });
}
