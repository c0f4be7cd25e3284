import type { JournalLesson, JournalPage, JournalStudent } from './journal-page.js';
import {
  ABSENCE, BOTTOM, CELL_PAD, CONTENT_WIDTH, LEGEND_HEIGHT, LINE, MARGIN, MARK_FONT, MARKS_COLUMNS as C, MUTED, SHADE, WEIGHT_FONT, lessonWidth,
} from './journal-pdf-layout.js';
import { averageText, cellTokens, enrolmentNote, MAKE_UP_SIGN, periodMarkText, weightsLegend, type CellToken, type TextFormat } from './journal-page-text.js';

const LINE_HEIGHT = 9;
const HEAD_ROW = 11;
const TOKEN_GAP = 2.5;

type Doc = PDFKit.PDFDocument;

/** A cell's tokens laid out in lines that fit its width: each token with its x offset. */
function layoutTokens(doc: Doc, tokens: readonly CellToken[], width: number): { token: CellToken; x: number; w: number }[][] {
  const lines: { token: CellToken; x: number; w: number }[][] = [[]];
  let x = 0;
  for (const token of tokens) {
    doc.font(token.kind === 'mark' ? 'bold' : 'regular').fontSize(MARK_FONT);
    let w = doc.widthOfString(token.text) + (token.makeUp ? doc.widthOfString(MAKE_UP_SIGN) : 0);
    if (token.weight) w += doc.font('regular').fontSize(WEIGHT_FONT).widthOfString(token.weight);
    const line = lines[lines.length - 1]!;
    if (line.length && x + TOKEN_GAP + w > width) {
      lines.push([{ token, x: 0, w }]);
      x = w;
    } else {
      const at = line.length ? x + TOKEN_GAP : 0;
      line.push({ token, x: at, w });
      x = at + w;
    }
  }
  return lines;
}

function drawToken(doc: Doc, token: CellToken, x: number, y: number): void {
  doc.font(token.kind === 'mark' ? 'bold' : 'regular').fontSize(MARK_FONT).fillColor(token.kind === 'attendance' ? ABSENCE : '#000000');
  doc.text(token.text, x, y, { lineBreak: false });
  let right = x + doc.widthOfString(token.text);
  if (token.weight) {
    // Written small and raised, as a teacher writes a weight beside a mark: «5²».
    doc.font('regular').fontSize(WEIGHT_FONT).fillColor(MUTED).text(token.weight, right, y - 1.5, { lineBreak: false });
    right += doc.widthOfString(token.weight);
  }
  if (token.makeUp) doc.font('bold').fontSize(MARK_FONT).fillColor('#000000').text(MAKE_UP_SIGN, right, y, { lineBreak: false });
}

export interface MarksTable {
  lessons: readonly JournalLesson[];
  /** Where these lessons begin among the page's, to pick each student's cells. */
  offset: number;
  /** The page's header and where the table starts below it, drawn again on a continuation page. */
  newPage: () => number;
}

/** The columns' x positions for `count` lessons. */
function columns(count: number) {
  const name = MARGIN.left + C.number;
  const lessons = name + C.name;
  const lesson = lessonWidth(count);
  const average = lessons + count * lesson;
  return { number: MARGIN.left, name, lessons, lesson, average, periodMark: average + C.average, right: average + C.average + C.periodMark };
}

/** The two head rows: months over their days, then the day of each lesson; names and totals beside. */
function heads(doc: Doc, table: MarksTable, top: number, f: TextFormat): number {
  const x = columns(table.lessons.length);
  const months = [new Intl.DateTimeFormat(f.locale, { month: 'long', timeZone: 'UTC' }), new Intl.DateTimeFormat(f.locale, { month: 'short', timeZone: 'UTC' })];
  doc.font('bold').fontSize(7).fillColor('#000000');
  const cellText = (text: string, left: number, width: number, y: number, height: number) =>
    doc.text(text, left + CELL_PAD, y + (height - 7) / 2, { width: width - 2 * CELL_PAD, align: 'center', lineBreak: false });
  cellText('№', x.number, C.number, top, 2 * HEAD_ROW);
  doc.text(f.t('journalPage:student'), x.name + CELL_PAD, top + HEAD_ROW / 2 + 1, { width: C.name - 2 * CELL_PAD, lineBreak: false });
  let i = 0;
  while (i < table.lessons.length) {
    const m = table.lessons[i]!.date.slice(0, 7);
    let j = i;
    while (j < table.lessons.length && table.lessons[j]!.date.startsWith(m)) j++;
    const span = (j - i) * x.lesson;
    // The month's name as wide as its columns allow: «Сентябрь», «сент.», or its number.
    doc.font('regular').fontSize(7);
    const names = [...months.map((format) => format.format(new Date(`${m}-01T00:00:00Z`))), m.slice(5)].map((n) => n.charAt(0).toUpperCase() + n.slice(1));
    const name = names.find((n) => doc.widthOfString(n) <= span - 2 * CELL_PAD) ?? names[names.length - 1]!;
    cellText(name, x.lessons + i * x.lesson, span, top, HEAD_ROW);
    box(doc, x.lessons + i * x.lesson, top, span, HEAD_ROW);
    i = j;
  }
  doc.font('bold').fontSize(7);
  table.lessons.forEach((l, k) => cellText(String(Number(l.date.slice(8))), x.lessons + k * x.lesson, x.lesson, top + HEAD_ROW, HEAD_ROW));
  doc.font('bold').fontSize(6);
  doc.text(f.t('journalPage:average'), x.average + 1, top + 4, { width: C.average - 2, align: 'center' });
  doc.text(f.t('journalPage:periodMark'), x.periodMark + 1, top + 4, { width: C.periodMark - 2, align: 'center' });
  grid(doc, x, table.lessons.length, top, 2 * HEAD_ROW, HEAD_ROW);
  return top + 2 * HEAD_ROW;
}

function box(doc: Doc, left: number, top: number, width: number, height: number): void {
  doc.save().lineWidth(0.4).strokeColor(LINE).rect(left, top, width, height).stroke().restore();
}

/** The lines of a row band: its frame, the columns' borders, and between lessons from `innerFrom` down (under the months). */
function grid(doc: Doc, x: ReturnType<typeof columns>, count: number, top: number, height: number, innerFrom = 0): void {
  doc.save().lineWidth(0.4).strokeColor(LINE);
  for (const at of [x.number, x.name, x.lessons, x.average, x.periodMark, x.right]) doc.moveTo(at, top).lineTo(at, top + height);
  for (let k = 1; k < count; k++) doc.moveTo(x.lessons + k * x.lesson, top + innerFrom).lineTo(x.lessons + k * x.lesson, top + height);
  doc.moveTo(x.number, top).lineTo(x.right, top).moveTo(x.number, top + height).lineTo(x.right, top + height);
  if (innerFrom) doc.moveTo(x.lessons, top + innerFrom).lineTo(x.average, top + innerFrom);
  doc.stroke().restore();
}

function studentRow(doc: Doc, s: JournalStudent, index: number, table: MarksTable, top: number, f: TextFormat, height: number): void {
  const x = columns(table.lessons.length);
  const cells = s.cells.slice(table.offset, table.offset + table.lessons.length);
  cells.forEach((cell, k) => {
    const left = x.lessons + k * x.lesson;
    if (!cell.enrolled) doc.save().rect(left, top, x.lesson, height).fill(SHADE).restore();
    layoutTokens(doc, cellTokens(cell, f), x.lesson - 2 * CELL_PAD).forEach((line, n) => {
      const width = line.reduce((w, p) => Math.max(w, p.x + p.w), 0);
      const start = left + (x.lesson - width) / 2;
      for (const p of line) drawToken(doc, p.token, start + p.x, top + CELL_PAD + 0.5 + n * LINE_HEIGHT);
    });
  });
  doc.font('regular').fontSize(MARK_FONT).fillColor('#000000');
  doc.text(String(index + 1), x.number, top + CELL_PAD + 0.5, { width: C.number - CELL_PAD, align: 'right', lineBreak: false });
  doc.text(s.name, x.name + CELL_PAD, top + CELL_PAD + 0.5, { width: C.name - 2 * CELL_PAD });
  const note = enrolmentNote(s, f);
  if (note) doc.font('regular').fontSize(6).fillColor(MUTED).text(note, x.name + CELL_PAD, doc.y, { width: C.name - 2 * CELL_PAD });
  doc.font('bold').fontSize(MARK_FONT).fillColor('#000000');
  doc.text(averageText(s, f), x.average, top + CELL_PAD + 0.5, { width: C.average, align: 'center', lineBreak: false });
  doc.text(periodMarkText(s, f), x.periodMark, top + CELL_PAD + 0.5, { width: C.periodMark, align: 'center', lineBreak: false });
  grid(doc, x, table.lessons.length, top, height);
}

function rowHeight(doc: Doc, s: JournalStudent, table: MarksTable, f: TextFormat): number {
  doc.font('regular').fontSize(MARK_FONT);
  let height = doc.heightOfString(s.name, { width: C.name - 2 * CELL_PAD });
  const note = enrolmentNote(s, f);
  if (note) height += doc.font('regular').fontSize(6).heightOfString(note, { width: C.name - 2 * CELL_PAD });
  const width = lessonWidth(table.lessons.length) - 2 * CELL_PAD;
  for (const cell of s.cells.slice(table.offset, table.offset + table.lessons.length)) {
    height = Math.max(height, layoutTokens(doc, cellTokens(cell, f), width).length * LINE_HEIGHT);
  }
  return Math.max(LINE_HEIGHT, height) + 2 * CELL_PAD + 1;
}

/** One lesson chunk's marks page (and its continuations when the class is long), each with its legend. */
export function drawMarks(doc: Doc, page: JournalPage, table: MarksTable, f: TextFormat): void {
  let y = heads(doc, table, table.newPage(), f);
  page.students.forEach((s, index) => {
    const height = rowHeight(doc, s, table, f);
    if (y + height > BOTTOM - LEGEND_HEIGHT) {
      legend(doc, page, f);
      y = heads(doc, table, table.newPage(), f);
    }
    studentRow(doc, s, index, table, y, f, height);
    y += height;
  });
  if (page.students.length === 0) {
    doc.font('regular').fontSize(9).fillColor(MUTED).text(f.t('journalPage:noStudents'), MARGIN.left, y + 6, { lineBreak: false });
  }
  legend(doc, page, f);
}

function legend(doc: Doc, page: JournalPage, f: TextFormat): void {
  const lines = [weightsLegend(page, f), f.t('journalPage:legend.signs')].filter(Boolean);
  doc.font('regular').fontSize(6.5).fillColor(MUTED);
  doc.text(lines.join('\n'), MARGIN.left, BOTTOM - LEGEND_HEIGHT + 6, { width: CONTENT_WIDTH, height: LEGEND_HEIGHT - 6, ellipsis: true });
}
