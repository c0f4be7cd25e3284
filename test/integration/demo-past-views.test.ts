import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianActor, staffActor, type Actor } from '../../core/access/actor.js';
import { seedDemoSchool } from '../../core/demo/seed-demo-school.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { StudentGuardian } from '../../core/people/guardian.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import type { Cell, ReportTable } from '../../core/reports/report-model.js';
import { Period } from '../../core/school/period.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// Friday 4 December 2026 at the school: a newcomer's first start on that day.
const TODAY = '2026-12-04';
const plain = (c: Cell) => (c.type === 'empty' ? null : c.value);
const rows = (table: ReportTable, title: string) => table.sections.find((s) => s.title === title)?.rows.map((r) => r.map(plain)) ?? [];

describe('the demo school\'s past as a guardian and the school\'s heads see it', () => {
  let t: TestCore;
  let schoolId: number;
  let studentId: number;
  let guardian: Actor;
  let director: Actor;
  let quarters: Period[];
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-12-04T09:00:00Z'));
    ({ schoolId } = await seedDemoSchool(t.orm.em.fork(), t.core.clock));
    const em = t.orm.em.fork();
    const staff = await em.find(Staff, { school: schoolId });
    const actorOf = (role: 'director' | 'administrator') => {
      const s = staff.find((x) => x.roles.includes(role))!;
      return staffActor({ schoolId, staffId: s.id, roles: [role], classGroupIds: [], source: 'panel' });
    };
    director = actorOf('director');
    const enrollment = await em.findOneOrFail(Enrollment, { school: schoolId, group: { name: '7А' } }, { orderBy: { student: { lastName: 'asc' } } });
    studentId = enrollment.student.id;
    const link = await em.findOneOrFail(StudentGuardian, { student: studentId });
    // A parent has the diary once the school has its consent (G2), as the sandbox and the panel record it.
    await run(() => t.core.consents.record(link.guardian.id, 'given', undefined, actorOf('administrator')));
    guardian = guardianActor({ schoolId, guardianId: link.guardian.id });
    quarters = await em.find(Period, { school: schoolId, type: 'quarter' }, { orderBy: { number: 'asc' } });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('the diary has the child\'s marks of the past weeks and the first quarter\'s marks, nothing of today', async () => {
    const recent = await run(() => t.core.diary.recentMarks(guardian, studentId));
    expect(recent.today).toBe(TODAY);
    expect(recent.marks.length).toBeGreaterThan(3);
    expect(recent.marks.every((m) => m.date < TODAY)).toBe(true);
    const bySubject = await run(() => t.core.diary.marksBySubject(guardian, studentId));
    expect(JSON.stringify(bySubject)).toMatch(/"value":[2-5]/);
    const periods = await run(() => t.core.diary.periodMarks(guardian, studentId));
    expect(periods.periods.map((p) => p.period.name)).toEqual(['1 четверть']);
    expect(periods.periods[0]!.marks.length).toBeGreaterThanOrEqual(15);
  });

  it('the 📈 chart draws the year so far in every subject with marks', async () => {
    const chart = await run(() => t.core.diary.chartData(guardian, studentId));
    expect(chart.subjects.length).toBeGreaterThanOrEqual(15);
    const points = chart.subjects.flatMap((s) => s.points);
    expect(points.length).toBeGreaterThan(40);
    expect(points.every((p) => p.date >= '2026-09-01' && p.date < TODAY)).toBe(true);
  });

  it('the statement of November has the lessons, marks and absences of the month', async () => {
    const statement = await run(() => t.core.statements.gather(studentId, guardian, { from: '2026-11-01', to: '2026-11-30' }));
    expect(statement.subjects.length).toBeGreaterThanOrEqual(15);
    expect(statement.totals.lessons).toBeGreaterThan(80);
    expect(statement.totals.markCount).toBeGreaterThan(10);
    expect(statement.subjects.some((s) => s.weightedAverage !== undefined)).toBe(true);
  });

  it('reports: E1 and E2 of the first quarter are full, E5 of the second so far finds nothing filled in late', async () => {
    const make = (kind: string, params: Record<string, unknown>) => run(() => t.core.reports.make(kind, params, director, 'csv', { compress: false }));
    const e1 = (await make('E1', { period: quarters[0]!.id })).table;
    expect(e1.sections.map((s) => s.title)).toEqual(['7А — 1 четверть', '7Б — 1 четверть', '8А — 1 четверть']);
    for (const s of e1.sections) expect(s.rows.flat().filter((c) => /^[2-5]$/.test(String(plain(c)))).length, s.title).toBeGreaterThan(200);
    const e2 = (await make('E2', { period: quarters[0]!.id })).table;
    const school = rows(e2, 'По школе')[0]!;
    // N, 5, 4, 3, 2, н/а, …, pass rate, quality: every student attested in most subjects.
    expect(school[1]).toBeGreaterThan(1000);
    expect(school[10]).toBeGreaterThan(80);
    const e5 = (await make('E5', { from: quarters[1]!.startDate, to: '2026-12-03' })).table;
    const total = rows(e5, 'По учителям').find((r) => r[0] === 'Итого')!;
    // Held, no topic, no roll call, no homework, after the day, after the deadline, …
    expect(total[1]).toBeGreaterThan(300);
    expect(total.slice(5, 7)).toEqual([0, 0]);
  });
});
