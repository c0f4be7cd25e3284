import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import type { Cell, ReportTable, Section } from '../../core/reports/report-model.js';
import { fixedClock } from '../../core/time/clock.js';
import { pdfText } from '../support/pdf-text.js';
import { createReportFixture } from '../support/report-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** A cell as the test compares it: numbers as numbers, the rest as text, nothing as null. */
const plain = (c: Cell) => (c.type === 'empty' ? null : c.value);
const section = (table: ReportTable, title: string): Section => {
  const found = table.sections.find((s) => s.title === title);
  if (!found) throw new Error(`no section ${title}: ${table.sections.map((s) => s.title).join(', ')}`);
  return found;
};
const rowOf = (s: Section, ...names: string[]) => s.rows.find((r) => names.every((n, i) => plain(r[i]!) === n))?.map(plain);

describe('reports E1 and E2 on a hand-computed class (core/reports)', () => {
  let t: TestCore;
  let f: Awaited<ReturnType<typeof createReportFixture>>;
  const cli = systemActor('cli');

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
    f = await createReportFixture(t.core);
  });
  afterAll(async () => t?.close());

  const make = (kind: string, params: Record<string, unknown>, format = 'xlsx') =>
    t.core.unitOfWork(() => t.core.reports.make(kind, params, cli, format, { compress: false }));

  it('E2: N, pass rate, quality, СОУ and average by SPEC\'s formulas, per school, class, subject, teacher, student', async () => {
    const { table } = await make('E2', { period: f.quarter.id });
    // Columns after the names: N, 5, 4, 3, 2, н/а, осв., без отметки, выбыли, успеваемость, качество, СОУ, средний балл.
    // Математика: 5, 4, 3, н/а in N = 4; Дёмин exempt, Жуков no mark, Ершов left. (1+1+1)/4, (1+1)/4, (100+64+36+7)/4 %.
    // Current marks 5, 4 (Алексеев), 4 (Белов), 2 (Волков); Ершов's 2 and the 2 of 05.11 do not count: 15/4.
    expect(rowOf(section(table, 'По предметам'), 'Математика')).toEqual(['Математика', 4, 1, 1, 1, 0, 1, 1, 1, 1, 75, 50, 51.75, 3.75]);
    // Русский язык: 4, 4, 2, 3, 5, 4 → N = 6; 5/6, 4/6, (100 + 3·64 + 36 + 16)/6; marks 5/4 (double), 5, 3: 17/4.
    expect(rowOf(section(table, 'По предметам'), 'Русский язык')).toEqual(['Русский язык', 6, 1, 3, 1, 1, 0, 0, 0, 1, 83.33, 66.67, 57.33, 4.25]);
    // The class: both subjects' entries together: N = 10, 8/10, 6/10, 551/10; 32 marks' worth: 32/8.
    const classRow = ['7А', 10, 2, 4, 2, 1, 1, 1, 1, 2, 80, 60, 55.1, 4];
    expect(rowOf(section(table, 'По классам'), '7А')).toEqual(classRow);
    expect(rowOf(section(table, 'По школе'), 'Школа № 1')).toEqual(['Школа № 1', ...classRow.slice(1)]);
    expect(rowOf(section(table, 'По учителям'), 'Учителева Мария Ивановна')?.slice(1)).toEqual([4, 1, 1, 1, 0, 1, 1, 1, 1, 75, 50, 51.75, 3.75]);
    expect(rowOf(section(table, 'По классам и предметам'), '7А', 'Русский язык', 'Классная Мария Ивановна')?.slice(3, 5)).toEqual([6, 1]);
    // Алексеев: 5 and 4 → 100 %, 100 %, (100+64)/2; marks 5, 4, 5, 4 → 4.5. Волков: 3 and 2 → 50 %, 0 %, (36+16)/2; his one 2.
    const students = section(table, 'По ученикам');
    expect(rowOf(students, '7А', 'Алексеев Пётр')?.slice(2)).toEqual([2, 1, 1, 0, 0, 0, 0, 0, 0, 100, 100, 82, 4.5]);
    expect(rowOf(students, '7А', 'Волков Иван')?.slice(2)).toEqual([2, 0, 0, 1, 1, 0, 0, 0, 0, 50, 0, 26, 2]);
    expect(students.rows.some((r) => plain(r[1]!) === 'Ершов Иван')).toBe(false);
    // Highest failure: (2 + н/а) ÷ N: Математика 1/4, Русский язык 1/6.
    expect(section(table, 'Предметы с наибольшей неуспеваемостью').rows.map((r) => r.map(plain))).toEqual([
      ['Математика', 4, 0, 1, 25], ['Русский язык', 6, 1, 0, 16.67],
    ]);
    expect(table.charts[0]!.labels).toEqual(['Математика', 'Русский язык']);
    expect(table.charts[0]!.series.map((s) => s.values)).toEqual([[75, 83.33], [50, 66.67]]);
  });

  it('E1: the summary sheet of the quarter, with н/а, осв., the one who left and the subjects\' rates', async () => {
    const { table } = await make('E1', { period: f.quarter.id });
    const sheet = section(table, '7А — 1 четверть');
    expect(sheet.columns.map((c) => c.title)).toEqual(['№', 'Ученик', 'Математика', 'Русский язык']);
    expect(sheet.rows.map((r) => r.slice(1).map(plain))).toEqual([
      ['Алексеев Пётр', 5, 4],
      ['Белов Иван', 4, 4],
      ['Волков Иван', 3, 2],
      ['Громов Иван', 'н/а', 3],
      ['Дёмин Иван', 'осв.', 5],
      ['Ершов Иван (выбыл(а) 10.10.2026)', 2, 2],
      ['Жуков Иван', null, 4],
      ['Успеваемость, %', 75, 83.33],
      ['Качество, %', 50, 66.67],
    ]);
    // 7Б has no assignment: no sheet of its own.
    expect(table.sections).toHaveLength(1);
  });

  it('takes a range of dates: E1 shows the periods within it, E2 counts current marks of those dates only', async () => {
    const e1 = await make('E1', { from: '2026-09-01', to: '2026-12-31' });
    expect(e1.table.sections.map((s) => s.title)).toEqual(['7А — 1 четверть']);
    const e2 = await make('E2', { from: '2026-09-01', to: '2026-11-30' });
    // The 2 of 05.11 now counts for Алексеев: 5, 4, 2 in Математика → (15 + 2)/5.
    expect(rowOf(section(e2.table, 'По предметам'), 'Математика')?.at(-1)).toBe(3.4);
    expect(e2.table.heading.period).toBe('01.09.2026–30.11.2026, 2026/2027');
  });

  it('writes XLSX with numbers as numbers, percentages as fractions with a % format and a frozen header row', async () => {
    const { file, contentType, asciiFilename } = await make('E2', { period: f.quarter.id, class: f.groupA.id });
    expect(contentType).toContain('spreadsheetml');
    expect(asciiFilename).toBe('report-E2-2026-09-01-2026-10-27.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('По предметам')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.getRow(3).getCell(2).value).toBe('N');
    const math = sheet.getRow(4);
    expect(math.getCell(1).value).toBe('Математика');
    expect(math.getCell(2).value).toBe(4);
    expect(math.getCell(11).value).toBe(0.75);
    expect(math.getCell(11).numFmt).toBe('0.00%');
    expect(math.getCell(13).value).toBeCloseTo(0.5175, 10);
    expect(math.getCell(14).value).toBe(3.75);
    expect(math.getCell(14).numFmt).toBe('0.00');
    expect(sheet.getRow(2).getCell(1).text).toContain('Класс: 7А');
  });

  it('prints the PDF in Russian: school, period, when and by whom, the tables, «стр. N из M»', async () => {
    const { file } = await make('E2', { period: f.quarter.id }, 'pdf');
    expect(file.subarray(0, 4).toString()).toBe('%PDF');
    const text = pdfText(file);
    for (const line of ['Школа № 1', 'Успеваемость и качество знаний', 'Период: 1 четверть (01.09.2026–27.10.2026), 2026/2027',
      'Сформирован 23.11.2026 12:00, командная строка (администратор)', 'Предметы с наибольшей неуспеваемостью',
      'Успеваемость и качество по предметам', '51,75\u00a0%', '3,75', 'стр. 1 из']) {
      expect(text).toContain(line);
    }
    const english = await t.core.unitOfWork(() => t.core.reports.make('E1', { period: f.quarter.id }, cli, 'pdf', { compress: false, language: 'en' }));
    expect(pdfText(english.file)).toContain('Summary sheet');
    expect(pdfText(english.file)).toContain('n/a');
  });

  it('writes CSV in UTF-8 with a BOM, `;` between fields and a decimal comma', async () => {
    const { file } = await make('E2', { period: f.quarter.id }, 'csv');
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = file.toString('utf8');
    expect(text).toContain('Математика;4;1;1;1;0;1;1;1;1;75,00;50,00;51,75;3,75\r\n');
  });

  it('audits every report made: who, which kind, over what', async () => {
    await make('E1', { period: f.quarter.id, class: f.groupA.id }, 'csv');
    const entries = await t.orm.em.fork().find(AuditEntry, { entity: 'Report' }, { orderBy: { id: 'desc' } });
    expect(entries[0]).toMatchObject({ action: 'create', entityId: 'E1', source: 'cli', actorKind: 'system' });
    expect(entries[0]!.after).toMatchObject({ kind: 'E1', format: 'csv', period: f.quarter.id, class: f.groupA.id, from: '2026-09-01', to: '2026-10-27' });
  });

  it('refuses bad params in words: unknown kind or format, both a period and dates, none, a malformed id', async () => {
    const fails = (kind: string, params: Record<string, unknown>, format = 'csv') => expect(make(kind, params, format)).rejects.toMatchObject({ problems: expect.any(Array) });
    await fails('E0', { period: f.quarter.id });
    await fails('E1', { period: f.quarter.id }, 'docx');
    await fails('E1', { period: f.quarter.id, from: '2026-09-01', to: '2026-10-01' });
    await fails('E1', {});
    await fails('E1', { period: '1; drop table mark' });
    await fails('E1', { period: f.quarter.id, sql: 'x' });
    await expect(make('E1', { period: f.quarter.id, class: 'abc' })).rejects.toMatchObject({ problems: [{ key: 'report.bad.class' }] });
    await expect(make('E1', { from: '2026-09-01' })).rejects.toMatchObject({ problems: [{ key: 'report.needPeriod' }] });
  });
});
