import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { ABSENCE_CODES, type AttendanceCode } from '../journal/attendance.entity.js';
import { localDate } from '../time/local-date.js';
import { ruDate } from '../time/format.js';
import type { AttendanceSummary } from '../journal/formulas/index.js';
import type { StatementMark, StudentStatement, SubjectStatement } from './statement-view.js';
import { openPdf, stampPages } from '../pdf/pdf-document.js';


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
}

/** The statement as A4 pages: a header, a table per subject with its averages and absences, the totals. */
export async function renderStatement(statement: StudentStatement, t: TFunction, language: Language, options: { compress: boolean }): Promise<Buffer> {
  const locale = language === 'ru' ? 'ru-RU' : 'en-GB';
  const f: Format = {
    t,
    number: new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    weight: new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }),
  };
  const { doc, file: done } = openPdf({
    size: 'A4',
    margins: MARGIN,
    bufferPages: true,
    compress: options.compress,
    info: { Title: `${t('statement:pdf.title')}: ${statement.studentName}`, Creator: 'Klassny' },
  });

  header(doc, statement, f);
  if (statement.subjects.length === 0) {
    doc.font('regular').fontSize(11).text(t('statement:pdf.noLessons'), MARGIN.left, doc.y, { width: WIDTH });
  }
  for (const subject of statement.subjects) subjectTable(doc, subject, f);
  totals(doc, statement, f);
  footers(doc, statement, t);
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

const bottom = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when `height` no longer fits on this one; `again` draws what a continued table repeats. */
function ensureSpace(doc: PDFKit.PDFDocument, height: number, again?: () => void): void {
  if (doc.y + height <= bottom(doc)) return;
  doc.addPage();
  again?.();
}

function header(doc: PDFKit.PDFDocument, s: StudentStatement, { t }: Format): void {
  const text = (line: string) => doc.text(line, MARGIN.left, doc.y, { width: WIDTH });
  doc.font('regular').fontSize(10).fillColor('#454655');
  text(s.schoolName);
  doc.moveDown(0.3).font('bold').fontSize(16).fillColor('#000000');
  text(t('statement:pdf.title'));
  doc.moveDown(0.3).font('regular').fontSize(11);
  text(t('statement:pdf.student', { name: s.studentName }));
  text(t('statement:pdf.group', { group: s.groupName ?? '—' }));
  text(t('statement:pdf.range', { from: ruDate(s.range.from), to: ruDate(s.range.to) }));
  text(t('statement:pdf.year', { year: s.yearName }));
  doc.moveDown(0.3).fontSize(8).fillColor('#454655');
  text(t('statement:pdf.legend'));
  doc.fillColor('#000000').moveDown(0.8);
}

/** One row of a table, kept whole on one page; on a new page `again` repeats the table's heads first. */
function row(doc: PDFKit.PDFDocument, cells: readonly string[], widths: readonly number[], bold: boolean, again?: () => void): void {
  doc.font(bold ? 'bold' : 'regular').fontSize(9);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD.x }))) + 2 * PAD.y;
  ensureSpace(doc, height, again);
  // A new page's repeated heads may have changed the font.
  doc.font(bold ? 'bold' : 'regular').fontSize(9);
  const top = doc.y;
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    if (cell) doc.text(cell, x + PAD.x, top + PAD.y, { width: widths[i]! - 2 * PAD.x });
    x += widths[i]!;
  });
  doc.save().lineWidth(0.5).strokeColor(LINE).moveTo(MARGIN.left, top + height).lineTo(MARGIN.left + WIDTH, top + height).stroke().restore();
  doc.x = MARGIN.left;
  doc.y = top + height;
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
    doc.font('bold').fontSize(12).text(text, MARGIN.left, doc.y, { width: WIDTH });
    doc.moveDown(0.2);
    row(doc, columns, LESSON_COLUMNS, true);
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
    row(doc, cells, LESSON_COLUMNS, false, again);
  }
  ensureSpace(doc, 40);
  doc.moveDown(0.3).font('regular').fontSize(10);
  const line = (text: string) => doc.text(text, MARGIN.left, doc.y, { width: WIDTH });
  line(s.markCount === 0 ? t('statement:pdf.noMarks')
    : t('statement:pdf.averages', { count: s.markCount, average: avg(s.average, f), weighted: avg(s.weightedAverage, f) }));
  line(absencesLine(s.attendance, t));
  doc.moveDown(1);
}

function totals(doc: PDFKit.PDFDocument, s: StudentStatement, f: Format): void {
  const { t } = f;
  const heads = ['subject', 'lessons', 'marks', 'average', 'weighted'].map((c) => t(`statement:pdf.totalColumns.${c}`))
    .concat(CODES.map((c) => t(`statement:code.${c}`)));
  const title = (text: string) => {
    doc.font('bold').fontSize(12).text(text, MARGIN.left, doc.y, { width: WIDTH });
    doc.moveDown(0.2);
    row(doc, heads, TOTAL_COLUMNS, true);
  };
  ensureSpace(doc, 90);
  title(t('statement:pdf.totals'));
  const again = () => title(t('statement:pdf.continued', { subject: t('statement:pdf.totals') }));
  for (const subject of s.subjects) {
    const a = subject.attendance;
    row(doc, [subject.subject, String(a.held), String(subject.markCount), avg(subject.average, f), avg(subject.weightedAverage, f), ...CODES.map((c) => String(a.byCode[c]))], TOTAL_COLUMNS, false, again);
  }
  const all = s.totals.attendance;
  row(doc, [t('statement:pdf.allSubjects'), String(all.held), String(s.totals.markCount), '', '', ...CODES.map((c) => String(all.byCode[c]))], TOTAL_COLUMNS, true, again);
  ensureSpace(doc, 40);
  doc.moveDown(0.3).font('regular').fontSize(10);
  doc.text(t('statement:pdf.summary', { lessons: t('statement:pdf.lessonCount', { count: s.totals.lessons }), marks: t('statement:pdf.markCount', { count: s.totals.markCount }) }), MARGIN.left, doc.y, { width: WIDTH });
  doc.text(absencesLine(all, t), MARGIN.left, doc.y, { width: WIDTH });

  doc.moveDown(1);
  ensureSpace(doc, 50);
  doc.font('bold').fontSize(12).text(t('statement:pdf.byDate'), MARGIN.left, doc.y, { width: WIDTH });
  doc.moveDown(0.2).font('regular').fontSize(10);
  if (s.totals.byDate.length === 0) doc.text(t('statement:pdf.noAbsences'), MARGIN.left, doc.y, { width: WIDTH });
  for (const day of s.totals.byDate) {
    const entries = day.entries.map((e) => t('statement:pdf.dayEntry', { subject: e.subject, number: e.lessonNumber, code: t(`statement:code.${e.code}`) }));
    const text = `${ruDate(day.date)}: ${entries.join('; ')}`;
    ensureSpace(doc, doc.heightOfString(text, { width: WIDTH }));
    doc.text(text, MARGIN.left, doc.y, { width: WIDTH });
  }
}

/** «Сформировано 23.11.2026 · Страница 1 из 2» at the foot of every page. */
function footers(doc: PDFKit.PDFDocument, s: StudentStatement, t: TFunction): void {
  const generated = ruDate(localDate(s.generatedAt, s.timeZone));
  stampPages(doc, (page, pages) => {
    doc.font('regular').fontSize(8).fillColor('#454655')
      .text(t('statement:pdf.footer', { date: generated, page, pages }), MARGIN.left, doc.page.height - 32, { width: WIDTH, align: 'center', lineBreak: false });
  });
}
