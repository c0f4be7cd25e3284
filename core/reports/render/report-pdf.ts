import { openPdf, stampPages } from '../../pdf/pdf-document.js';
import type { TFunction } from '../../i18n/i18n.js';
import type { BarChart, Cell, ReportTable, Section } from '../report-model.js';
import { cellText } from './cell-text.js';

const MARGIN = { top: 36, bottom: 44, left: 36, right: 36 };
const PAD = { x: 3, y: 3 };
const LINE = '#B0B0B8';
const COLOURS = ['#3040D6', '#F0A030', '#2E9E5B'];

/**
 * The report on A4 (landscape when a table is wider than a portrait page takes): the heading (school,
 * report, period, filters, when and by whom it was made), each section as a table whose column heads repeat
 * on every page it runs over, the bar charts, and «стр. N из M» at the foot of each page. Fonts with
 * Cyrillic from core/pdf.
 */
export async function renderReportPdf(report: ReportTable, t: TFunction, locale: string, options: { compress: boolean }): Promise<Buffer> {
  const landscape = report.sections.some((s) => s.columns.length > 9);
  const { doc, file } = openPdf({ size: 'A4', layout: landscape ? 'landscape' : 'portrait', margins: MARGIN, bufferPages: true, compress: options.compress,
    info: { Title: report.heading.title, Creator: 'Klassny' } });
  const width = doc.page.width - MARGIN.left - MARGIN.right;
  heading(doc, report, t, width);
  for (const section of report.sections) table(doc, section, locale, width);
  for (const chart of report.charts) barChart(doc, chart, width);
  footers(doc, t, width);
  doc.end();
  return file;
}

const bottom = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom;

function ensureSpace(doc: PDFKit.PDFDocument, height: number, again?: () => void): void {
  if (doc.y + height <= bottom(doc)) return;
  doc.addPage();
  again?.();
}

function heading(doc: PDFKit.PDFDocument, report: ReportTable, t: TFunction, width: number): void {
  const h = report.heading;
  const line = (text: string) => doc.text(text, MARGIN.left, doc.y, { width });
  doc.font('regular').fontSize(10).fillColor('#454655');
  line(h.school);
  doc.moveDown(0.3).font('bold').fontSize(15).fillColor('#000000');
  line(h.title);
  doc.moveDown(0.2).font('regular').fontSize(10);
  line(t('reports:heading.period', { period: h.period }));
  for (const filter of h.filters) line(filter);
  line(t('reports:heading.made', { at: h.madeAt, by: h.madeBy }));
  doc.moveDown(0.8);
}

/** Wide (name) columns get three shares of the width, the others one; at least 28 pt each. */
function widths(section: Section, width: number): number[] {
  const shares = section.columns.map((c) => (c.wide ? 3 : 1));
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => (s / total) * width);
}

function row(doc: PDFKit.PDFDocument, cells: string[], cols: number[], bold: boolean, numeric: boolean[], again?: () => void): void {
  const font = bold ? 'bold' : 'regular';
  doc.font(font).fontSize(8);
  const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]! - 2 * PAD.x }))) + 2 * PAD.y;
  ensureSpace(doc, height, again);
  doc.font(font).fontSize(8).fillColor('#000000');
  const top = doc.y;
  let x = MARGIN.left;
  cells.forEach((cell, i) => {
    if (cell) doc.text(cell, x + PAD.x, top + PAD.y, { width: cols[i]! - 2 * PAD.x, align: numeric[i] ? 'right' : 'left' });
    x += cols[i]!;
  });
  const right = MARGIN.left + cols.reduce((a, b) => a + b, 0);
  doc.save().lineWidth(0.5).strokeColor(LINE).moveTo(MARGIN.left, top + height).lineTo(right, top + height).stroke().restore();
  doc.x = MARGIN.left;
  doc.y = top + height;
}

const isNumeric = (cell: Cell | undefined) => cell !== undefined && cell.type !== 'text';

function table(doc: PDFKit.PDFDocument, section: Section, locale: string, width: number): void {
  ensureSpace(doc, 60);
  const title = () => {
    doc.font('bold').fontSize(11).fillColor('#000000').text(section.title, MARGIN.left, doc.y, { width });
    doc.moveDown(0.2);
  };
  title();
  if (section.columns.length > 0) {
    const cols = widths(section, width);
    const numeric = section.columns.map((_, i) => section.rows.some((r) => isNumeric(r[i])) && !section.columns[i]!.wide);
    const heads = () => row(doc, section.columns.map((c) => c.title), cols, true, numeric);
    heads();
    const again = () => { title(); heads(); };
    for (const r of section.rows) row(doc, r.map((c) => cellText(c, locale)), cols, false, numeric, again);
  }
  if (section.note) {
    doc.moveDown(0.3).font('regular').fontSize(9).fillColor('#454655').text(section.note, MARGIN.left, doc.y, { width });
  }
  doc.fillColor('#000000').moveDown(1);
}

/** Vertical bars per label, one per series, on a 0–100 scale, with a legend. */
function barChart(doc: PDFKit.PDFDocument, chart: BarChart, width: number): void {
  const height = 180;
  ensureSpace(doc, height + 70);
  doc.font('bold').fontSize(11).fillColor('#000000').text(chart.title, MARGIN.left, doc.y, { width });
  doc.moveDown(0.3);
  const legendY = doc.y;
  let lx = MARGIN.left;
  chart.series.forEach((s, i) => {
    doc.rect(lx, legendY + 2, 8, 8).fill(COLOURS[i % COLOURS.length]);
    doc.font('regular').fontSize(8).fillColor('#000000').text(s.name, lx + 12, legendY, { lineBreak: false });
    lx += 24 + doc.widthOfString(s.name);
  });
  const top = legendY + 18;
  const base = top + height;
  const max = 100;
  doc.save().lineWidth(0.5).strokeColor(LINE).moveTo(MARGIN.left, base).lineTo(MARGIN.left + width, base).stroke().restore();
  const slot = width / Math.max(chart.labels.length, 1);
  const bar = Math.min(18, (slot - 6) / chart.series.length);
  chart.labels.forEach((label, li) => {
    const x0 = MARGIN.left + li * slot + (slot - bar * chart.series.length) / 2;
    chart.series.forEach((s, si) => {
      const value = s.values[li];
      if (value === undefined) return;
      const h = (Math.max(0, Math.min(value, max)) / max) * height;
      doc.rect(x0 + si * bar, base - h, bar - 1, h).fill(COLOURS[si % COLOURS.length]);
      if (bar >= 12) doc.font('regular').fontSize(6).fillColor('#000000').text(`${Math.round(value)}`, x0 + si * bar - 2, base - h - 8, { width: bar + 3, align: 'center', lineBreak: false });
    });
    doc.font('regular').fontSize(7).fillColor('#000000').text(label, MARGIN.left + li * slot, base + 3, { width: slot, align: 'center', height: 20, ellipsis: true });
  });
  doc.x = MARGIN.left;
  doc.y = base + 26;
  doc.font('regular').fontSize(7).fillColor('#454655').text(`0–100 ${chart.unit}`, MARGIN.left, doc.y, { width });
  doc.fillColor('#000000').moveDown(1);
}

/** «стр. N из M» at the foot of every page. */
function footers(doc: PDFKit.PDFDocument, t: TFunction, width: number): void {
  stampPages(doc, (page, pages) => {
    doc.font('regular').fontSize(8).fillColor('#454655')
      .text(t('reports:pageOf', { page, pages }), MARGIN.left, doc.page.height - 28, { width, align: 'center', lineBreak: false });
  });
}
