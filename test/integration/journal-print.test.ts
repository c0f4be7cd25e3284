import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { addDays } from '../../core/time/local-date.js';
import { createJournalFixture, type JournalFixture } from '../support/journal-fixture.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('«Печать» of a journal page: PDF (A4 landscape) and XLSX (issue 13, point 3)', () => {
  let t: TestCore;
  let s: JournalFixture;
  let deputy: Actor;
  const print = (format: 'pdf' | 'xlsx', period = s.periods.q1, actor = deputy) =>
    t.core.unitOfWork(() => t.core.journalPages.print(s.assignment.id, period, format, actor, { compress: false }));

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-12-29T09:00:00Z'));
    s = await createJournalFixture(t.core);
    deputy = (await staffActorFor(t.orm.em.fork(), s.people.deputy.id, 'panel'))!;
    // The second quarter: 70 lessons more (the fixture has one), two a day, so the page runs over several sheets.
    await t.core.unitOfWork(async () => {
      const em = t.orm.em;
      const lessons = Array.from({ length: 70 }, (_, i) => em.create(Lesson, {
        school: s.school.id, assignment: s.assignment.id, date: addDays('2026-11-10', Math.floor(i / 2)), lessonNumber: 3 + (i % 2), topic: `Тема ${i + 1}`,
      }));
      await em.flush();
      for (const l of lessons.filter((_, i) => i % 7 === 0)) em.create(Mark, { school: s.school.id, lesson: l.id, student: s.students.yolkin, value: 5, workType: s.workTypes.answer });
      await em.flush();
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('prints an A4 landscape PDF headed with class, subject, teacher and period, numbered «стр. N из M», in Cyrillic', async () => {
    const { file, filename, asciiFilename } = await print('pdf');
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');
    const source = file.toString('latin1');
    const boxes = [...source.matchAll(/\/MediaBox \[([^\]]+)\]/g)].map(([, box]) => box!.trim().split(/\s+/).map(Number));
    expect(boxes.length).toBe(pdfPageCount(file));
    for (const [, , width, height] of boxes) {
      expect(width).toBeCloseTo(841.89, 1);
      expect(height).toBeCloseTo(595.28, 1);
    }
    const text = pdfText(file);
    // The first quarter's five lessons: one marks page and its facing page.
    expect(pdfPageCount(file)).toBe(2);
    for (const line of ['Журнал: 7А — Математика', 'Учитель: Учителева Мария Ивановна', 'Период: 1 четверть (01.09.2026 – 25.10.2026)', 'стр. 1 из 2', 'стр. 2 из 2']) {
      expect(text).toContain(line);
    }
    for (const name of ['Алексеев Пётр', 'Ёлкин Артём', 'Жуков Олег', 'выбыл(а) 30.09', 'прибыл(а) 01.10', 'Натуральные числа', '№ 12, 14', 'замена: Заменяющая О. П.', 'Даты, темы уроков и домашние задания']) {
      expect(text).toContain(name);
    }
    expect(text).toContain('5/4');
    expect(text).toContain('4,00');
    expect(filename).toBe('Журнал 7А Математика 1 четверть.pdf');
    expect(asciiFilename).toBe(`journal-${s.assignment.id}-${s.periods.q1}.pdf`);
  });

  it('splits a long lesson list across pages, repeating the students\' names and the header on each', async () => {
    const { file, page } = await print('pdf', s.periods.q2);
    expect(page.lessons).toHaveLength(71);
    const pages = pdfPageCount(file);
    // 71 lessons take three marks pages, each followed by its facing page of topics.
    expect(pages).toBe(6);
    const text = pdfText(file);
    for (let n = 1; n <= pages; n++) expect(text).toContain(`стр. ${n} из ${pages}`);
    expect(text.split('Ёлкин Артём').length - 1).toBeGreaterThanOrEqual(3);
    expect(text.split('Журнал: 7А — Математика').length - 1).toBeGreaterThanOrEqual(pages);
    expect(text).toContain('Тема 1');
    expect(text).toContain('Тема 70');
  });

  it('prints a period without lessons as one headed sheet of names', async () => {
    const q3 = await t.core.unitOfWork(async () => (await t.core.records.create('Period', {
      school: s.school.id, year: s.year.id, type: 'quarter', number: 3, name: '3 четверть', startDate: '2027-01-12', endDate: '2027-03-22',
    }, systemActor('panel'))) as { id: number });
    const { file, page } = await print('pdf', q3.id);
    expect(page.lessons).toEqual([]);
    expect(pdfPageCount(file)).toBe(1);
    const text = pdfText(file);
    expect(text).toContain('стр. 1 из 1');
    expect(text).toContain('Алексеев Пётр');
    const xlsx = await print('xlsx', q3.id);
    expect(xlsx.file.subarray(0, 2).toString()).toBe('PK');
  });

  it('writes the same page as an XLSX of two sheets, read back by exceljs, with nothing a spreadsheet would run', async () => {
    const { file, filename } = await print('xlsx');
    expect(filename).toBe('Журнал 7А Математика 1 четверть.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Отметки', 'Темы и задания']);
    const marks = book.getWorksheet('Отметки')!;
    expect(marks.getCell('A1').text).toBe('Журнал: 7А — Математика');
    expect(marks.getCell('A2').text).toContain('Учитель: Учителева Мария Ивановна');
    const heads = (marks.getRow(4).values as unknown[]).slice(1).map(String);
    expect(heads).toEqual(['№', 'Ученик', '07.09', '14.09', '21.09', '05.10', '12.10', 'Ср. взв. балл', 'Итоговая', 'Примечание']);
    const names = [5, 6, 7, 8, 9].map((r) => marks.getCell(r, 2).text);
    expect(names).toEqual(['Алексеев Пётр', 'Егоров Иван', 'Ёлкин Артём', 'Ефимов Глеб', 'Жуков Олег']);
    const runs = (r: number, c: number) => ((marks.getCell(r, c).value as ExcelJS.CellRichTextValue | null)?.richText ?? []).map((x) => x.text).join('');
    expect(runs(5, 5)).toBe('5/4');
    expect(runs(5, 6)).toBe('32');
    expect((marks.getCell(5, 6).value as ExcelJS.CellRichTextValue).richText[1]!.font?.vertAlign).toBe('superscript');
    expect(runs(6, 4)).toBe('н 4*');
    expect(marks.getCell(5, 8).value).toBe(4);
    expect(marks.getCell(5, 9).value).toBe('4');
    expect(marks.getCell(8, 10).text).toBe('прибыл(а) 01.10');
    expect((marks.getCell(8, 3).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb).toBe('FFE4E4EA');

    const topics = book.getWorksheet('Темы и задания')!;
    expect((topics.getRow(4).values as unknown[]).slice(1)).toEqual(['Дата', 'Урок', 'Тема урока', 'Домашнее задание', 'Примечание']);
    expect(topics.getCell('C5').value).toBe('Натуральные числа');
    // A topic and homework typed as formulas stay text.
    expect(topics.getCell('C7').value).toBe('\'=HYPERLINK("http://evil.example","Тема")');
    expect(topics.getCell('D7').text).toMatch(/^'\+7 900/);
    for (const sheet of book.worksheets) {
      sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    }
  });

  it('audits every print: who, which journal and period, which format', async () => {
    const before = await t.orm.em.fork().count(AuditEntry, { entity: 'JournalPrint' });
    await print('pdf');
    await print('xlsx');
    const lines = await t.orm.em.fork().find(AuditEntry, { entity: 'JournalPrint' }, { orderBy: { id: 'desc' }, limit: 2 });
    expect(await t.orm.em.fork().count(AuditEntry, { entity: 'JournalPrint' })).toBe(before + 2);
    expect(lines.map((l) => l.after?.format)).toEqual(['xlsx', 'pdf']);
    expect(lines[0]).toMatchObject({
      action: 'create', source: 'panel', actorKind: 'staff', entityId: `${s.assignment.id}:${s.periods.q1}`,
      after: { assignment: s.assignment.id, period: s.periods.q1, group: s.groupA.id, lessons: 5, students: 5 },
    });
    expect(lines[0]!.actorStaff?.id).toBe(s.people.deputy.id);
    expect(lines[0]!.school?.id).toBe(s.school.id);
  });
});
