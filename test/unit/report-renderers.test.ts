import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { deploymentAdministrator, guardianActor, staffActor, studentActor, systemActor } from '../../core/access/actor.js';
import { reportScope } from '../../core/access/report-scope.js';
import { decimal, integer, mark, percent, text, type ReportTable } from '../../core/reports/report-model.js';
import { renderReportCsv } from '../../core/reports/render/report-csv.js';
import { renderReportXlsx } from '../../core/reports/render/report-xlsx.js';

const DANGEROUS = ['=HYPERLINK("http://x")', '+cmd|calc', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];
const table: ReportTable = {
  heading: { title: 'Отчёт', school: '=Школа', period: '1 четверть', filters: [], madeAt: '23.11.2026 12:00', madeBy: 'Иванова' },
  sections: [{
    title: 'Ученики',
    columns: [{ title: 'Имя', wide: true }, { title: 'N' }, { title: '%' }, { title: 'Ср.' }, { title: 'Отм.' }],
    rows: [
      ...DANGEROUS.map((d) => [text(d), integer(-5), percent(92.5), decimal(4.25), mark('н/а')]),
      [text('-5'), integer(3), percent(undefined), decimal(undefined), mark(5)],
    ],
  }],
  charts: [],
};

describe('report renderers: formula neutralising and cell types', () => {
  it('CSV: UTF-8 BOM, `;`, decimal comma, every text cell beginning with = + - @ tab CR neutralised, numbers left alone', () => {
    const csv = renderReportCsv(table);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.toString('utf8').slice(1).split('\r\n');
    expect(lines[1]).toBe("'=Школа");
    for (const d of DANGEROUS) expect(csv.toString('utf8')).not.toMatch(new RegExp(`(^|[;\\n])"?${d.replace(/[|()+\\^$.*?[\]{}]/g, '\\$&')}`));
    expect(lines).toContain(`"'=HYPERLINK(""http://x"")";-5;92,50;4,25;н/а`);
    expect(lines).toContain("'@SUM(A1);-5;92,50;4,25;н/а");
    expect(lines).toContain('-5;3;;;5');
  });

  it('XLSX: text neutralised, numbers and percentages stored as numbers', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await renderReportXlsx(table)) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(2).getCell(1).text).toMatch(/^'=Школа/);
    // XML reads a stored CR back as LF; what matters is the quote in front.
    DANGEROUS.forEach((d, i) => expect(sheet.getRow(4 + i).getCell(1).value).toBe(`'${d.replace('\r', '\n')}`));
    const row = sheet.getRow(4);
    expect(row.getCell(2).value).toBe(-5);
    expect(row.getCell(3).value).toBe(0.925);
    expect(row.getCell(3).numFmt).toBe('0.00%');
    expect(row.getCell(4).value).toBe(4.25);
    expect(sheet.getRow(10).getCell(5).value).toBe(5);
    expect(sheet.getRow(10).getCell(1).value).toBe('-5');
  });
});

describe('reportScope: the one policy\'s reach over reports', () => {
  const staff = (roles: Parameters<typeof staffActor>[0]['roles'], classGroupIds: number[] = []) => staffActor({ schoolId: 1, staffId: 7, roles, classGroupIds, source: 'panel' });
  it('gives the heads the school, a class teacher its classes, a teacher its assignments, families nothing', () => {
    for (const role of ['administrator', 'director', 'deputy', 'inspector'] as const) expect(reportScope(staff([role]))).toMatchObject({ schoolId: 1, wholeSchool: true });
    expect(reportScope(staff([], [10]))).toEqual({ schoolId: 1, wholeSchool: false, groupIds: [10], teacherId: undefined });
    expect(reportScope(staff(['teacher']))).toEqual({ schoolId: 1, wholeSchool: false, groupIds: [], teacherId: 7 });
    expect(reportScope(staff(['teacher'], [10]))).toEqual({ schoolId: 1, wholeSchool: false, groupIds: [10], teacherId: 7 });
    expect(reportScope(staff([]))).toBeUndefined();
    expect(reportScope(guardianActor({ schoolId: 1, guardianId: 3 }))).toBeUndefined();
    expect(reportScope(studentActor({ schoolId: 1, studentId: 3 }))).toBeUndefined();
    expect(reportScope(deploymentAdministrator('panel'))).toMatchObject({ schoolId: undefined, wholeSchool: true });
    expect(reportScope(systemActor('cli'))).toMatchObject({ schoolId: undefined, wholeSchool: true });
  });
});
