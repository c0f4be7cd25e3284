import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// Roboto TTF (pdfkit embeds TrueType/OpenType, not woff; resvg reads it too): Cyrillic included, and
// shipped by an npm package, so nothing is fetched and no system font is needed.
const require = createRequire(import.meta.url);
export const FONT_REGULAR = require.resolve('@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf');
export const FONT_BOLD = require.resolve('@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf');

// Read once per process: pdfkit reads a font file for every document otherwise. Each document parses its
// own copy (fontkit's parsed font remembers glyphs' code points across documents; shared, the text layer of
// a PDF would depend on the PDFs made before it).
let fontFiles: { regular: Buffer; bold: Buffer } | undefined;
const fonts = () => (fontFiles ??= { regular: readFileSync(FONT_REGULAR), bold: readFileSync(FONT_BOLD) });

/**
 * A pdfkit document with the fonts 'regular' and 'bold' registered, and the file it becomes once
 * `doc.end()` is called.
 */
export function openPdf(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; file: Promise<Buffer> } {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const file = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', fonts().regular);
  doc.registerFont('bold', fonts().bold);
  return { doc, file };
}

/**
 * Writes on every page once all exist (a `bufferPages` document), as «стр. N из M» needs the count:
 * `draw` gets the page's number from 1 and the count. The bottom margin is lifted while it draws, so a
 * footer in that margin does not make pdfkit start a new page.
 */
export function stampPages(doc: PDFKit.PDFDocument, draw: (page: number, pages: number) => void): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    draw(i + 1, range.count);
    doc.page.margins.bottom = margin;
  }
}
