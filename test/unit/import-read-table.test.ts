import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { detectDelimiter } from '../../core/imports/read-csv.js';
import { readTable } from '../../core/imports/read-table.js';
import { parseDate, parseWeekday, parseYesNo } from '../../core/imports/values.js';
import { ValidationFailed } from '../../core/base/errors.js';

describe('reading spreadsheets for the import', () => {
  it('reads Excel\'s Russian CSV: BOM, semicolons, quoted cells; skips empty lines but keeps line numbers', async () => {
    const file = Buffer.from('\uFEFFФамилия;Имя;Должность\r\nИванова;Мария;"Учитель; классный руководитель"\r\n;;\r\n\r\nПетров;Пётр;\r\n', 'utf8');
    expect(await readTable(file, 'csv')).toEqual({
      header: ['Фамилия', 'Имя', 'Должность'],
      rows: [
        { line: 2, cells: { Фамилия: 'Иванова', Имя: 'Мария', Должность: 'Учитель; классный руководитель' } },
        { line: 5, cells: { Фамилия: 'Петров', Имя: 'Пётр', Должность: '' } },
      ],
    });
  });

  it('detects a comma-separated file', async () => {
    expect(detectDelimiter('Название,"Без аттестации; да/нет"\n')).toBe(',');
    expect(detectDelimiter('Название\n')).toBe(';');
    const table = await readTable(Buffer.from('Название,Без аттестации\n"Основы безопасности, жизнедеятельности",нет\n'), 'csv');
    expect(table.rows[0]!.cells).toEqual({ Название: 'Основы безопасности, жизнедеятельности', 'Без аттестации': 'нет' });
  });

  it('reads the first worksheet of an XLSX file: dates as YYYY-MM-DD, numbers as text', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Ученики');
    workbook.addWorksheet('Другой лист').addRow(['не читается']);
    sheet.addRow(['Фамилия', 'Дата рождения', 'Урок', 'Телефон']);
    sheet.addRow(['Иванова', new Date(Date.UTC(2011, 2, 14)), 3, 79001234567]);
    sheet.addRow([]);
    sheet.addRow([{ richText: [{ text: 'Пет' }, { text: 'ров' }] }, '01.02.2010', { formula: '1+1', result: 2 }, null]);
    const table = await readTable(Buffer.from(await workbook.xlsx.writeBuffer()), 'xlsx');
    expect(table.rows).toEqual([
      { line: 2, cells: { Фамилия: 'Иванова', 'Дата рождения': '2011-03-14', Урок: '3', Телефон: '79001234567' } },
      { line: 4, cells: { Фамилия: 'Петров', 'Дата рождения': '01.02.2010', Урок: '2', Телефон: '' } },
    ]);
  });

  it('refuses a file that is not what its extension says', async () => {
    await expect(readTable(Buffer.from('Фамилия;Имя\n'), 'xlsx')).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('reads dates, yes/no and weekdays as people write them', () => {
    expect([parseDate('14.03.2011'), parseDate('1.9.2025'), parseDate('2011-03-14'), parseDate('31.02.2011'), parseDate('14/03/2011')])
      .toEqual(['2011-03-14', '2025-09-01', '2011-03-14', undefined, undefined]);
    expect([parseYesNo('Да'), parseYesNo(''), parseYesNo('нет'), parseYesNo('может быть')]).toEqual([true, false, false, undefined]);
    expect([parseWeekday('Понедельник'), parseWeekday('сб'), parseWeekday('7'), parseWeekday('8'), parseWeekday('выходной')]).toEqual([1, 6, 7, undefined, undefined]);
  });
});
