import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSchoolByName, LoadSchoolExists, LoadSchoolRefused, seedLoadSchool } from '../../core/demo/load/seed-load-school.js';
import { fixedClock } from '../../core/time/clock.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const clock = fixedClock('2026-10-15T09:00:00Z');

describe('seed:load, the school of a real size for benchmarks', () => {
  let t: TestCore;
  let first: number;
  let second: number;
  const sql = async <T = Record<string, unknown>>(query: string, params: unknown[] = []) =>
    t.orm.em.fork().getConnection().execute<T[]>(query, params);
  /** Counts per table and a checksum of every mark, by names and dates only (ids differ between runs). */
  const fingerprint = async (school: number) => {
    const counts = await sql<Record<string, number>>(`select
      (select count(*) from student where school_id = ?)::int students, (select count(*) from school_group where school_id = ?)::int groups,
      (select count(*) from lesson where school_id = ?)::int lessons, (select count(*) from mark where school_id = ?)::int marks,
      (select count(*) from attendance where school_id = ?)::int attendance, (select count(*) from homework where school_id = ?)::int homework,
      (select count(*) from period_mark where school_id = ?)::int period_marks, (select count(*) from guardian where school_id = ?)::int guardians`, Array(8).fill(school));
    const [sum] = await sql<{ checksum: string }>(`select md5(string_agg(concat_ws('|', s.last_name, s.first_name, s.middle_name, l.date, l.lesson_number, sub.name, m.value, m.second, w.name), ',' order by s.last_name, s.first_name, s.middle_name, s.birth_date, l.date, l.lesson_number, sub.name, m.value, m.second, w.name)) checksum
      from mark m join student s on s.id = m.student_id join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id
      join subject sub on sub.id = a.subject_id join work_type w on w.id = m.work_type_id where m.school_id = ?`, [school]);
    return { ...(counts[0] as Record<string, number>), checksum: sum!.checksum } as Record<string, number> & { checksum: string };
  };

  beforeAll(async () => {
    t = await createTestCore();
    first = (await seedLoadSchool(t.orm.em.fork(), clock, { students: 60, name: 'Замеры A', marksPerStudent: 200 })).schoolId;
    second = (await seedLoadSchool(t.orm.em.fork(), clock, { students: 60, name: 'Замеры B', marksPerStudent: 200 })).schoolId;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('is deterministic: two runs give the same counts and the same marks', async () => {
    const a = await fingerprint(first);
    const b = await fingerprint(second);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ students: 60, groups: 11 });
    expect(a.marks).toBeGreaterThan(60 * 200 * 0.7);
    expect(a.marks).toBeLessThan(60 * 200 * 1.3);
    // Another seed is another school.
    const third = (await seedLoadSchool(t.orm.em.fork(), clock, { students: 60, name: 'Замеры C', seed: 2, marksPerStudent: 200 })).schoolId;
    expect((await fingerprint(third)).checksum).not.toBe(a.checksum);
  });

  it('gives marks only to students in the group (and its half) on the lesson date, 2–5, with a weighted work type', async () => {
    const [bad] = await sql<{ outside: number; values: number; weightless: number; grade1: number }>(`select
      count(*) filter (where not exists (select 1 from enrollment e where e.student_id = m.student_id and e.group_id = a.group_id
        and e.start_date <= l.date and (e.end_date is null or e.end_date >= l.date))
        or (a.subgroup_id is not null and not exists (select 1 from subgroup_member sm where sm.subgroup_id = a.subgroup_id and sm.student_id = m.student_id)))::int outside,
      count(*) filter (where m.value not between 2 and 5 or m.second not between 2 and 5)::int "values",
      count(*) filter (where w.weight is null or w.weight <= 0)::int weightless,
      count(*) filter (where g.grade_level = 1)::int grade1
      from mark m join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id
      join school_group g on g.id = a.group_id join work_type w on w.id = m.work_type_id where m.school_id = ?`, [first]);
    expect(bad).toEqual({ outside: 0, values: 0, weightless: 0, grade1: 0 });
    const [kinds] = await sql<{ doubles: number; weights: number; left: number; marks_after_leaving: number }>(`select
      (select count(*) from mark where school_id = ? and second is not null)::int doubles,
      (select count(distinct w.weight) from mark m join work_type w on w.id = m.work_type_id where m.school_id = ?)::int weights,
      (select count(*) from enrollment where school_id = ? and end_date is not null)::int "left",
      (select count(*) from mark m join lesson l on l.id = m.lesson_id join enrollment e on e.student_id = m.student_id
        where m.school_id = ? and e.end_date is not null and l.date > e.end_date)::int marks_after_leaving`, [first, first, first, first]);
    expect(kinds!.doubles).toBeGreaterThan(0);
    expect(kinds!.weights).toBeGreaterThanOrEqual(3);
    expect(kinds!.marks_after_leaving).toBe(0);
  });

  it('puts every lesson on a school day of the year, on a weekday and lesson number of its timetable', async () => {
    const [off] = await sql<{ outside_slots: number; in_holidays: number; outside_year: number; lessons: number }>(`select
      count(*) filter (where not exists (select 1 from timetable_slot ts where ts.assignment_id = l.assignment_id
        and ts.weekday = extract(isodow from l.date) and ts.lesson_number = l.lesson_number and ts.valid_from <= l.date))::int outside_slots,
      count(*) filter (where exists (select 1 from holiday h where h.school_id = l.school_id and l.date between h.start_date and h.end_date)
        or not exists (select 1 from period p where p.school_id = l.school_id and p.type = 'quarter' and l.date between p.start_date and p.end_date))::int in_holidays,
      count(*) filter (where l.date not between y.start_date and y.end_date)::int outside_year, count(*)::int lessons
      from lesson l join teaching_assignment a on a.id = l.assignment_id join academic_year y on y.id = a.year_id where l.school_id = ?`, [first]);
    expect(off).toMatchObject({ outside_slots: 0, in_holidays: 0, outside_year: 0 });
    expect(off!.lessons).toBeGreaterThan(1000);
    const [years] = await sql<{ name: string }>('select name from academic_year where school_id = ?', [first]);
    expect(years!.name).toBe('2026/2027');
  });

  it('has period marks, some exempt or н/а, and homework due at the next lesson', async () => {
    const values = await sql<{ value: string }>('select distinct value from period_mark where school_id = ? order by value', [first]);
    expect(values.map((v) => v.value)).toEqual(expect.arrayContaining(['3', '4', '5']));
    const [hw] = await sql<{ bad: number; n: number }>(`select count(*) filter (where h.due_date is not null and h.due_date <= l.date)::int bad, count(*)::int n
      from homework h join lesson l on l.id = h.lesson_id where h.school_id = ?`, [first]);
    expect(hw).toMatchObject({ bad: 0 });
    expect(hw!.n).toBeGreaterThan(0);
  });

  it('refuses a second run into the same name and leaves the first school as it was', async () => {
    const before = await fingerprint(first);
    await expect(seedLoadSchool(t.orm.em.fork(), clock, { students: 60, name: 'Замеры A', marksPerStudent: 200 })).rejects.toBeInstanceOf(LoadSchoolExists);
    expect(await fingerprint(first)).toEqual(before);
    const [schools] = await sql<{ n: number }>("select count(*)::int n from school where name = 'Замеры A'");
    expect(schools!.n).toBe(1);
    expect(await findSchoolByName(t.orm.em.fork(), 'Замеры A')).toBe(first);
  });

  it('refuses production without --force, before writing anything; with force it runs', async () => {
    await expect(seedLoadSchool(t.orm.em.fork(), clock, { students: 11, name: 'Замеры P', production: true })).rejects.toBeInstanceOf(LoadSchoolRefused);
    expect(await findSchoolByName(t.orm.em.fork(), 'Замеры P')).toBeUndefined();
    const forced = await seedLoadSchool(t.orm.em.fork(), clock, { students: 11, name: 'Замеры P', production: true, force: true, marksPerStudent: 10 });
    expect(await findSchoolByName(t.orm.em.fork(), 'Замеры P')).toBe(forced.schoolId);
  });
});
