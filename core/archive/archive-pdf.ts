import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { drawJournalSheets, openJournalDocument } from '../journal-view/journal-page-pdf.js';
import { textFormat } from '../journal-view/journal-page-text.js';
import { MARGIN, MUTED, PAGE } from '../journal-view/journal-pdf-layout.js';
import { stampPages } from '../pdf/pdf-document.js';
import { ruDate } from '../time/format.js';
import type { ArchiveContent } from './archive-content.js';
import { programmePart, summaryPart } from './archive-pdf-back.js';
import { contentsSheets, fillContents, reserveContents, titlePage, type ArchiveMaking, type ContentsLine } from './archive-pdf-front.js';
import { currentPage } from './archive-pdf-layout.js';

export interface ArchivePdf {
  file: Buffer;
  /** The contents as printed, each line with its page. */
  contents: ContentsLine[];
  pages: number;
}

/**
 * The year-end archive of a class as one PDF (F1, S0 §8.2–8.5, S4 app. 3 item 10), A4 landscape like the
 * journal's own print: the title page; the contents with page numbers; per subject the journal term by term
 * as the journal view prints it (marks and attendance, then the facing sheet of topics and homework); the
 * summary sheet of period and year marks (E1); per subject the programme's fulfilment (E6); the acceptance
 * into the archive with the count of pages. Every page is numbered «стр. N из M».
 *
 * The contents come second but list pages drawn after them: their sheets are reserved first (the number of
 * lines is known from the content before anything is drawn) and written once every part knows its page.
 */
export async function renderArchivePdf(content: ArchiveContent, making: ArchiveMaking, t: TFunction, language: Language, options: { compress: boolean }): Promise<ArchivePdf> {
  const f = textFormat(t, language);
  const { doc, file } = openJournalDocument(
    { Title: `${t('archive:title')} ${content.group.name}, ${content.year.name}`, Author: content.school.name, Creator: 'Klassny' }, options.compress);
  const lines = contentsLines(content, t);
  titlePage(doc, content, making, t);
  const contentsAt = reserveContents(doc, contentsSheets(lines), content, t);

  // The lines in the order the parts are drawn; each part, as it starts, takes the next line's page.
  let cursor = 0;
  const starts = (page: number) => { lines[cursor++]!.page = page; };
  // Every part opens a sheet of its own first: it starts on the page after the current one.
  const next = () => currentPage(doc) + 1;
  for (const subject of content.subjects) {
    if (subject.terms.length === 0) {
      cursor++;
      continue;
    }
    starts(next());
    for (const page of subject.terms) {
      starts(next());
      drawJournalSheets(doc, page, f);
    }
  }
  starts(next());
  summaryPart(doc, content, t, f.locale, starts);
  starts(next());
  starts(programmePart(doc, content, t).acceptancePage);
  fillContents(doc, contentsAt, lines, t);
  const pages = doc.bufferedPageRange().count;
  stampPages(doc, (n, pages) => doc.font('regular').fontSize(8).fillColor(MUTED)
    .text(t('journalPage:pageNumber', { page: n, pages }), PAGE.width - MARGIN.right - 120, MARGIN.top, { width: 120, align: 'right', lineBreak: false }));
  doc.end();
  return { file: await file, contents: lines, pages };
}

/** The contents, in the order of the document; pages come as the parts are drawn. */
function contentsLines(content: ArchiveContent, t: TFunction): ContentsLine[] {
  const lines: ContentsLine[] = [];
  for (const subject of content.subjects) {
    const title = t('archive:subjectEntry', { subject: subject.title, teacher: subject.teacher });
    lines.push(subject.terms.length ? { level: 0, title } : { level: 0, title, note: t('archive:noLessons') });
    for (const { period } of subject.terms) {
      lines.push({ level: 1, title: t('archive:term', { name: period.name, from: ruDate(period.startDate), to: ruDate(period.endDate) }) });
    }
  }
  lines.push({ level: 0, title: t('archive:summaryTitle') });
  for (const section of content.summary) lines.push({ level: 1, title: section.title });
  lines.push({ level: 0, title: t('archive:programmeTitle') });
  lines.push({ level: 0, title: t('archive:acceptanceTitle') });
  return lines;
}
