import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor } from '../../core/access/actor.js';
import { AccessDenied } from '../../core/base/errors.js';
import { attestationOf, MIN_MARKS_FOR_ATTESTATION } from '../../core/reports/kinds/e8-attestation.js';
import { dueTopics, programmeFulfilment } from '../../core/reports/programme-fulfilment.js';
import type { Cell, ReportTable, Section } from '../../core/reports/report-model.js';
import { fixedClock } from '../../core/time/clock.js';
import { pdfText } from '../support/pdf-text.js';
import { createE6E8Fixture } from '../support/report-fixture-e6e8.js';
import { createTestCore, ormOf, type TestCore } from '../support/test-core.js';

const plain = (c: Cell) => (c.type === 'empty' ? null : c.value);
const section = (table: ReportTable, title: string): Section => {
  const found = table.sections.find((s) => s.title === title);
  if (!found) throw new Error(`no section ${title}: ${table.sections.map((s) => s.title).join(', ')}`);
  return found;
};
const rows = (s: Section) => s.rows.map((r) => r.map(plain));

describe('pure parts of E6 and E8', () => {
  it('a topic falls due in the range its last hour is timetabled in', () => {
    const plan = [{ hours: 2 }, { hours: 1 }, { hours: 3 }];
    // Cumulative ends 2, 3, 6: 4 lessons reach the first two; 2 more (through 6) the third.
    expect(dueTopics(plan, 0, 4)).toEqual([plan[0], plan[1]]);
    expect(dueTopics(plan, 4, 6)).toEqual([plan[2]]);
    expect(dueTopics(plan, 0, 1)).toEqual([]);
  });

  it('н/а under three marks (a double mark is two), 2 at risk, the school\'s threshold otherwise', () => {
    expect(MIN_MARKS_FOR_ATTESTATION).toBe(3);
    expect(attestationOf([{ marks: [5, 4], weight: 1 }], 0.5)).toMatchObject({ marks: 2, proposed: 'na', atRisk: true });
    expect(attestationOf([{ marks: [5, 4], weight: 1 }, { marks: [3], weight: 1 }], 0.5)).toMatchObject({ marks: 3, proposed: 4, atRisk: false });
    expect(attestationOf([{ marks: [3, 2, 2, 3, 2], weight: 1 }], 0.5)).toMatchObject({ proposed: 2, atRisk: true });
    // 4, 3, 3, 4: 3.5 → 4 from x.5, 3 from x.6.
    expect(attestationOf([{ marks: [4, 3, 3, 4], weight: 1 }], 0.5).proposed).toBe(4);
    expect(attestationOf([{ marks: [4, 3, 3, 4], weight: 1 }], 0.6).proposed).toBe(3);
  });
});

describe('reports E6 and E8 on a hand-computed class (core/reports)', () => {
  let t: TestCore;
  let f: Awaited<ReturnType<typeof createE6E8Fixture>>;
  const cli = systemActor('cli');

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
    f = await createE6E8Fixture(t.core);
  });
  afterAll(async () => t?.close());

  const make = (kind: string, params: Record<string, unknown>, format = 'xlsx', actor = cli, language?: 'en') =>
    t.core.unitOfWork(() => t.core.reports.make(kind, params, actor, format, { compress: false, ...(language ? { language } : {}) }));

  it('E6 for September: КТП hours the timetable reaches (a holiday and an ended slot), lessons given with a topic, the topic skipped', async () => {
    const { table } = await make('E6', { from: '2026-09-01', to: '2026-09-30' });
    // Математика: Mon 07, 21, 28 (14 is a holiday), Wed 02, 09, 16, 23, 30, Fri 04 (slot ended 06.09) = 9 lessons;
    // topics end at hours 2, 3, 6, 7, 10, 11: the first four are due, 2+1+3+1 = 7 hours. Given with a topic:
    // 02, 04, 07, 09, 21 (free text), 28 (topic 5, early) = 6; 23.09 had none. Topic 3 was never given.
    // Русский язык: Tuesdays 01, 08, 15, 22, 29 = 5 lessons reach all 5 hours; 6 lessons given, every topic.
    expect(rows(section(table, 'Выполнение программы'))).toEqual([
      ['7А', 'Математика', 'Учителева Мария Ивановна', 7, 6, 'Не пройдена следующая тема: Обыкновенные дроби'],
      ['7А', 'Разговоры о важном', 'Завучева Мария Ивановна', 0, 0, 'Календарно-тематическое планирование не заполнено.'],
      ['7А', 'Русский язык', 'Классная Мария Ивановна', 5, 6, 'Программа выполнена: по плану 5, фактически 6'],
    ]);
  });

  it('E6 over two months lists every topic not covered; October alone gets the rest of the plan', async () => {
    const both = await make('E6', { from: '2026-09-01', to: '2026-10-31', subject: f.subject.id });
    // October adds Mon 05, 12, 19 and Wed 07, 14, 21 (26 and 28 are in the autumn holidays): 15 lessons reach all 11 hours.
    expect(rows(section(both.table, 'Выполнение программы'))).toEqual([
      ['7А', 'Математика', 'Учителева Мария Ивановна', 11, 6, 'Не пройдены следующие темы: Обыкновенные дроби; Десятичные дроби'],
    ]);
    const october = await make('E6', { from: '2026-10-01', to: '2026-10-31' });
    // Математика: hours 10 and 11 fall due after the 9 September lessons: topics 5 (given on 28.09) and 6.
    // Русский язык: its 5 hours were all due in September.
    expect(rows(section(october.table, 'Выполнение программы')).map((r) => [r[1], r[3], r[4], r[5]])).toEqual([
      ['Математика', 4, 0, 'Не пройдена следующая тема: Десятичные дроби'],
      ['Разговоры о важном', 0, 0, 'Календарно-тематическое планирование не заполнено.'],
      ['Русский язык', 0, 0, 'Программа выполнена: по плану 0, фактически 0'],
    ]);
  });

  it('E6\'s figures come from one exported function the year-end archive can reuse', async () => {
    const figures = await programmeFulfilment(ormOf(t.core).em.fork(), [f.math, f.rus], { from: '2026-09-01', to: '2026-09-30' });
    expect(figures.get(f.math)).toMatchObject({ hasPlan: true, plannedHours: 7, givenHours: 6, notCovered: [{ position: 3, title: 'Обыкновенные дроби', hours: 3 }] });
    expect(figures.get(f.rus)).toMatchObject({ plannedHours: 5, givenHours: 6, notCovered: [] });
  });

  it('E8 for the quarter: proposed marks by the school\'s x.6 rule, н/а under three marks, осв., the one who left out', async () => {
    const { table } = await make('E8', { period: f.quarter.id });
    // Математика: 4.6 → 5 (at the threshold), 4.5 → 4, two 5s → н/а (the 5 of 05.11 is after the quarter), 2.4 → 2,
    // (4·2 + 3 + 3)/4 = 3.5 → 3, no marks → н/а. Русский язык: 5/4 and 5 = 14/3 → 5, 4, 4, 3, 5/4 alone → н/а, осв.
    // Ершов left on 10.10, before the quarter ended; Разговоры о важном is without attestation.
    const sheet = section(table, '7А — предварительная аттестация');
    expect(sheet.columns.map((c) => c.title)).toEqual(['№', 'Ученик', 'Математика', 'Русский язык', 'Под угрозой']);
    expect(rows(sheet)).toEqual([
      [1, 'Алексеев Пётр', 5, 5, null],
      [2, 'Белов Иван', 4, 4, null],
      [3, 'Волков Иван', 'н/а', 4, 'Под угрозой'],
      [4, 'Громов Иван', 2, 3, 'Под угрозой'],
      [5, 'Дёмин Иван', 3, 'н/а', 'Под угрозой'],
      [6, 'Жуков Иван', 'н/а', 'осв.', 'Под угрозой'],
    ]);
    expect(sheet.note).toContain('с дробной части 0,60');
    expect(rows(section(table, 'Под угрозой'))).toEqual([
      ['7А', 'Волков Иван', 'Математика', 2, 5, 'н/а', 'н/а: меньше 3 отметок'],
      ['7А', 'Громов Иван', 'Математика', 5, 2.4, 2, 'предлагается «2»'],
      ['7А', 'Дёмин Иван', 'Русский язык', 2, 4.5, 'н/а', 'н/а: меньше 3 отметок'],
      ['7А', 'Жуков Иван', 'Математика', 0, null, 'н/а', 'н/а: меньше 3 отметок'],
    ]);
  });

  it('E8\'s class rating: all marks of the subjects by weighted average, a tie shares the place, no marks no place', async () => {
    const { table } = await make('E8', { period: f.quarter.id });
    // Алексеев (23 + 14)/8 = 4.625; Белов (18 + 12)/7 and Волков (10 + 20)/7 tie; Дёмин (14 + 9)/(4 + 2) = 3.83;
    // Громов (12 + 9)/8 = 2.625; Жуков none.
    const rating = rows(section(table, '7А — рейтинг'));
    expect(rating.map((r) => [r[0], r[1], r[3]])).toEqual([
      [1, 'Алексеев Пётр', 8], [2, 'Белов Иван', 7], [2, 'Волков Иван', 7], [4, 'Дёмин Иван', 5], [5, 'Громов Иван', 8], [null, 'Жуков Иван', 0],
    ]);
    expect(rating.map((r) => r[2])).toEqual([4.625, 30 / 7, 30 / 7, 23 / 6, 2.625, null]);
  });

  it('E8 over a range of dates counts the marks of those dates: the 5 of 05.11 lifts Волков out of н/а', async () => {
    const { table } = await make('E8', { from: '2026-09-01', to: '2026-11-30', class: f.groupA.id });
    const sheet = section(table, '7А — предварительная аттестация');
    expect(rows(sheet)[2]).toEqual([3, 'Волков Иван', 5, 4, null]);
    // The quarter lies within the dates: Жуков's exemption still shows.
    expect(rows(sheet)[5]).toEqual([6, 'Жуков Иван', 'н/а', 'осв.', 'Под угрозой']);
  });

  it('a teacher gets its own subject only; a class teacher of another class is refused', async () => {
    const teacher = staffActor({ schoolId: f.school.id, staffId: f.people.teacher.id, roles: ['teacher'], classGroupIds: [], source: 'panel' });
    const { table } = await make('E8', { period: f.quarter.id }, 'csv', teacher);
    expect(section(table, '7А — предварительная аттестация').columns.map((c) => c.title)).toEqual(['№', 'Ученик', 'Математика', 'Под угрозой']);
    const e6 = await make('E6', { period: f.quarter.id }, 'csv', teacher);
    expect(rows(section(e6.table, 'Выполнение программы')).map((r) => r[1])).toEqual(['Математика']);
    const other = staffActor({ schoolId: f.school.id, staffId: f.people.classTeacherB.id, roles: ['teacher'], classGroupIds: [f.groupB.id], source: 'panel' });
    await expect(make('E8', { period: f.quarter.id, class: f.groupA.id }, 'csv', other)).rejects.toBeInstanceOf(AccessDenied);
    await expect(make('E6', { period: f.quarter.id }, 'csv', other)).rejects.toBeInstanceOf(AccessDenied);
  });

  it('prints in English and in XLSX with numbers as numbers', async () => {
    const en = await make('E6', { from: '2026-09-01', to: '2026-09-30' }, 'pdf', cli, 'en');
    expect(pdfText(en.file)).toContain('Programme fulfilment');
    expect(rows(section(en.table, 'Programme fulfilment')).map((r) => r[5])).toEqual([
      'The following topic was not covered: Обыкновенные дроби', 'No thematic plan has been entered.', 'Programme fulfilled: planned 5, given 6',
    ]);
    const e8 = await make('E8', { period: f.quarter.id }, 'pdf', cli, 'en');
    expect(e8.table.heading.title).toBe('Preliminary attestation and rating');
    expect(pdfText(e8.file)).toContain('Preliminary attestation and rating');
    expect(section(e8.table, 'At risk').rows[0]!.map(plain).slice(5)).toEqual(['n/a', 'n/a: fewer than 3 marks']);

    const { file } = await make('E8', { period: f.quarter.id });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const risk = book.getWorksheet('Под угрозой')!;
    expect(risk.getRow(5).getCell(4).value).toBe(5);
    expect(risk.getRow(5).getCell(5).value).toBe(2.4);
    expect(risk.getRow(5).getCell(6).value).toBe(2);
  });
});
