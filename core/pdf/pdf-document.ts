import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

// Roboto TTF (pdfkit embeds TrueType/OpenType, not woff; resvg reads it too): Cyrillic included, and
// shipped by an npm package, so nothing is fetched and no system font is needed.
const require = createRequire(import.meta.url);
export const FONT_REGULAR = require.resolve('@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf');
export const FONT_BOLD = require.resolve('@expo-google-fonts/roboto/700Bold/Roboto_700Bold.ttf');

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
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  return { doc, file };
}
