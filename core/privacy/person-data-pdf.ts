import { DateTime } from 'luxon';
import type { TFunction } from '../i18n/i18n.js';
import { openPdf, stampPages } from '../pdf/pdf-document.js';
import type { DataRow, PersonData } from './person-data-sections.js';

const MARGIN = { top: 40, bottom: 50, left: 40, right: 40 };
const WIDTH = 595.28 - MARGIN.left - MARGIN.right;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A value as the PDF prints it: dates in the school's zone, yes/no in words, JSON compact, nothing as «—». */
function shown(value: unknown, t: TFunction, zone: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone }).toFormat('dd.MM.yyyy HH:mm');
  if (typeof value === 'boolean') return t(value ? 'common:people.export.yes' : 'common:people.export.no');
  if (typeof value === 'string' && ISO_DATE.test(value)) return DateTime.fromISO(value).toFormat('dd.MM.yyyy');
  if (Array.isArray(value)) return value.map((v) => shown(v, t, zone)).join(', ');
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'string') return String(value);
  return JSON.stringify(value);
}

const label = (t: TFunction, field: string) => t(`common:people.export.field.${field}`, { defaultValue: field });

function line(row: DataRow, t: TFunction, zone: string): string {
  return Object.entries(row).map(([field, value]) => `${label(t, field)}: ${shown(value, t, zone)}`).join('; ');
}

/**
 * What the JSON file holds, as A4 pages to hand over: the school, the person's record field by field, then
 * each kind of record with its count and one paragraph per row; «стр. N из M» at the foot of every page.
 */
export async function renderPersonData(data: PersonData, t: TFunction, options: { compress: boolean }): Promise<Buffer> {
  const zone = data.school.timeZone;
  const { doc, file } = openPdf({ size: 'A4', margins: MARGIN, bufferPages: true, compress: options.compress, info: { Title: t('common:people.export.title'), Creator: 'Klassny' } });
  const text = (value: string) => doc.text(value, MARGIN.left, doc.y, { width: WIDTH });
  doc.font('regular').fontSize(10).fillColor('#454655');
  text(data.school.name);
  doc.moveDown(0.3).font('bold').fontSize(16).fillColor('#000000');
  text(t('common:people.export.title'));
  doc.moveDown(0.3).font('regular').fontSize(10);
  text(t('common:people.export.basis'));
  text(t('common:people.export.made', { at: shown(new Date(data.generatedAt), t, zone), kind: t(`common:people.export.kind.${data.kind}`), id: data.id }));

  doc.moveDown(0.8).font('bold').fontSize(12);
  text(t('common:people.export.section.person'));
  doc.font('regular').fontSize(10);
  for (const [field, value] of Object.entries(data.person)) text(`${label(t, field)}: ${shown(value, t, zone)}`);

  for (const section of data.sections) {
    doc.moveDown(0.8).font('bold').fontSize(12);
    text(t('common:people.export.sectionCount', { title: t(`common:people.export.section.${section.key}`), count: section.rows.length }));
    doc.font('regular').fontSize(9);
    if (section.rows.length === 0) text(t('common:people.export.none'));
    for (const row of section.rows) {
      text(line(row, t, zone));
      doc.moveDown(0.2);
    }
  }
  stampPages(doc, (page, pages) => {
    doc.font('regular').fontSize(8).fillColor('#454655')
      .text(t('common:people.export.page', { page, pages }), MARGIN.left, doc.page.height - MARGIN.bottom + 16, { width: WIDTH, align: 'right', lineBreak: false });
  });
  doc.end();
  return file;
}
