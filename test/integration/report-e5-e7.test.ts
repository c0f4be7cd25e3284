import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { AccessDenied } from '../../core/base/errors.js';
import type { Cell, ReportTable, Section } from '../../core/reports/report-model.js';
import { fixedClock } from '../../core/time/clock.js';
import { pdfText } from '../support/pdf-text.js';
import { createE5Fixture, E5_NOW } from '../support/report-fixture-e5.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const plain = (c: Cell) => (c.type === 'empty' ? null : c.value);
const section = (table: ReportTable, title: string): Section => {
  const found = table.sections.find((s) => s.title === title);
  if (!found) throw new Error(`no section ${title}: ${table.sections.map((s) => s.title).join(', ')}`);
  return found;
};
const rows = (table: ReportTable, title: string) => section(table, title).rows.map((r) => r.map(plain));

const UCHITELEVA = 'Учителева Мария Ивановна';
const KLASSNAYA = 'Классная Мария Ивановна';
const DRUGAYA = 'Другая Мария Ивановна';

describe('reports E5 (journal filling) and E7 (teacher hours) on a hand-worked journal', () => {
  let t: TestCore;
  let f: Awaited<ReturnType<typeof createE5Fixture>>;
  const cli = systemActor('cli');
  const staff = (staffId: number, classGroupIds: number[] = []): Actor =>
    staffActor({ schoolId: f.school.id, staffId, roles: ['teacher'], classGroupIds, source: 'panel' });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(E5_NOW));
    f = await createE5Fixture(t.core);
  });
  afterAll(async () => t?.close());

  const make = (kind: string, params: Record<string, unknown>, actor: Actor = cli, format = 'xlsx') =>
    t.core.unitOfWork(() => t.core.reports.make(kind, params, actor, format, { compress: false }));
  const november = () => ({ from: '2026-11-09', to: '2026-11-30', class: f.groupA.id });

  it('E5: per teacher, lessons held without topic, roll call, homework, filled late, marks after the deadline, and the shares of 0 and 1 marks', async () => {
    const { table } = await make('E5', november());
    // Columns: held, no topic, no roll call, no homework, after the day, after the deadline, students, no mark, %, one mark, %.
    // Математика: A–F held (16.11 a holiday, 23.11 not over); B, F no topic; C, F no roll call; D, F no homework;
    // B (roll call), D (topic), E (mark at 01:30 Moscow) late; D's control work mark overdue. Students Алексеев 2
    // marks, Белов 2, Волков 1, Громов 0; Ершов left. Русский язык: 10.11 and 17.11, 17.11 late (an absence
    // recorded the next day); Громов's double 5/4 is two marks, Алексеев one, Белов and Волков none.
    expect(rows(table, 'По учителям')).toEqual([
      [KLASSNAYA, 2, 0, 0, 0, 1, 0, 4, 2, 50, 1, 25],
      [UCHITELEVA, 6, 2, 2, 2, 3, 1, 4, 1, 25, 1, 25],
      ['Итого', 8, 2, 2, 2, 4, 1, 8, 3, 37.5, 2, 25],
    ]);
    expect(rows(table, 'По учителям, классам и предметам')).toEqual([
      [KLASSNAYA, '7А', 'Русский язык', 2, 0, 0, 0, 1, 0, 4, 2, 50, 1, 25],
      [UCHITELEVA, '7А', 'Математика', 6, 2, 2, 2, 3, 1, 4, 1, 25, 1, 25],
    ]);
    expect(section(table, 'По учителям').note).toContain('по 22.11.2026 включительно');
  });

  it('E5: lists the lessons with gaps, naming the substitute', async () => {
    const { table } = await make('E5', november());
    expect(rows(table, 'Уроки с пробелами')).toEqual([
      ['17.11.2026', 1, KLASSNAYA, '7А', 'Русский язык', UCHITELEVA, 'заполнен после дня урока'],
      ['11.11.2026', 2, UCHITELEVA, '7А', 'Математика', '', 'нет темы; заполнен после дня урока'],
      ['13.11.2026', 3, UCHITELEVA, '7А', 'Математика', '', 'нет посещаемости'],
      ['14.11.2026', 1, UCHITELEVA, '7А', 'Математика', '', 'нет домашнего задания; заполнен после дня урока; отметки позже срока проверки'],
      ['18.11.2026', 2, UCHITELEVA, '7А', 'Математика', '', 'заполнен после дня урока'],
      ['20.11.2026', 3, UCHITELEVA, '7А', 'Математика', '', 'нет темы; нет посещаемости; нет домашнего задания'],
    ]);
    expect(section(table, 'Уроки с пробелами').note).toBeUndefined();
  });

  it('E5: the day a mark was made is the school\'s day: 23:30 in Moscow is on time, 01:30 the next day late, whatever UTC says', async () => {
    // Only 09.11 (mark at 20:30 UTC, 23:30 Moscow) and 11.11 (roll call at 05:00 UTC 12.11, 08:00 Moscow). Ершов
    // is still in the class on 11.11: five students, Белов and Громов without a mark, the others with one.
    const { table } = await make('E5', { from: '2026-11-09', to: '2026-11-11', class: f.groupA.id, subject: f.subject.id });
    expect(rows(table, 'По учителям')).toEqual([[UCHITELEVA, 2, 1, 0, 0, 1, 0, 5, 2, 40, 3, 60]]);
    // 18.11 alone: Белов's mark at 22:30 UTC is still 18.11 in UTC but 19.11 at the school.
    const e = await make('E5', { from: '2026-11-18', to: '2026-11-18', class: f.groupA.id, subject: f.subject.id });
    expect(rows(e.table, 'Уроки с пробелами')).toEqual([['18.11.2026', 2, UCHITELEVA, '7А', 'Математика', '', 'заполнен после дня урока']]);
  });

  it('E5: caps the gap list at 500 lessons and says how many there are', async () => {
    // 7Б: 48 slots a week never filled in; 01.09–22.11 has 71 days Mon–Sat, 16.11 a holiday: 70 × 8 = 560.
    const { table } = await make('E5', { from: '2026-09-01', to: '2026-11-22', class: f.groupB.id });
    expect(rows(table, 'По учителям')).toEqual([[DRUGAYA, 560, 559, 560, 560, 0, 0, 1, 1, 100, 0, 0]]);
    const gaps = section(table, 'Уроки с пробелами');
    expect(gaps.rows).toHaveLength(500);
    expect(gaps.note).toBe('Показаны первые 500 из 560 уроков с пробелами: полный список — в отчёте по одному учителю или за меньшие даты.');
    expect(gaps.rows[0]!.map(plain)).toEqual(['01.09.2026', 1, DRUGAYA, '7Б', 'Математика', '', 'нет темы; нет посещаемости; нет домашнего задания']);
  });

  it('E5: a teacher sees only its own row; a class teacher its class; nothing in reach is refused', async () => {
    const own = await make('E5', { from: '2026-11-09', to: '2026-11-30' }, staff(f.people.teacher.id));
    expect(rows(own.table, 'По учителям').map((r) => r[0])).toEqual([UCHITELEVA]);
    expect(new Set(rows(own.table, 'Уроки с пробелами').map((r) => r[2]))).toEqual(new Set([UCHITELEVA]));
    const classTeacher = await make('E5', { from: '2026-11-09', to: '2026-11-30' }, staff(f.people.classTeacherA.id, [f.groupA.id]));
    expect(rows(classTeacher.table, 'По учителям').map((r) => r[0])).toEqual([KLASSNAYA, UCHITELEVA, 'Итого']);
    await expect(make('E5', { from: '2026-11-09', to: '2026-11-30', teacher: f.people.classTeacherA.id }, staff(f.people.teacher.id))).rejects.toBeInstanceOf(AccessDenied);
    await expect(make('E5', { from: '2026-11-09', to: '2026-11-30', class: f.groupA.id }, staff(f.people.classTeacherB.id, [f.groupB.id]))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('E5: no day of the dates over yet says so', async () => {
    const { table } = await make('E5', { from: '2026-11-23', to: '2026-11-30', class: f.groupA.id });
    expect(rows(table, 'По учителям')).toEqual([
      [KLASSNAYA, 0, 0, 0, 0, 0, 0, 4, 4, 100, 0, 0],
      [UCHITELEVA, 0, 0, 0, 0, 0, 0, 4, 4, 100, 0, 0],
      ['Итого', 0, 0, 0, 0, 0, 0, 8, 8, 100, 0, 0],
    ]);
    expect(section(table, 'По учителям').note).toBe('В выбранных датах ещё нет прошедших дней: уроки ещё не проведены.');
  });

  it('E7: academic hours per month by teacher and by class; a 90-minute lesson is 2, the substitute gets the hour, a cancelled lesson none', async () => {
    const { table } = await make('E7', { from: '2026-10-01', to: '2026-11-30' });
    const months = ['Октябрь 2026', 'Ноябрь 2026'];
    expect(section(table, 'По учителям').columns.map((c) => c.title)).toEqual(['Учитель', ...months, 'Всего часов', 'Уроков']);
    // Учителева: October 05.10 (1), 07.10 a mark only (1), 09.10 90 minutes (2), 12.10 only homework: not given → 4 h
    // in 3 lessons; November A 1, B 1 (no topic, roll call), C 2, D 1, E 1 and Русский язык 17.11 as the
    // substitute 1; F never opened and 23.11 opened empty are not given → 7 h in 6 lessons.
    // Классная: 06.10 and 10.11 (17.11 went to Учителева). Другая: 7Б 20.10, no bell schedule → 1 h.
    expect(rows(table, 'По учителям')).toEqual([
      [DRUGAYA, 1, 0, 1, 1],
      [KLASSNAYA, 1, 1, 2, 2],
      [UCHITELEVA, 4, 7, 11, 9],
      ['Итого', 6, 8, 14, 12],
    ]);
    expect(rows(table, 'По классам')).toEqual([
      ['7А', 5, 8, 13, 11],
      ['7Б', 1, 0, 1, 1],
      ['Итого', 6, 8, 14, 12],
    ]);
  });

  it('E7: a teacher sees only its own row (its substitution included), a class teacher the teachers of its class', async () => {
    const own = await make('E7', { from: '2026-10-01', to: '2026-11-30' }, staff(f.people.teacher.id));
    expect(rows(own.table, 'По учителям')).toEqual([[UCHITELEVA, 4, 7, 11, 9]]);
    expect(rows(own.table, 'По классам')).toEqual([['7А', 4, 7, 11, 9]]);
    const classTeacher = await make('E7', { from: '2026-10-01', to: '2026-11-30' }, staff(f.people.classTeacherA.id, [f.groupA.id]));
    expect(rows(classTeacher.table, 'По учителям')).toEqual([
      [KLASSNAYA, 1, 1, 2, 2],
      [UCHITELEVA, 4, 7, 11, 9],
      ['Итого', 5, 8, 13, 11],
    ]);
    // The teacher filter means who gave the lessons: Учителева's substitution in Русский язык counts.
    const filtered = await make('E7', { from: '2026-11-01', to: '2026-11-30', teacher: f.people.teacher.id });
    expect(rows(filtered.table, 'По учителям')).toEqual([[UCHITELEVA, 7, 7, 6]]);
  });

  it('prints E5 and E7 in PDF and XLSX with numbers as numbers', async () => {
    const pdf = pdfText((await make('E5', november(), cli, 'pdf')).file);
    for (const line of ['Заполнение журнала', 'По учителям', 'Уроки с пробелами', 'нет посещаемости', '37,50\u00a0%']) expect(pdf).toContain(line);
    const { file } = await make('E7', { from: '2026-10-01', to: '2026-11-30' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const header = (sheet.getRow(3).values as unknown[]).slice(1);
    expect(header).toEqual(['Учитель', 'Октябрь 2026', 'Ноябрь 2026', 'Всего часов', 'Уроков']);
    const uchiteleva = sheet.getRows(4, 4)!.find((r) => r.getCell(1).value === UCHITELEVA)!;
    expect([2, 3, 4, 5].map((c) => uchiteleva.getCell(c).value)).toEqual([4, 7, 11, 9]);
  });
});
