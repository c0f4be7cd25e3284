/**
 * The text of an uncompressed PDF made by pdfkit (`compress: false`): each `[<glyphs> kern <glyphs>] TJ`
 * decoded through the fonts' ToUnicode maps, one line per TJ. Glyph ids are per font subset, so every
 * line is decoded with every map; the right one gives the text, the others give noise that is harmless
 * to `toContain` checks.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const maps = [...source.matchAll(/beginbfrange\n([\s\S]*?)endbfrange/g)].map(([, body]) => {
    const map = new Map<number, string>();
    for (const [, start, list] of body!.matchAll(/<([0-9a-f]+)> <[0-9a-f]+> \[([^\]]*)\]/g)) {
      [...list!.matchAll(/<([0-9a-f ]+)>/g)].forEach(([, units], i) => {
        map.set(parseInt(start!, 16) + i, String.fromCharCode(...units!.split(' ').map((u) => parseInt(u, 16))));
      });
    }
    return map;
  });
  const runs = [...source.matchAll(/\[([^\]]*)\] TJ/g)].map(([, body]) => [...body!.matchAll(/<([0-9a-f]+)>/g)].map(([, hex]) => hex).join(''));
  const lines: string[] = [];
  for (const hex of runs) {
    for (const map of maps) {
      let line = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) line += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
      lines.push(line);
    }
  }
  return lines.join('\n');
}

/** How many pages the PDF has (pdfkit writes one /Type /Page object per page). */
export const pdfPageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
