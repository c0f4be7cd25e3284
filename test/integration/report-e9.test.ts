import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianActor, staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { AccessDenied } from '../../core/base/errors.js';
import type { Cell, ReportTable } from '../../core/reports/report-model.js';
import { fixedClock } from '../../core/time/clock.js';
import { createE9Fixture } from '../support/report-fixture-e9.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const plain = (c: Cell) => (c.type === 'empty' ? null : c.value);
const rows = (table: ReportTable) => table.sections[0]!.rows.map((r) => r.map(plain));

describe('report E9, guardian reach, on a hand-computed school (core/reports)', () => {
  let t: TestCore;
  let f: Awaited<ReturnType<typeof createE9Fixture>>;
  const cli = systemActor('cli');
  const staff = (staffId: number, roles: ('deputy' | 'teacher')[], classGroupIds: number[] = []): Actor =>
    staffActor({ schoolId: f.school.id, staffId, roles, classGroupIds, source: 'panel' });

  beforeAll(async () => {
    // Monday 23.11.2026 at the school.
    t = await createTestCore({}, fixedClock('2026-11-23T09:00:00Z'));
    f = await createE9Fixture(t.core);
  });
  afterAll(async () => t?.close());

  const make = (params: Record<string, unknown>, actor: Actor = cli, format = 'csv') =>
    t.core.unitOfWork(() => t.core.reports.make('E9', params, actor, format));

  it('counts the quarter per class as it stood on its last day, and the school once', async () => {
    const { table } = await make({ period: f.quarter.id });
    expect(table.heading.title).toBe('Охват родителей');
    expect(table.sections[0]!.columns.map((c) => c.title)).toEqual(['Класс', 'Учеников', 'Родителей', 'С согласием на обработку ПДн', 'С согласием, %',
      'Подключены в Telegram', 'В Telegram, %', 'Сводок отправлено', 'Ознакомлены', 'Ознакомлены, %']);
    expect(rows(table)).toEqual([
      // Ершов left on 10.10: not a student on 27.10, but his digest of 05.10 was 7А's. Алексеева consented on 01.11: not yet.
      // Guardians Алексеева, Белова, Белов, Волкова, Громова; consent 3/5; in Telegram only Белова (Громова's binding revoked 01.10).
      // Digests: Белов 3 (2 acknowledged), Громов 2 (1; 19.10 never sent), Ершов 2 (2): 5/7.
      ['7А', 5, 5, 3, 60, 1, 20, 7, 5, 71.43],
      ['7Б', 2, 1, 1, 100, 1, 100, 1, 0, 0],
      // Белова is a guardian in both classes: once here. Digests 5/8.
      ['Итого по школе', 7, 5, 3, 60, 1, 20, 8, 5, 62.5],
    ]);
    expect(table.sections[0]!.note).toContain('на 27.10.2026');
    expect(table.charts[0]!.labels).toEqual(['7А', '7Б']);
    expect(table.charts[0]!.series.map((s) => s.values)).toEqual([[60, 100], [20, 100], [71.43, 0]]);
  });

  it('takes the end of the dates at the school, in its time zone, and today for a range that runs on', async () => {
    // To 02.11: Алексеева has consented (01.11) but is bound only at 01:30 on 03.11 in Moscow; Белов's digest of 02.11 counts.
    const { table: toSecond } = await make({ from: '2026-09-01', to: '2026-11-02' });
    expect(rows(toSecond)[0]).toEqual(['7А', 5, 5, 4, 80, 1, 20, 8, 6, 75]);
    // To today (23.11) and to the year's end alike: bound now.
    for (const to of ['2026-11-23', '2027-05-31']) {
      const { table } = await make({ from: '2026-09-01', to });
      expect(rows(table), to).toEqual([
        ['7А', 5, 5, 4, 80, 2, 40, 8, 6, 75],
        ['7Б', 2, 1, 1, 100, 1, 100, 1, 0, 0],
        ['Итого по школе', 7, 5, 4, 80, 2, 40, 9, 6, 66.67],
      ]);
      expect(table.sections[0]!.note).toContain('на 23.11.2026');
    }
  });

  it('covers a class teacher\'s own class (even one with no lessons), the class asked for, and refuses a plain teacher and families', async () => {
    const classTeacherA = staff(f.people.classTeacherA.id, ['teacher'], [f.groupA.id]);
    expect(rows((await make({ period: f.quarter.id }, classTeacherA)).table)).toEqual([
      ['7А', 5, 5, 3, 60, 1, 20, 7, 5, 71.43],
      ['Итого', 5, 5, 3, 60, 1, 20, 7, 5, 71.43],
    ]);
    // 7Б has no teaching assignment: E1/E2 have nothing of it, E9 has its families.
    const classTeacherB = staff(f.people.classTeacherB.id, ['teacher'], [f.groupB.id]);
    expect(rows((await make({ period: f.quarter.id }, classTeacherB)).table)[0]).toEqual(['7Б', 2, 1, 1, 100, 1, 100, 1, 0, 0]);
    await expect(make({ period: f.quarter.id, class: f.groupB.id }, classTeacherA)).rejects.toBeInstanceOf(AccessDenied);
    const deputy = staff(f.people.deputy.id, ['deputy', 'teacher']);
    expect(rows((await make({ period: f.quarter.id, class: f.groupB.id }, deputy)).table)).toEqual([
      ['7Б', 2, 1, 1, 100, 1, 100, 1, 0, 0],
      ['Итого', 2, 1, 1, 100, 1, 100, 1, 0, 0],
    ]);
    // The teacher of 7А's Математика reaches lessons, not families.
    await expect(make({ period: f.quarter.id }, staff(f.people.teacher.id, ['teacher']))).rejects.toBeInstanceOf(AccessDenied);
    await expect(make({ period: f.quarter.id }, guardianActor({ schoolId: f.school.id, guardianId: f.guardianA.id }))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('writes the shares into XLSX as numbers', async () => {
    const { file } = await make({ period: f.quarter.id }, cli, 'xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file as unknown as ArrayBuffer);
    const values: unknown[][] = [];
    book.worksheets[0]!.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
    const school = values.find((r) => r[0] === 'Итого по школе');
    // A share is the fraction with a % format: 60 % is 0.6.
    expect(school?.slice(1)).toEqual([7, 5, 3, 0.6, 1, 0.2, 8, 5, 0.625]);
  });
});
