import { readFileSync } from 'node:fs';
import { create, type Font } from 'fontkit';

/**
 * A word as a font sets it, in thousandths of the font size: its glyph ids in the font file, each glyph's
 * advance (kerning included) and width, and the character each glyph stands for.
 */
export interface ShapedWord {
  glyphs: number[];
  advances: number[];
  widths: number[];
  codePoints: number[];
}

/** Words whose shaping pdfkit's own path must do: ligatures, marks placed off the pen (one glyph ≠ one character). */
export const COMPLEX = null;

const WORDS_LIMIT = 50_000;

/**
 * Shapes words with a font file parsed once per process, with the same engine and features as pdfkit
 * (fontkit's `layout`), and remembers them: a school's names and numbers are shaped once, not once per
 * report. Only what the file says is kept (ids, metrics, the word's own characters), nothing of any document,
 * so every PDF is the same whatever was made before it. Forgets all past a size, so it cannot grow without end.
 */
export class FontShaper {
  private font: Font | undefined;
  private readonly words = new Map<string, ShapedWord | typeof COMPLEX>();

  constructor(private readonly file: string) {}

  word(word: string): ShapedWord | typeof COMPLEX {
    const known = this.words.get(word);
    if (known !== undefined) return known;
    if (this.words.size >= WORDS_LIMIT) this.words.clear();
    const shaped = this.shape(word);
    this.words.set(word, shaped);
    return shaped;
  }

  private shape(word: string): ShapedWord | typeof COMPLEX {
    this.font ??= create(readFileSync(this.file));
    const scale = 1000 / this.font.unitsPerEm;
    const run = this.font.layout(word);
    const chars = [...word];
    if (run.glyphs.length !== chars.length || run.positions.some((p) => p.xOffset !== 0 || p.yOffset !== 0)) return COMPLEX;
    return {
      glyphs: run.glyphs.map((g) => g.id),
      advances: run.positions.map((p) => p.xAdvance * scale),
      widths: run.glyphs.map((g) => g.advanceWidth * scale),
      codePoints: chars.map((c) => c.codePointAt(0)!),
    };
  }
}

const shapers = new Map<string, FontShaper>();

/** The process's shaper of a font file. */
export function shaperOf(file: string): FontShaper {
  let shaper = shapers.get(file);
  if (!shaper) shapers.set(file, (shaper = new FontShaper(file)));
  return shaper;
}

/** Words as pdfkit splits a line to shape it: each with the spaces or tabs after it. */
export function wordsOf(text: string): string[] {
  return text.match(/[^ \t]+[ \t]*|[ \t]+/g) ?? [];
}
