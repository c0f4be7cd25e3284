import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { openPdf, stampPages } from '../pdf/pdf-document.js';
import { ruDate } from '../time/format.js';
import { localDate } from '../time/local-date.js';
import type { JournalLesson, JournalPage } from './journal-page.js';
import { BOTTOM, CONTENT_WIDTH, HEADER_HEIGHT, LINE, MARGIN, MUTED, PAGE, TOPIC_COLUMNS, lessonChunks } from './journal-pdf-layout.js';
import { drawMarks } from './journal-pdf-marks.js';
import { homeworkText, journalTitle, periodLine, textFormat, type TextFormat } from './journal-page-text.js';

type Doc = PDFKit.PDFDocument;

/**
 * The journal printed as the paper one reads (S4 app. 3 item 10: class lists, marks, attendance, topics,
 * homework, period marks, both sides of a sheet): A4 landscape, for each stretch of lessons a marks page (its
 * continuation when the class is long) and then the facing page with those dates' topics and homework. Every
 * page is headed with the class, subject, teacher and period and numbered «стр. N из M».
 */
export async function renderJournalPdf(page: JournalPage, t: TFunction, language: Language, options: { compress: boolean }): Promise<Buffer> {
  const f = textFormat(t, language);
  const { doc, file } = openJournalDocument({ Title: journalTitle(page, t), Creator: 'Klassny' }, options.compress);
  drawJournalSheets(doc, page, f);
  certification(doc, page, f);
  pageNumbers(doc, t);
  doc.end();
  return file;
}

/**
 * A document for journal sheets: A4 landscape, its pages buffered (numbered once all exist), and no margins of
 * pdfkit's own: the layout places everything, and text near the foot never starts a page.
 */
export function openJournalDocument(info: PDFKit.DocumentInfo, compress: boolean): ReturnType<typeof openPdf> {
  return openPdf({ size: 'A4', layout: 'landscape', margins: { top: 0, bottom: 0, left: 0, right: 0 }, bufferPages: true, autoFirstPage: false, compress, info });
}

/**
 * The page's sheets into `doc` (A4 landscape, no margins of pdfkit's own): for each stretch of lessons its
 * marks sheet (continued when the class is long) and the facing sheet of topics and homework. The year-end
 * archive (core/archive) draws every subject's terms with it into one document.
 */
export function drawJournalSheets(doc: Doc, page: JournalPage, f: TextFormat): void {
  let offset = 0;
  for (const lessons of lessonChunks(page.lessons)) {
    drawMarks(doc, page, { lessons, offset, newPage: () => newPage(doc, page, f, f.t('journalPage:marksPage')) }, f);
    if (lessons.length) topicsPage(doc, page, lessons, f);
    offset += lessons.length;
  }
}

/** A new sheet with the journal's header; answers where the content starts. */
function newPage(doc: Doc, page: JournalPage, f: TextFormat, side: string): number {
  const { t } = f;
  doc.addPage();
  doc.font('regular').fontSize(7.5).fillColor(MUTED).text(page.school.name, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH - 120, lineBreak: false });
  doc.font('bold').fontSize(11).fillColor('#000000').text(journalTitle(page, t), MARGIN.left, MARGIN.top + 10, { width: CONTENT_WIDTH - 200, lineBreak: false });
  doc.font('regular').fontSize(8.5).text(
    `${t('journalPage:teacher', { name: page.assignment.teacher })}   ·   ${periodLine(page, t)}`,
    MARGIN.left, MARGIN.top + 25, { width: CONTENT_WIDTH - 200, lineBreak: false },
  );
  doc.font('regular').fontSize(8).fillColor(MUTED).text(side, MARGIN.left + CONTENT_WIDTH - 200, MARGIN.top + 12, { width: 200, align: 'right', lineBreak: false });
  if (page.reach === 'substituted') {
    doc.fontSize(7).text(t('journalPage:substitutedOnly'), MARGIN.left + CONTENT_WIDTH - 200, MARGIN.top + 26, { width: 200, align: 'right', lineBreak: false });
  }
  doc.fillColor('#000000');
  return MARGIN.top + HEADER_HEIGHT;
}

/** A line of the facing page's height, its cells wrapped in their columns. */
function topicHeight(doc: Doc, cells: readonly string[], bold = false): number {
  doc.font(bold ? 'bold' : 'regular').fontSize(8);
  return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: TOPIC_COLUMNS[i]! - 6 }))) + 5;
}

/** One line of the facing page at `top`, ruled below; answers where the next one starts. */
function topicRow(doc: Doc, cells: readonly string[], top: number, bold: boolean): number {
  const height = topicHeight(doc, cells, bold);
  doc.fillColor('#000000');
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    if (cell) doc.text(cell, x + 3, top + 2.5, { width: TOPIC_COLUMNS[i]! - 6 });
    x += TOPIC_COLUMNS[i]!;
  });
  doc.save().lineWidth(0.4).strokeColor(LINE).moveTo(MARGIN.left, top + height).lineTo(MARGIN.left + CONTENT_WIDTH, top + height).stroke().restore();
  return top + height;
}

/** The facing page: the same lessons' dates, topics and homework (and who substituted). */
function topicsPage(doc: Doc, page: JournalPage, lessons: readonly JournalLesson[], f: TextFormat): void {
  const { t } = f;
  const heads = ['date', 'number', 'topic', 'homework', 'note'].map((c) => t(`journalPage:topicColumns.${c}`));
  const start = () => topicRow(doc, heads, newPage(doc, page, f, t('journalPage:topicsPage')), true);
  let y = start();
  for (const l of lessons) {
    const cells = [
      ruDate(l.date),
      String(l.lessonNumber),
      l.topic ?? t('journalPage:noTopic'),
      homeworkText(l, t),
      l.substitute ? t('journalPage:substitute', { name: l.substitute }) : '',
    ];
    if (y + topicHeight(doc, cells) > BOTTOM) y = start();
    y = topicRow(doc, cells, y, false);
  }
}

/** The deputy signs that the paper copy is true (S4 app. 3 item 10), in the last page's bottom margin. */
function certification(doc: Doc, page: JournalPage, f: TextFormat): void {
  const generated = ruDate(localDate(page.generatedAt, page.timeZone));
  doc.font('regular').fontSize(8).fillColor(MUTED)
    .text(f.t('journalPage:certification', { date: generated }), MARGIN.left, BOTTOM + 8, { width: CONTENT_WIDTH, lineBreak: false });
}

/** «стр. N из M» at the top right of every page, once all pages exist. */
function pageNumbers(doc: Doc, t: TFunction): void {
  stampPages(doc, (n, pages) => doc.font('regular').fontSize(8).fillColor(MUTED)
    .text(t('journalPage:pageNumber', { page: n, pages }), PAGE.width - MARGIN.right - 120, MARGIN.top, { width: 120, align: 'right', lineBreak: false }));
}
