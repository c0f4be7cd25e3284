import { COMPLEX, shaperOf, wordsOf, type FontShaper } from './font-shaping.js';
import { FONT_BOLD, FONT_REGULAR } from './pdf-document.js';
import { wrapLines } from './pdf-lines.js';

/*
 * pdfkit's `text()` lays out every call afresh (a line wrapper, options, a font switch and a text object per
 * cell, and a shaping engine per word of each document): for a whole school's report — tens of thousands of
 * cells — that is most of the time (issue 14). A TextRun takes each word's shaping from the process's
 * FontShaper, sets each distinct string of one font and size once per document, and writes many strings in
 * one text object with one font switch. It does per document what pdfkit's font `encode` does (the glyphs
 * into the embedded subset, their widths and characters for the text layer) and writes the content stream
 * as its `_fragment` does: the names below are those of pdfkit 0.20, pinned in package.json.
 */

interface GlyphPosition {
  xAdvance: number;
  advanceWidth: number;
  xOffset: number;
  yOffset: number;
}

interface PdfkitFont {
  id: string;
  ascender: number;
  subset: { includeGlyph(glyphId: number): number };
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  encode(text: string): [string[], GlyphPosition[]];
  ref(): unknown;
}

interface PdfkitInternals {
  _font: PdfkitFont;
  page: { fonts: Record<string, unknown>; height: number };
  addContent(data: string): PDFKit.PDFDocument;
}

/** A string as the PDF draws it: its TJ array's contents and its advance, in thousandths of the font size. */
interface Shaped {
  tj: string;
  advance: number;
  /** Glyphs placed off their advance (combining marks): drawn by pdfkit itself, not here. */
  offsets: boolean;
}

/** A string to draw at (x, y): its top left, in the document's coordinates, as `doc.text(s, x, y)` takes them. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
}

const num = (n: number) => Math.round(n * 100) / 100;
const FONT_FILES: Record<FontName, string> = { regular: FONT_REGULAR, bold: FONT_BOLD };
export type FontName = 'regular' | 'bold';

export class TextRun {
  private readonly shaped = new Map<string, Shaped>();
  /** The height of one line, as pdfkit's wrapper advances (`currentLineHeight(true)`). */
  readonly lineHeight: number;
  private readonly font: PdfkitFont;
  private readonly shaper: FontShaper;

  /** The document's registered font `fontName` (openPdf's) at `size` points. */
  constructor(private readonly doc: PDFKit.PDFDocument, private readonly fontName: FontName, readonly size: number) {
    doc.font(fontName).fontSize(size);
    this.font = (doc as unknown as PdfkitInternals)._font;
    this.lineHeight = doc.currentLineHeight(true);
    this.shaper = shaperOf(FONT_FILES[fontName]);
  }

  private shape(text: string): Shaped {
    const known = this.shaped.get(text);
    if (known) return known;
    const result = this.setWords(text) ?? this.setByPdfkit(text);
    this.shaped.set(text, result);
    return result;
  }

  /** The words' shaping from the process's shaper, its glyphs made this document's; undefined if any word is complex. */
  private setWords(text: string): Shaped | undefined {
    const words: NonNullable<ReturnType<FontShaper['word']>>[] = [];
    for (const word of wordsOf(text)) {
      const shaped = this.shaper.word(word);
      if (shaped === COMPLEX) return undefined;
      words.push(shaped);
    }
    const font = this.font;
    const commands: string[] = [];
    let hex = '';
    let advance = 0;
    for (const w of words) {
      w.glyphs.forEach((glyph, i) => {
        const gid = font.subset.includeGlyph(glyph);
        font.widths[gid] ??= w.widths[i]!;
        font.unicode[gid] ??= [w.codePoints[i]!];
        hex += gid.toString(16).padStart(4, '0');
        advance += w.advances[i]!;
        // As pdfkit's `_fragment`: a glyph whose advance differs from its width (kerning) ends a segment.
        const kerning = w.advances[i]! - w.widths[i]!;
        if (kerning !== 0) {
          commands.push(`<${hex}> ${num(-kerning)}`);
          hex = '';
        }
      });
    }
    if (hex) commands.push(`<${hex}> 0`);
    return { tj: commands.join(' '), advance, offsets: false };
  }

  /** pdfkit's own shaping, for a text with ligatures or marks. */
  private setByPdfkit(text: string): Shaped {
    const [glyphs, positions] = this.font.encode(text);
    const commands: string[] = [];
    let last = 0;
    let advance = 0;
    let offsets = false;
    // As pdfkit's `_fragment`: a glyph whose advance differs from its width (kerning) ends a segment.
    const segment = (end: number) => {
      if (last < end) {
        const p = positions[end - 1]!;
        commands.push(`<${glyphs.slice(last, end).join('')}> ${num(-(p.xAdvance - p.advanceWidth))}`);
      }
      last = end;
    };
    positions.forEach((p, i) => {
      advance += p.xAdvance;
      if (p.xOffset || p.yOffset) offsets = true;
      if (p.xAdvance - p.advanceWidth !== 0) segment(i + 1);
    });
    segment(positions.length);
    return { tj: commands.join(' '), advance, offsets };
  }

  /** The width of `text` in points. */
  width(text: string): number {
    return (this.shape(text).advance * this.size) / 1000;
  }

  /** `text` broken into lines no wider than `width` points (pdf-lines.ts). */
  lines(text: string, width: number): string[] {
    return wrapLines(text, width, (s) => this.width(s));
  }

  /**
   * `text` wrapped to `width` from `x` at `doc.y` on, in the current fill colour, as `doc.text(text, x,
   * doc.y, { width, align })` would set it; `doc.y` moves below it.
   */
  paragraph(text: string, x: number, width: number, align: 'left' | 'center' | 'right' = 'left'): void {
    const top = this.doc.y;
    const shift = (line: string) => (align === 'left' ? 0 : (width - this.width(line)) / (align === 'center' ? 2 : 1));
    const lines = this.lines(text, width);
    this.draw(lines.map((line, n) => ({ text: line, x: x + shift(line), y: top + n * this.lineHeight })));
    this.doc.y = top + lines.length * this.lineHeight;
  }

  /** Draws the strings in the current fill colour: one text object, one font switch. */
  draw(items: readonly PlacedText[]): void {
    const doc = this.doc as unknown as PdfkitInternals;
    const height = doc.page.height;
    const dy = (this.font.ascender / 1000) * this.size;
    const parts = ['BT', `/${this.font.id} ${num(this.size)} Tf`];
    const byPdfkit: PlacedText[] = [];
    for (const item of items) {
      if (!item.text) continue;
      const s = this.shape(item.text);
      if (s.offsets) byPdfkit.push(item);
      else parts.push(`1 0 0 1 ${num(item.x)} ${num(height - item.y - dy)} Tm [${s.tj}] TJ`);
    }
    parts.push('ET');
    doc.page.fonts[this.font.id] ??= this.font.ref();
    this.doc.save().transform(1, 0, 0, -1, 0, height);
    doc.addContent(parts.join('\n'));
    this.doc.restore();
    if (byPdfkit.length === 0) return;
    const { x, y } = this.doc;
    this.doc.font(this.fontName).fontSize(this.size);
    for (const item of byPdfkit) this.doc.text(item.text, item.x, item.y, { lineBreak: false });
    this.doc.x = x;
    this.doc.y = y;
  }
}

/** A document's TextRuns, one per font and size, made when first asked for. */
export function textRuns(doc: PDFKit.PDFDocument): (font: FontName, size: number) => TextRun {
  const runs = new Map<string, TextRun>();
  return (font, size) => {
    const key = `${font} ${size}`;
    let run = runs.get(key);
    if (!run) runs.set(key, (run = new TextRun(doc, font, size)));
    return run;
  };
}
