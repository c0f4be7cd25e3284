import type * as ExcelJS from 'exceljs';
import { loadExcelJS } from '../base/on-demand-libraries.js';
import { neutraliseFormula } from '../imports/formula-cells.js';
import type { TFunction } from '../i18n/i18n.js';
import type { Language } from '../i18n/languages.js';
import { dayMonth } from '../time/format.js';
import type { JournalPage } from './journal-page.js';
import {
  cellTokens, enrolmentNote, homeworkText, journalTitle, MAKE_UP_SIGN, periodLine, periodMarkText, textFormat, weightsLegend, type TextFormat,
} from './journal-page-text.js';

const SHADE: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE4E4EA' } };
const HEAD_ROW = 4;

/** Text a person or a school typed (names, topics, homework…): never read as a formula (formula-cells.ts). */
const safe = (text: string) => neutraliseFormula(text);

/**
 * The journal as a workbook of two sheets: the marks (students down, lesson dates across, the weighted average
 * and the period mark at the right; weights as superscripts, «*» after a make-up mark, grey where a student
 * was not in the class) and the dates with topics and homework.
 */
export async function renderJournalXlsx(page: JournalPage, t: TFunction, language: Language): Promise<Buffer> {
  const f = textFormat(t, language);
  const book = new (await loadExcelJS()).Workbook();
  book.creator = 'Klassny';
  marksSheet(book.addWorksheet(t('journalPage:sheets.marks')), page, f);
  topicsSheet(book.addWorksheet(t('journalPage:sheets.topics')), page, f);
  return Buffer.from(await book.xlsx.writeBuffer());
}

function heading(sheet: ExcelJS.Worksheet, page: JournalPage, f: TextFormat): void {
  const { t } = f;
  sheet.getCell('A1').value = safe(journalTitle(page, t));
  sheet.getCell('A1').font = { bold: true, size: 13 };
  sheet.getCell('A2').value = safe(`${t('journalPage:teacher', { name: page.assignment.teacher })}; ${periodLine(page, t)}`);
  sheet.getCell('A3').value = safe(page.school.name);
  if (page.reach === 'substituted') sheet.getCell('A3').value = safe(`${page.school.name}. ${t('journalPage:substitutedOnly')}`);
}

function marksSheet(sheet: ExcelJS.Worksheet, page: JournalPage, f: TextFormat): void {
  const { t } = f;
  heading(sheet, page, f);
  const heads = ['№', t('journalPage:student'), ...page.lessons.map((l) => dayMonth(l.date)), t('journalPage:average'), t('journalPage:periodMark'), t('journalPage:note')];
  const head = sheet.getRow(HEAD_ROW);
  head.values = heads.map(safe);
  head.font = { bold: true };
  const first = 3;
  page.students.forEach((s, index) => {
    const row = sheet.getRow(HEAD_ROW + 1 + index);
    row.getCell(1).value = index + 1;
    row.getCell(2).value = safe(s.name);
    s.cells.forEach((cell, k) => {
      const target = row.getCell(first + k);
      const runs: ExcelJS.RichText[] = [];
      for (const token of cellTokens(cell, f)) {
        if (runs.length) runs.push({ text: ' ' });
        runs.push({ text: token.text, font: token.kind === 'attendance' ? { color: { argb: 'FFA0142A' } } : { bold: true } });
        if (token.weight) runs.push({ text: token.weight, font: { vertAlign: 'superscript', size: 8 } });
        if (token.makeUp) runs.push({ text: MAKE_UP_SIGN, font: { bold: true } });
      }
      if (runs.length) target.value = { richText: runs };
      if (!cell.enrolled) target.fill = SHADE;
      target.alignment = { horizontal: 'center' };
    });
    const after = first + page.lessons.length;
    if (s.weightedAverage !== null) {
      row.getCell(after).value = Math.round(s.weightedAverage * 100) / 100;
      row.getCell(after).numFmt = '0.00';
    }
    row.getCell(after + 1).value = safe(periodMarkText(s, f));
    row.getCell(after + 2).value = safe(enrolmentNote(s, f));
  });
  const legend = HEAD_ROW + page.students.length + 2;
  const weights = weightsLegend(page, f);
  if (weights) sheet.getCell(legend, 1).value = safe(weights);
  sheet.getCell(legend + 1, 1).value = safe(t('journalPage:legend.signs'));
  sheet.getColumn(1).width = 4;
  sheet.getColumn(2).width = 34;
  for (let k = 0; k < page.lessons.length; k++) sheet.getColumn(first + k).width = 7;
  sheet.getColumn(first + page.lessons.length + 2).width = 18;
  sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: HEAD_ROW }];
}

function topicsSheet(sheet: ExcelJS.Worksheet, page: JournalPage, f: TextFormat): void {
  const { t } = f;
  heading(sheet, page, f);
  const head = sheet.getRow(HEAD_ROW);
  head.values = ['date', 'number', 'topic', 'homework', 'note'].map((c) => safe(t(`journalPage:topicColumns.${c}`)));
  head.font = { bold: true };
  page.lessons.forEach((l, index) => {
    const row = sheet.getRow(HEAD_ROW + 1 + index);
    row.getCell(1).value = new Date(`${l.date}T00:00:00Z`);
    row.getCell(1).numFmt = 'dd.mm.yyyy';
    row.getCell(2).value = l.lessonNumber;
    row.getCell(3).value = safe(l.topic ?? t('journalPage:noTopic'));
    row.getCell(4).value = safe(homeworkText(l, t));
    row.getCell(5).value = l.substitute ? safe(t('journalPage:substitute', { name: l.substitute })) : '';
    row.alignment = { vertical: 'top', wrapText: true };
  });
  [12, 8, 60, 60, 24].forEach((width, i) => { sheet.getColumn(i + 1).width = width; });
  sheet.views = [{ state: 'frozen', ySplit: HEAD_ROW }];
}
