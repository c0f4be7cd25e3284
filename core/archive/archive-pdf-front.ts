import type { TFunction } from '../i18n/i18n.js';
import { BOTTOM, CONTENT_WIDTH, HEADER_HEIGHT, LINE, MARGIN, MUTED, PAGE } from '../journal-view/journal-pdf-layout.js';
import { dateTime, ruDate } from '../time/format.js';
import type { ArchiveClass } from './archive-content.js';
import { archiveSheet, type Doc } from './archive-pdf-layout.js';

/** Who made the archive and when, and until when its files are kept: the title page's foot. */
export interface ArchiveMaking {
  madeAt: Date;
  madeBy: string;
  expires: { journal: string; summary: string };
}

/** A line of the contents: a part (level 0) or a subject's term (level 1), with the page it starts on. */
export interface ContentsLine {
  level: 0 | 1;
  title: string;
  page?: number;
  /** Said instead of a page number («уроков не было»). */
  note?: string;
}

const CONTENTS_TOP = MARGIN.top + HEADER_HEIGHT + 26;
const CONTENTS_LINE = 14;
/** How many lines of the contents a sheet holds. */
export const CONTENTS_PER_SHEET = Math.floor((BOTTOM - CONTENTS_TOP) / CONTENTS_LINE);

/** The title page: school, «Классный журнал», class, year, class teacher; who made the copy, when, and its retention. */
export function titlePage(doc: Doc, of: ArchiveClass, making: ArchiveMaking, t: TFunction): void {
  doc.addPage();
  const centre = (text: string, y: number, size: number, bold = false) =>
    doc.font(bold ? 'bold' : 'regular').fontSize(size).fillColor('#000000').text(text, MARGIN.left, y, { width: CONTENT_WIDTH, align: 'center' });
  centre(of.school.name, 110, 14);
  centre(t('archive:title'), 190, 30, true);
  centre(t('archive:classLine', { group: of.group.name }), 250, 20, true);
  centre(t('archive:yearLine', { year: of.year.name, from: ruDate(of.year.startDate), to: ruDate(of.year.endDate) }), 285, 13);
  centre(of.classTeacher ? t('archive:classTeacher', { name: of.classTeacher }) : t('archive:noClassTeacher'), 330, 12);
  doc.font('regular').fontSize(9).fillColor(MUTED);
  const foot = [
    t('archive:made', { at: dateTime(making.madeAt, of.school.timeZone), by: making.madeBy }),
    t('archive:retention', { journal: ruDate(making.expires.journal), summary: ruDate(making.expires.summary) }),
    t('archive:integrity'),
  ];
  doc.text(foot.join('\n'), MARGIN.left, PAGE.height - 110, { width: CONTENT_WIDTH, align: 'center', lineGap: 3 });
  doc.fillColor('#000000');
}

/** How many sheets the contents take: reserved before the pages they list exist. */
export const contentsSheets = (lines: readonly ContentsLine[]): number => Math.max(1, Math.ceil(lines.length / CONTENTS_PER_SHEET));

/**
 * Writes the contents onto the sheets reserved for it (`first`, a 0-based page index, and those after it),
 * once every part knows its page: each title, a dotted leader and the page number at the right.
 */
export function fillContents(doc: Doc, first: number, lines: readonly ContentsLine[], t: TFunction): void {
  for (let sheet = 0; sheet * CONTENTS_PER_SHEET < Math.max(lines.length, 1); sheet++) {
    doc.switchToPage(first + sheet);
    doc.font('bold').fontSize(14).fillColor('#000000').text(t('archive:contents'), MARGIN.left, MARGIN.top + HEADER_HEIGHT, { width: CONTENT_WIDTH, lineBreak: false });
    lines.slice(sheet * CONTENTS_PER_SHEET, (sheet + 1) * CONTENTS_PER_SHEET).forEach((line, i) => {
      const y = CONTENTS_TOP + i * CONTENTS_LINE;
      const left = MARGIN.left + (line.level === 1 ? 24 : 0);
      const right = MARGIN.left + CONTENT_WIDTH;
      const number = line.page !== undefined ? String(line.page) : line.note ?? '';
      doc.font(line.level === 0 ? 'bold' : 'regular').fontSize(line.level === 0 ? 10 : 9).fillColor('#000000');
      const numberWidth = doc.widthOfString(number);
      const titleWidth = Math.min(doc.widthOfString(line.title), right - left - numberWidth - 24);
      doc.text(line.title, left, y, { width: titleWidth + 1, lineBreak: false, ellipsis: true });
      if (line.page !== undefined) {
        doc.save().lineWidth(0.6).strokeColor(LINE).dash(1, { space: 2.5 })
          .moveTo(left + titleWidth + 6, y + 8).lineTo(right - numberWidth - 6, y + 8).stroke().restore();
      }
      doc.fillColor(line.page !== undefined ? '#000000' : MUTED).text(number, right - numberWidth - 1, y, { width: numberWidth + 2, lineBreak: false });
    });
  }
}

/** Empty sheets headed «Содержание», filled in by fillContents at the end; answers the first one's index. */
export function reserveContents(doc: Doc, sheets: number, of: ArchiveClass, t: TFunction): number {
  const first = doc.bufferedPageRange().count;
  for (let i = 0; i < sheets; i++) archiveSheet(doc, of, t, t('archive:contents'));
  return first;
}
