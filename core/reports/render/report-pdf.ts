import { openPdf, stampPages } from '../../pdf/pdf-document.js';
import { ensureSpace, tableRow, type TableLayout } from '../../pdf/pdf-table-row.js';
import { textRuns, type TextRun } from '../../pdf/pdf-text-run.js';
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
  const text = textRuns(doc);
  heading(doc, text, report, t, width);
  for (const section of report.sections) table(doc, text, section, locale, width);
  for (const chart of report.charts) barChart(doc, text, chart, width);
  footers(doc, text('regular', 8), t, width);
  doc.end();
  return file;
}

type Texts = ReturnType<typeof textRuns>;

function heading(doc: PDFKit.PDFDocument, text: Texts, report: ReportTable, t: TFunction, width: number): void {
  const h = report.heading;
  const [small, title] = [text('regular', 10), text('bold', 15)];
  doc.fillColor('#454655');
  small.paragraph(h.school, MARGIN.left, width);
  doc.y += 0.3 * small.lineHeight;
  doc.fillColor('#000000');
  title.paragraph(h.title, MARGIN.left, width);
  doc.y += 0.2 * title.lineHeight;
  for (const line of [t('reports:heading.period', { period: h.period }), ...h.filters, t('reports:heading.made', { at: h.madeAt, by: h.madeBy })]) {
    small.paragraph(line, MARGIN.left, width);
  }
  doc.y += 0.8 * small.lineHeight;
}

/** Wide (name) columns get three shares of the width, the others one; at least 28 pt each. */
function widths(section: Section, width: number): number[] {
  const shares = section.columns.map((c) => (c.wide ? 3 : 1));
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => (s / total) * width);
}

const isNumeric = (cell: Cell | undefined) => cell !== undefined && cell.type !== 'text';

function table(doc: PDFKit.PDFDocument, text: Texts, section: Section, locale: string, width: number): void {
  ensureSpace(doc, 60);
  const [regular, bold, heading] = [text('regular', 8), text('bold', 8), text('bold', 11)];
  const title = () => {
    doc.fillColor('#000000');
    heading.paragraph(section.title, MARGIN.left, width);
    doc.y += 0.2 * heading.lineHeight;
  };
  title();
  if (section.columns.length > 0) {
    const cols = widths(section, width);
    const numeric = section.columns.map((_, i) => section.rows.some((r) => isNumeric(r[i])) && !section.columns[i]!.wide);
    const titles = section.columns.map((c) => c.title);
    const layout: TableLayout = { left: MARGIN.left, widths: cols, pad: PAD, rule: LINE, right: numeric };
    const heads = () => tableRow(doc, bold, titles, layout);
    heads();
    const again = () => { title(); heads(); };
    for (const r of section.rows) tableRow(doc, regular, r.map((c) => cellText(c, locale)), layout, again);
  }
  const note = text('regular', 9);
  if (section.note) {
    doc.y += 0.3 * note.lineHeight;
    doc.fillColor('#454655');
    note.paragraph(section.note, MARGIN.left, width);
  }
  doc.fillColor('#000000');
  doc.y += (section.note ? note : regular).lineHeight;
}

/** Vertical bars per label, one per series, on a 0–100 scale, with a legend. */
function barChart(doc: PDFKit.PDFDocument, text: Texts, chart: BarChart, width: number): void {
  const height = 180;
  ensureSpace(doc, height + 70);
  const [title, legend, values, labels] = [text('bold', 11), text('regular', 8), text('regular', 6), text('regular', 7)];
  doc.fillColor('#000000');
  title.paragraph(chart.title, MARGIN.left, width);
  doc.y += 0.3 * title.lineHeight;
  const legendY = doc.y;
  let lx = MARGIN.left;
  chart.series.forEach((s, i) => {
    doc.rect(lx, legendY + 2, 8, 8).fill(COLOURS[i % COLOURS.length]);
    doc.fillColor('#000000');
    legend.draw([{ text: s.name, x: lx + 12, y: legendY }]);
    lx += 24 + legend.width(s.name);
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
      doc.fillColor('#000000');
      const shown = `${Math.round(value)}`;
      if (bar >= 12) values.draw([{ text: shown, x: x0 + si * bar - 2 + (bar + 3 - values.width(shown)) / 2, y: base - h - 8 }]);
    });
    const lines = clipLines(labels, label, slot, Math.max(1, Math.floor(20 / labels.lineHeight)));
    labels.draw(lines.map((line, n) => ({ text: line, x: MARGIN.left + li * slot + (slot - labels.width(line)) / 2, y: base + 3 + n * labels.lineHeight })));
  });
  doc.x = MARGIN.left;
  doc.y = base + 26;
  doc.fillColor('#454655');
  labels.paragraph(`0–100 ${chart.unit}`, MARGIN.left, width);
  doc.fillColor('#000000');
  doc.y += labels.lineHeight;
}

/** At most `count` lines of `text` in `width`, the last ending in «…» when some is left out. */
function clipLines(run: TextRun, text: string, width: number, count: number): string[] {
  const lines = run.lines(text, width);
  if (lines.length <= count) return lines;
  let last = [...lines[count - 1]!];
  while (last.length > 0 && run.width(`${last.join('')}…`) > width) last = last.slice(0, -1);
  return [...lines.slice(0, count - 1), `${last.join('').trimEnd()}…`];
}

/** «стр. N из M» at the foot of every page. */
function footers(doc: PDFKit.PDFDocument, run: TextRun, t: TFunction, width: number): void {
  stampPages(doc, (page, pages) => {
    const text = t('reports:pageOf', { page, pages });
    doc.fillColor('#454655');
    run.draw([{ text, x: MARGIN.left + (width - run.width(text)) / 2, y: doc.page.height - 28 }]);
  });
}
