import { describe, expect, it } from 'vitest';
import { openPdf, stampPages } from '../../core/pdf/pdf-document.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';

describe('stampPages: what every page of a PDF repeats once all pages exist («стр. N из M»)', () => {
  it('writes on each page with its number and the count, in the bottom margin without adding a page', async () => {
    const { doc, file } = openPdf({ size: 'A4', margins: { top: 40, bottom: 50, left: 40, right: 40 }, bufferPages: true, compress: false });
    doc.font('regular').text('Первая');
    doc.addPage().text('Вторая');
    doc.addPage().text('Третья');
    stampPages(doc, (page, pages) => doc.font('regular').fontSize(8).text(`стр. ${page} из ${pages}`, 40, doc.page.height - 28, { width: 515, align: 'center', lineBreak: false }));
    doc.end();
    const pdf = await file;
    expect(pdfPageCount(pdf)).toBe(3);
    const text = pdfText(pdf);
    for (const n of [1, 2, 3]) expect(text).toContain(`стр. ${n} из 3`);
    expect(text).not.toContain('из 4');
  });
});
