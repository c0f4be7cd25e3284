import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { academicHours } from '../../core/reports/academic-hours.js';
import type { Cell, ReportTable, Section } from '../../core/reports/report-model.js';
import { fixedClock } from '../../core/time/clock.js';
import { pdfText } from '../support/pdf-text.js';
import { createAttendanceFixture } from '../support/report-fixture-e3e4.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const plain = (c: Cell) => (c.type === 'empty' ? null : c.value);
const section = (table: ReportTable, title: string): Section => {
  const found = table.sections.find((s) => s.title === title);
  if (!found) throw new Error(`no section ${title}: ${table.sections.map((s) => s.title).join(', ')}`);
  return found;
};
const rows = (table: ReportTable, title: string) => section(table, title).rows.map((r) => r.map(plain));

describe('academicHours: a lesson\'s length in 45-minute hours', () => {
  it('is max(1, round(minutes ÷ 45))', () => {
    expect([45, 90, 40, 10, 67, 68, 135, null].map(academicHours)).toEqual([1, 2, 1, 1, 1, 2, 3, 1]);
  });
});

describe('reports E3 (attendance) and E4 (marks of 2) on a hand-computed school (core/reports)', () => {
  let t: TestCore;
  let f: Awaited<ReturnType<typeof createAttendanceFixture>>;
  const cli = systemActor('cli');
  const dates = { from: '2026-09-01', to: '2026-10-31' };
  const LEFT = 'Громов Иван (выбыл(а) 10.10.2026)';

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
    f = await createAttendanceFixture(t.core);
  });
  afterAll(async () => t?.close());

  const make = (kind: string, params: Record<string, unknown> = dates, format = 'xlsx', actor: Actor = cli) =>
    t.core.unitOfWork(() => t.core.reports.make(kind, params, actor, format, { compress: false }));
  const teacher = () => staffActor({ schoolId: f.school.id, staffId: f.people.teacher.id, roles: ['teacher'], classGroupIds: [], source: 'panel' });

  // Columns after the names: lessons and hours held; н, б, п, оп each in lessons and hours; missed lessons and hours; attendance %.
  it('E3: per class, by code, in lessons and academic hours, over lessons whose roll call was taken, in the dates', async () => {
    const { table } = await make('E3');
    // 7А held M1 (1 h), M2 (pair, 2 h), R1 (2 h), R2 (1 h: a code recorded), E1 (1 h), M3 (1 h): 6 lessons, 8 hours;
    // M4 had no roll call, M5 is after the dates. н: Алексеев R1 (2 h), Белов M1 and R2 (1 + 1), Волков M3 (1) = 4 lessons, 5 h.
    // Student-lessons held: 6 + 6 + 5 + 4 + 4 = 25, of them 6 missed (н 4, б 1, п 1; оп is no absence): 19/25 = 76 %.
    expect(rows(table, 'По классам')).toEqual([
      ['7А', 6, 8, 4, 5, 1, 2, 1, 2, 1, 1, 6, 9, 76],
      ['7Б', 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0],
      // (25 + 1 − 7) / 26 = 73.08 %.
      ['Всего', 7, 9, 5, 6, 1, 2, 1, 2, 1, 1, 7, 10, 73.08],
    ]);
    expect(section(table, 'По классам').note).toContain('больше половины урока');
    expect(section(table, 'По классам').columns.map((c) => c.title).slice(1, 5)).toEqual(['Уроков проведено', 'Часов проведено', 'н, ур.', 'н, ч.']);
  });

  it('E3: per student, only for its time in the class and its subgroup', async () => {
    const { table } = await make('E3');
    expect(rows(table, 'По ученикам')).toEqual([
      // All six lessons (in «1 группа» for English): R1 missed, 2 of 8 hours; 5/6.
      ['7А', 'Алексеев Пётр', 6, 8, 1, 2, 0, 0, 0, 0, 0, 0, 1, 2, 83.33],
      // н M1 and R2, б M2 (a pair): 3 of 6 missed, 4 hours.
      ['7А', 'Белов Иван', 6, 8, 2, 2, 1, 2, 0, 0, 0, 0, 3, 4, 50],
      // Not in the subgroup: 5 lessons, 7 hours; late in M1 (not missed), н in M3: 4/5.
      ['7А', 'Волков Иван', 5, 7, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 80],
      // Left on 10.10: M1, M2, R1, R2 only (1 + 2 + 2 + 1 h); п in M2: 3/4.
      ['7А', LEFT, 4, 6, 0, 0, 0, 0, 1, 2, 0, 0, 1, 2, 75],
      // Came on 06.10: M2, R1, R2, M3.
      ['7А', 'Дёмин Иван', 4, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100],
      ['7Б', 'Борисов Пётр', 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0],
    ]);
  });

  it('E3: each class\'s missed lessons with date, subject, topic (the plan\'s when the lesson has none) and code; lateness is not one', async () => {
    const { table } = await make('E3');
    expect(rows(table, 'Пропущенные уроки — 7А')).toEqual([
      ['Алексеев Пётр', '07.10.2026', 2, 'Русский язык', 'Причастие', 'н', 2],
      ['Белов Иван', '05.10.2026', 1, 'Математика', 'Дроби', 'н', 1],
      ['Белов Иван', '06.10.2026', 2, 'Математика', 'Уравнения', 'б', 2],
      ['Белов Иван', '08.10.2026', 1, 'Русский язык', 'Деепричастие', 'н', 1],
      ['Волков Иван', '12.10.2026', 1, 'Математика', 'Проценты', 'н', 1],
      [LEFT, '06.10.2026', 2, 'Математика', 'Уравнения', 'п', 2],
    ]);
    expect(rows(table, 'Пропущенные уроки — 7Б')).toEqual([['Борисов Пётр', '07.10.2026', 1, 'Математика', 'Дроби', 'н', 1]]);
  });

  it('E3 for a teacher: only the lessons of its own assignments', async () => {
    const { table } = await make('E3', dates, 'xlsx', teacher());
    // Математика in 7А only: M1, M2, M3 = 3 lessons, 4 hours; н Белов M1, Волков M3; б Белов M2; п Громов M2; оп Волков M1.
    // Student-lessons 3 + 3 + 3 + 2 + 2 = 13, 4 missed: 9/13.
    expect(rows(table, 'По классам')).toEqual([['7А', 3, 4, 2, 2, 1, 2, 1, 2, 1, 1, 4, 6, 69.23]]);
    expect(rows(table, 'По ученикам').map((r) => [r[1], ...r.slice(2, 4), ...r.slice(-3)])).toEqual([
      ['Алексеев Пётр', 3, 4, 0, 0, 100],
      ['Белов Иван', 3, 4, 2, 3, 33.33],
      ['Волков Иван', 3, 4, 1, 1, 66.67],
      [LEFT, 2, 3, 1, 2, 50],
      ['Дёмин Иван', 2, 3, 0, 0, 100],
    ]);
    expect(table.sections.map((s) => s.title)).toEqual(['По классам', 'По ученикам', 'Пропущенные уроки — 7А']);
    expect(rows(table, 'Пропущенные уроки — 7А').map((r) => r[3])).toEqual(['Математика', 'Математика', 'Математика', 'Математика']);
  });

  it('E3 where nothing was missed says so', async () => {
    const { table } = await make('E3', { from: '2026-10-09', to: '2026-10-09' });
    expect(rows(table, 'По ученикам')).toEqual([
      ['7А', 'Алексеев Пётр', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100],
      ['7А', 'Белов Иван', 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 100],
    ]);
    expect(section(table, 'Пропущенные уроки').note).toBe('Пропущенных уроков нет.');
  });

  it('E4: every current 2 in the dates with date, subject, work type and topic, per class and student, with totals', async () => {
    const { table } = await make('E4');
    // 7А: Алексеев 1, Белов 3/2 and the 2 of M4 (no roll call needed for marks), Волков 2 and 2/2 (two 2s), Громов 1 = 7;
    // the 2 of 02.11 is after the dates.
    expect(rows(table, 'По классам')).toEqual([['7А', 4, 7], ['7Б', 1, 1], ['Всего', 5, 8]]);
    expect(rows(table, 'По ученикам')).toEqual([
      ['7А', 'Алексеев Пётр', 1, 'Математика — 1'],
      ['7А', 'Белов Иван', 2, 'Математика — 1; Русский язык — 1'],
      ['7А', 'Волков Иван', 3, 'Математика — 1; Русский язык — 2'],
      ['7А', LEFT, 1, 'Математика — 1'],
      ['7Б', 'Борисов Пётр', 1, 'Математика — 1'],
    ]);
    expect(rows(table, 'Отметки «2» — 7А')).toEqual([
      ['Алексеев Пётр', '12.10.2026', 'Математика', 'Контрольная работа', 'Проценты', 2],
      ['Белов Иван', '07.10.2026', 'Русский язык', 'Контрольная работа', 'Причастие', '3/2'],
      ['Белов Иван', '13.10.2026', 'Математика', 'Ответ на уроке', 'Графики', 2],
      ['Волков Иван', '05.10.2026', 'Математика', 'Ответ на уроке', 'Дроби', 2],
      ['Волков Иван', '07.10.2026', 'Русский язык', 'Контрольная работа', 'Причастие', '2/2'],
      [LEFT, '05.10.2026', 'Математика', 'Ответ на уроке', 'Дроби', 2],
    ]);
    expect(rows(table, 'Отметки «2» — 7Б')).toEqual([['Борисов Пётр', '07.10.2026', 'Математика', 'Ответ на уроке', 'Дроби', 2]]);
  });

  it('E4 for a teacher: only its own assignments\' marks', async () => {
    const { table } = await make('E4', dates, 'xlsx', teacher());
    expect(rows(table, 'По классам')).toEqual([['7А', 4, 4]]);
    expect(rows(table, 'Отметки «2» — 7А').map((r) => [r[0], r[1], r[2]])).toEqual([
      ['Алексеев Пётр', '12.10.2026', 'Математика'], ['Белов Иван', '13.10.2026', 'Математика'],
      ['Волков Иван', '05.10.2026', 'Математика'], [LEFT, '05.10.2026', 'Математика'],
    ]);
  });

  it('E4 with no 2 in the dates says so', async () => {
    const { table } = await make('E4', { from: '2026-10-08', to: '2026-10-09' });
    expect(rows(table, 'По классам')).toEqual([['7А', 0, 0], ['7Б', 0, 0], ['Всего', 0, 0]]);
    expect(section(table, 'По ученикам').note).toBe('Неудовлетворительных отметок нет.');
  });

  it('E3 in XLSX: numbers as numbers, the attendance % as a fraction with a % format', async () => {
    const { file } = await make('E3');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('По классам')!;
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const row = sheet.getRow(4);
    expect(row.getCell(1).value).toBe('7А');
    expect(row.getCell(2).value).toBe(6);
    expect(row.getCell(2).numFmt).toBe('0');
    expect(row.getCell(13).value).toBe(9);
    expect(row.getCell(14).value).toBe(0.76);
    expect(row.getCell(14).numFmt).toBe('0.00%');
  });

  it('E3 and E4 in PDF, in Russian', async () => {
    const e3 = pdfText((await make('E3', dates, 'pdf')).file);
    for (const line of ['Посещаемость', 'Период: 01.09.2026–31.10.2026, 2026/2027', 'Пропущенные уроки — 7А', 'Деепричастие', '76,00\u00a0%', '73,08\u00a0%', 'стр. 1 из']) {
      expect(e3).toContain(line);
    }
    const e4 = pdfText((await make('E4', dates, 'pdf')).file);
    for (const line of ['Неудовлетворительные отметки', 'Отметки «2» — 7А', '12.10.2026', 'Причастие', '3/2', '2/2']) expect(e4).toContain(line);
  });
});
