import { describe, expect, it } from 'vitest';
import { openPdf } from '../../core/pdf/pdf-document.js';
import { wrapLines } from '../../core/pdf/pdf-lines.js';
import { ensureSpace, tableRow } from '../../core/pdf/pdf-table-row.js';
import { TextRun, textRuns } from '../../core/pdf/pdf-text-run.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';

const MARGINS = { top: 40, bottom: 50, left: 40, right: 40 };
const open = () => openPdf({ size: 'A4', margins: MARGINS, bufferPages: true, compress: false });
const end = async (made: ReturnType<typeof open>) => {
  made.doc.end();
  return made.file;
};
/** One character, one unit: what wrapping does, without a font. */
const byChars = (s: string) => [...s].length;

describe('wrapLines: a cell\'s text in lines no wider than its column', () => {
  it('gives a text that fits as it is, measured once', () => {
    let measured = 0;
    expect(wrapLines('Иванов Пётр', 20, (s) => (measured++, byChars(s)))).toEqual(['Иванов Пётр']);
    expect(measured).toBe(1);
    expect(wrapLines('', 5, byChars)).toEqual(['']);
  });

  it('breaks at spaces (a run of them is one break), and at line breaks', () => {
    expect(wrapLines('Изобразительное  искусство и труд', 16, byChars)).toEqual(['Изобразительное', 'искусство и труд']);
    expect(wrapLines('5 — Ответ на уроке\n«Отличное сочинение»', 40, byChars)).toEqual(['5 — Ответ на уроке', '«Отличное сочинение»']);
    expect(wrapLines('a\n\nb', 5, byChars)).toEqual(['a', '', 'b']);
  });

  it('cuts a word wider than the line between characters, at least one a line', () => {
    expect(wrapLines('Изобразительное', 6, byChars)).toEqual(['Изобра', 'зитель', 'ное']);
    expect(wrapLines('ab cdefgh', 3, byChars)).toEqual(['ab', 'cde', 'fgh']);
    expect(wrapLines('Ж', 0, byChars)).toEqual(['Ж']);
  });

  it('never makes a line wider than asked when a character fits, whatever the widths', () => {
    const widths = (s: string) => [...s].reduce((w, c) => w + (c === 'Ш' ? 3 : 1), 0);
    for (const text of ['ШШШ ш ШшШш Шалаш', 'Щёлково Шуя Шатура', 'ШШШШШШШШ']) {
      for (const line of wrapLines(text, 5, widths)) expect(widths(line)).toBeLessThanOrEqual(5);
    }
  });
});

describe('TextRun: text set once per document, many strings in one text object', () => {
  it('measures Latin and Cyrillic as pdfkit does', async () => {
    const made = open();
    const run = new TextRun(made.doc, 'regular', 9);
    const bold = new TextRun(made.doc, 'bold', 12);
    for (const text of ['Summary sheet', 'Сводная ведомость', 'Ёлкин Артём', '92,00\u00a0%', 'AVATAR To', '']) {
      made.doc.font('regular').fontSize(9);
      expect(run.width(text)).toBeCloseTo(made.doc.widthOfString(text), 6);
      made.doc.font('bold').fontSize(12);
      expect(bold.width(text)).toBeCloseTo(made.doc.widthOfString(text), 6);
    }
    expect(run.lineHeight).toBeCloseTo(made.doc.font('regular').fontSize(9).currentLineHeight(true), 6);
    await end(made);
  });

  it('writes text a reader can find again, Cyrillic included, kerned pairs and all', async () => {
    const made = open();
    const run = new TextRun(made.doc, 'regular', 10);
    const lines = ['Выписка из электронного журнала', 'Summary sheet, n/a', 'AVATAR To Wo', 'Ёжик — «5/4», 4,25'];
    run.draw(lines.map((text, i) => ({ text, x: 40, y: 40 + i * run.lineHeight })));
    const text = pdfText(await end(made));
    for (const line of lines) expect(text).toContain(line);
  });

  it('makes the same PDF text whatever was made before it (nothing of one document in the next)', async () => {
    const russian = open();
    new TextRun(russian.doc, 'bold', 11).draw([{ text: 'Сводная ведомость — а, о, е', x: 40, y: 40 }]);
    await end(russian);
    const english = open();
    new TextRun(english.doc, 'bold', 11).draw([{ text: 'Summary sheet — a, o, e', x: 40, y: 40 }]);
    expect(pdfText(await end(english))).toContain('Summary sheet — a, o, e');
  });

  it('leaves a ligature or a combining mark to pdfkit\'s own setting, still readable', async () => {
    const made = open();
    const run = new TextRun(made.doc, 'regular', 10);
    const decomposed = 'Андрей Йоганн'.normalize('NFD');
    run.draw([{ text: 'office fifty', x: 40, y: 40 }, { text: decomposed, x: 40, y: 60 }]);
    expect(run.width('office')).toBeGreaterThan(0);
    const pdf = await end(made);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(pdfText(pdf)).toContain('Андре');
  });

  it('sets a paragraph wrapped to its width, centred or flush right, and moves below it', async () => {
    const made = open();
    const run = textRuns(made.doc)('regular', 10);
    made.doc.y = 100;
    run.paragraph('Успеваемость, качество и СОУ — по отметкам за период «Учебный год»; средний балл — по текущим отметкам', 40, 200, 'center');
    expect(made.doc.y).toBeCloseTo(100 + run.lines('Успеваемость, качество и СОУ — по отметкам за период «Учебный год»; средний балл — по текущим отметкам', 200).length * run.lineHeight, 6);
    expect(run.lines('Успеваемость, качество и СОУ — по отметкам за период «Учебный год»; средний балл — по текущим отметкам', 200).length).toBeGreaterThan(2);
    expect(textRuns(made.doc)('regular', 10)).not.toBe(run);
    await end(made);
  });
});

describe('tableRow: a row of cells in their columns, whole on one page', () => {
  it('wraps each cell to its column, makes the row as tall as its tallest cell, and repeats the heads on a new page', async () => {
    const made = open();
    const { doc } = made;
    const runs = textRuns(doc);
    const layout = { left: 40, widths: [60, 120, 40], pad: { x: 3, y: 3 }, rule: '#B0B0B8', right: [false, false, true] };
    const heads = () => tableRow(doc, runs('bold', 9), ['Дата', 'Тема урока', 'Отм.'], layout);
    heads();
    const top = doc.y;
    tableRow(doc, runs('regular', 9), ['02.09.2026', 'Архитектура и дизайн — конструктивные виды искусства', '5'], layout, heads);
    const tall = doc.y - top;
    expect(tall).toBeGreaterThan(2 * runs('regular', 9).lineHeight);
    let repeated = 0;
    for (let i = 0; i < 80; i++) tableRow(doc, runs('regular', 9), [`${i + 1}.09.2026`, 'Повторение', '4'], layout, () => { repeated++; heads(); });
    expect(repeated).toBeGreaterThan(0);
    ensureSpace(doc, 10_000, () => repeated++);
    const pdf = await end(made);
    expect(pdfPageCount(pdf)).toBe(repeated + 1);
    const text = pdfText(pdf);
    for (const line of ['Архитектура и дизайн —', 'конструктивные виды', 'искусства', '80.09.2026', 'Тема урока']) expect(text).toContain(line);
  });
});
