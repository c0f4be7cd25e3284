import type { TFunction } from '../i18n/i18n.js';
import { CONTENT_WIDTH, HEADER_HEIGHT, MARGIN, MUTED } from '../journal-view/journal-pdf-layout.js';
import type { ArchiveClass } from './archive-content.js';

/**
 * The archive's own sheets (title, contents, summary sheet, programme, acceptance) share the journal sheets'
 * paper and margins (journal-pdf-layout.ts), so that the page numbers and headers sit in the same places
 * through the whole document.
 */
export type Doc = PDFKit.PDFDocument;

/** A new sheet headed with the school and «Классный журнал 7А, 2026/2027»; answers where its content starts. */
export function archiveSheet(doc: Doc, of: ArchiveClass, t: TFunction, side: string): number {
  doc.addPage();
  doc.font('regular').fontSize(7.5).fillColor(MUTED).text(of.school.name, MARGIN.left, MARGIN.top, { width: CONTENT_WIDTH - 120, lineBreak: false });
  doc.font('bold').fontSize(11).fillColor('#000000')
    .text(t('archive:header', { group: of.group.name, year: of.year.name }), MARGIN.left, MARGIN.top + 10, { width: CONTENT_WIDTH - 200, lineBreak: false });
  doc.font('regular').fontSize(8).fillColor(MUTED).text(side, MARGIN.left + CONTENT_WIDTH - 200, MARGIN.top + 12, { width: 200, align: 'right', lineBreak: false });
  doc.fillColor('#000000');
  return MARGIN.top + HEADER_HEIGHT;
}

/** The 1-based number of the page being drawn (the document buffers its pages). */
export const currentPage = (doc: Doc): number => {
  const range = doc.bufferedPageRange();
  return range.start + range.count;
};
