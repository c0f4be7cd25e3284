/**
 * Breaks `text` into lines no wider than `width`, as a table cell shows it: at spaces (a run of them is one
 * break) and at explicit line breaks, a word wider than the whole line cut between characters, never an
 * empty line but for an empty text. `measure` gives a string's width in the same unit as `width` (a
 * document's cached measure, see pdf-text-run.ts); a text that fits is measured once and returned as is.
 */
export function wrapLines(text: string, width: number, measure: (s: string) => number): string[] {
  if (!text.includes('\n') && measure(text) <= width) return [text];
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/\s+/).filter((w) => w.length > 0);
    if (words.length === 0) {
      lines.push('');
      continue;
    }
    let line = '';
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      // A word alone wider than the line: as many characters on each line as fit (at least one).
      let rest = word;
      while (measure(rest) > width && rest.length > 1) {
        const cut = fittingPrefix(rest, width, measure);
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

/** How many leading characters (code points, at least one) of `word` fit in `width`. */
function fittingPrefix(word: string, width: number, measure: (s: string) => number): number {
  const chars = [...word];
  let fits = 1;
  let low = 1;
  let high = chars.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (measure(chars.slice(0, mid).join('')) <= width) {
      fits = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return chars.slice(0, fits).join('').length;
}
