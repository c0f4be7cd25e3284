import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { AccessDenied } from '../../core/base/errors.js';
import { exportRows } from '../../core/exports/export-rows.js';
import { readTable } from '../../core/imports/read-table.js';
import { createRecord, createSchool, importer, sample, type SchoolFixture } from '../support/import-school.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const BOM = '\uFEFF';

describe('export of the school lists', () => {
  let t: TestCore;
  let core: Core;
  let school: SchoolFixture;
  let otherGroupId: number;

  beforeAll(async () => {
    t = await createTestCore();
    core = t.core;
    school = await createSchool(core, 'Школа выгрузки', ['8Б']);
    await core.importTable('students', await sample('students.csv'), 'csv', importer, { schoolId: school.schoolId });
    // One more student, in 8Б: a class teacher of 8А must not see him.
    otherGroupId = (await t.orm.em.fork().findOneOrFail('Group' as never, { school: school.schoolId, name: '8Б' } as never) as { id: number }).id;
    const studentId = await createRecord(core, 'Student', { school: school.schoolId, lastName: 'Яковлев', firstName: 'Глеб', birthDate: '2010-10-10', sex: 'm' });
    await createRecord(core, 'Enrollment', { school: school.schoolId, student: studentId, group: otherGroupId, startDate: '2025-09-01', startReason: 'admission' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes CSV with a BOM, semicolons and the panel\'s Russian headers', async () => {
    const file = await core.exportList('Student', importer, 'csv', { schoolId: school.schoolId });
    const text = file.toString('utf8');
    expect(text.startsWith(BOM)).toBe(true);
    const [header, first] = text.slice(BOM.length).split('\r\n');
    expect(header).toContain('Фамилия;Имя;Отчество;Дата рождения;Пол');
    expect(first).toMatch(/^\d+;Андреев;Максим;Сергеевич;2013-03-14;Мужской;нет;/);
    const table = await readTable(file, 'csv');
    expect(table.rows.map((r) => r.cells['Фамилия'])).toHaveLength(11);
  });

  it('writes XLSX that reads back with its rows, a bold header and references by name', async () => {
    const file = await core.exportList('Enrollment', importer, 'xlsx', { schoolId: school.schoolId });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file as never);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(12);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['Ученик', 'Класс']));
    const table = await readTable(file, 'xlsx');
    expect(table.rows[0]!.cells['Ученик']).toBe('Андреев Максим Сергеевич');
    expect(new Set(table.rows.map((r) => r.cells['Класс']))).toEqual(new Set(['8А', '8Б']));
  });

  it('gives a class teacher only the students of their own class', async () => {
    const classTeacher = staffActor({ schoolId: school.schoolId, staffId: 1, roles: ['teacher'], classGroupIds: [school.groupId], source: 'panel' });
    const table = await readTable(await core.exportList('Student', classTeacher, 'csv'), 'csv');
    expect(table.rows).toHaveLength(10);
    expect(table.rows.map((r) => r.cells['Фамилия'])).not.toContain('Яковлев');
    await expect(core.exportList('Staff', classTeacher, 'csv')).rejects.toBeInstanceOf(AccessDenied);
  });

  it('formats values for people: yes/no in Russian, lists comma-separated, sensible widths', async () => {
    const columns = [{ key: 'name', title: 'Название' }, { key: 'flag', title: 'Без аттестации' }, { key: 'list', title: 'Роли' }];
    const rows = [{ name: 'Основы финансовой грамотности', flag: true, list: ['завуч', 'учитель'] }];
    expect((await exportRows(rows, columns, 'csv')).toString('utf8')).toBe(`${BOM}Название;Без аттестации;Роли\r\nОсновы финансовой грамотности;да;завуч, учитель\r\n`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportRows(rows, columns, 'xlsx')) as never);
    const widths = workbook.worksheets[0]!.columns.map((c) => c.width);
    expect(widths[0]).toBeGreaterThanOrEqual('Основы финансовой грамотности'.length);
    expect(widths[1]).toBeLessThan(widths[0]!);
  });
});
