import type { PlacedText, TextRun } from './pdf-text-run.js';

/** Where a table's rows go on the page: its left edge, its columns, the cells' padding, the rule under each row. */
export interface TableLayout {
  left: number;
  widths: readonly number[];
  pad: { x: number; y: number };
  /** The colour of the rule under each row. */
  rule: string;
  /** Columns whose text is set flush right (numbers). */
  right?: readonly boolean[];
}

const bottom = (doc: PDFKit.PDFDocument) => doc.page.height - doc.page.margins.bottom;

/** Starts a new page when `height` no longer fits on this one; `again` draws what a continued table repeats. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number, again?: () => void): void {
  if (doc.y + height <= bottom(doc)) return;
  doc.addPage();
  again?.();
}

/**
 * One row of a table at `doc.y`, kept whole on one page (on a new one `again` repeats the table's heads
 * first): each cell's text in `run`, wrapped to its column, the row as tall as its tallest cell, a rule
 * under it. Moves `doc.y` below the row. Texts are drawn in the current fill colour.
 */
export function tableRow(doc: PDFKit.PDFDocument, run: TextRun, cells: readonly string[], layout: TableLayout, again?: () => void): void {
  const { widths, pad } = layout;
  const lines = cells.map((cell, i) => (cell ? run.lines(cell, widths[i]! - 2 * pad.x) : []));
  const height = Math.max(1, ...lines.map((l) => l.length)) * run.lineHeight + 2 * pad.y;
  ensureSpace(doc, height, again);
  const top = doc.y;
  const placed: PlacedText[] = [];
  let x = layout.left;
  lines.forEach((cellLines, i) => {
    const inner = widths[i]! - 2 * pad.x;
    const right = layout.right?.[i] ?? false;
    cellLines.forEach((line, n) => placed.push({ text: line, x: x + pad.x + (right ? inner - run.width(line) : 0), y: top + pad.y + n * run.lineHeight }));
    x += widths[i]!;
  });
  run.draw(placed);
  doc.save().lineWidth(0.5).strokeColor(layout.rule).moveTo(layout.left, top + height).lineTo(x, top + height).stroke().restore();
  doc.x = layout.left;
  doc.y = top + height;
}
