import type { TFunction } from '../i18n/i18n.js';
import { BOTTOM, CONTENT_WIDTH, LINE, MARGIN, MUTED } from '../journal-view/journal-pdf-layout.js';
import { cellText } from '../reports/render/cell-text.js';
import type { Cell, Section } from '../reports/report-model.js';
import type { ArchiveContent } from './archive-content.js';
import { archiveSheet, currentPage, type Doc } from './archive-pdf-layout.js';

const NUMBER = 18;
const NAME = 165;
const PAD = 2;
const ROW_FONT = 7.5;
const HEAD_FONT = 6.5;

type Sheet = () => number;

function columnWidths(section: Section): number[] {
  const rest = section.columns.length - 2;
  const each = rest > 0 ? (CONTENT_WIDTH - NUMBER - NAME) / rest : 0;
  return section.columns.map((_, i) => (i === 0 ? NUMBER : i === 1 ? NAME : each));
}

/** One band of the table at `top`: each cell in its column (names left, the rest centred), ruled round. */
function band(doc: Doc, cells: readonly string[], widths: readonly number[], top: number): number {
  doc.font('regular').fontSize(ROW_FONT);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD + 1;
  doc.fillColor('#000000');
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    if (cell) doc.text(cell, x + PAD, top + PAD + 0.5, { width: widths[i]! - 2 * PAD, align: i === 1 ? 'left' : 'center' });
    x += widths[i]!;
  });
  rule(doc, widths, top, height);
  return top + height;
}

const HEAD_HEIGHT = 74;

/**
 * The heads of a summary table: №, the student, then the subjects written upwards (a class has up to twenty
 * subjects, whose full names would not fit across their narrow columns).
 */
function headBand(doc: Doc, heads: readonly string[], widths: readonly number[], top: number): number {
  doc.font('bold').fontSize(HEAD_FONT).fillColor('#000000');
  let x = MARGIN.left;
  heads.forEach((head, i) => {
    const width = widths[i]!;
    if (i < 2) doc.text(head, x + PAD, top + HEAD_HEIGHT - 12, { width: width - 2 * PAD, align: i === 0 ? 'center' : 'left', lineBreak: false });
    else {
      // Rotated a quarter turn about the column's foot: the text runs up the column, its lines across it.
      const lines = Math.max(1, Math.floor((width - 2 * PAD) / (HEAD_FONT + 1.5)));
      doc.save().rotate(-90, { origin: [x, top + HEAD_HEIGHT] });
      doc.text(head, x + PAD, top + HEAD_HEIGHT + PAD, { width: HEAD_HEIGHT - 2 * PAD, height: lines * (HEAD_FONT + 1.5), ellipsis: true });
      doc.restore();
    }
    x += width;
  });
  rule(doc, widths, top, HEAD_HEIGHT);
  return top + HEAD_HEIGHT;
}

function rule(doc: Doc, widths: readonly number[], top: number, height: number): void {
  doc.save().lineWidth(0.4).strokeColor(LINE);
  const right = widths.reduce((at, w) => at + w, MARGIN.left);
  doc.rect(MARGIN.left, top, right - MARGIN.left, height);
  let at = MARGIN.left;
  for (const w of widths.slice(0, -1)) doc.moveTo((at += w), top).lineTo(at, top + height);
  doc.stroke().restore();
}

/** A section of E1 (a term's or the year's marks of the class), its heads again on every sheet it runs over. */
function summaryTable(doc: Doc, section: Section, y: number, sheet: Sheet, locale: string): { page: number; y: number } {
  const widths = columnWidths(section);
  const heads = section.columns.map((c) => c.title);
  const start = (top: number) => {
    doc.font('bold').fontSize(10).fillColor('#000000').text(section.title, MARGIN.left, top, { width: CONTENT_WIDTH, lineBreak: false });
    return section.columns.length ? headBand(doc, heads, widths, top + 16) : top + 16;
  };
  // A table starts on a fresh sheet unless its heads and a few rows fit where the last one ended.
  if (y + 16 + HEAD_HEIGHT + 40 > BOTTOM) y = sheet();
  const page = currentPage(doc);
  y = start(y);
  for (const row of section.rows) {
    const cells = row.map((c: Cell) => cellText(c, locale));
    doc.font('regular').fontSize(ROW_FONT);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i]! - 2 * PAD }))) + 2 * PAD + 1;
    if (y + height > BOTTOM) y = start(sheet());
    y = band(doc, cells, widths, y);
  }
  if (section.note) {
    doc.font('regular').fontSize(8).fillColor(MUTED).text(section.note, MARGIN.left, y + 4, { width: CONTENT_WIDTH });
    y = doc.y;
  }
  return { page, y: y + 18 };
}

/**
 * The summary sheet (E1 over the year: each term's marks and the year marks, with pass and quality rates),
 * each section's start page handed to `reached` for the contents.
 */
export function summaryPart(doc: Doc, content: ArchiveContent, t: TFunction, locale: string, reached: (page: number) => void): void {
  const sheet = () => archiveSheet(doc, content, t, t('archive:summaryTitle'));
  let y = sheet();
  doc.font('bold').fontSize(14).text(t('archive:summaryTitle'), MARGIN.left, y, { width: CONTENT_WIDTH, lineBreak: false });
  y += 28;
  for (const section of content.summary) {
    const table = summaryTable(doc, section, y, sheet, locale);
    reached(table.page);
    y = table.y;
  }
}

/** Per subject the year's programme line (S0 §6.10), then the acceptance into the archive (S0 §8.4) at the end. */
export function programmePart(doc: Doc, content: ArchiveContent, t: TFunction): { acceptancePage: number } {
  const sheet = () => archiveSheet(doc, content, t, t('archive:programmeTitle'));
  let y = sheet();
  doc.font('bold').fontSize(14).fillColor('#000000').text(t('archive:programmeTitle'), MARGIN.left, y, { width: CONTENT_WIDTH, lineBreak: false });
  doc.font('regular').fontSize(8.5).fillColor(MUTED).text(t('archive:programmeIntro'), MARGIN.left, y + 22, { width: CONTENT_WIDTH });
  y = doc.y + 10;
  for (const subject of content.subjects) {
    doc.font('regular').fontSize(9);
    const height = doc.heightOfString(subject.fulfilment, { width: CONTENT_WIDTH - 12 }) + 18;
    if (y + height > BOTTOM) y = sheet();
    doc.font('bold').fontSize(9.5).fillColor('#000000').text(`${subject.title} — ${subject.teacher}`, MARGIN.left, y, { width: CONTENT_WIDTH, lineBreak: false });
    doc.font('regular').fontSize(9).text(subject.fulfilment, MARGIN.left + 12, y + 13, { width: CONTENT_WIDTH - 12 });
    y = doc.y + 6;
  }
  if (content.subjects.length === 0) {
    doc.font('regular').fontSize(9).text(t('archive:noSubjects'), MARGIN.left, y, { width: CONTENT_WIDTH });
    y = doc.y + 6;
  }
  if (y + 120 > BOTTOM) y = archiveSheet(doc, content, t, t('archive:acceptanceTitle'));
  else y += 24;
  const acceptancePage = currentPage(doc);
  doc.font('bold').fontSize(12).fillColor('#000000').text(t('archive:acceptanceTitle'), MARGIN.left, y, { width: CONTENT_WIDTH, lineBreak: false });
  // Nothing is added after this sheet, so the count of pages is final here.
  doc.font('regular').fontSize(10)
    .text(t('archive:pages', { number: currentPage(doc) }), MARGIN.left, y + 26, { width: CONTENT_WIDTH })
    .text(t('archive:acceptance'), MARGIN.left, y + 52, { width: CONTENT_WIDTH })
    .text(t('archive:signature'), MARGIN.left, y + 82, { width: CONTENT_WIDTH });
  return { acceptancePage };
}
