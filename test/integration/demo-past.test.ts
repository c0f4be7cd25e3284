import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor } from '../../core/access/actor.js';
import { academicCalendar, schoolDays } from '../../core/demo/calendar.js';
import { seedDemoSchool } from '../../core/demo/seed-demo-school.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { lockOf } from '../../core/journal/period-lock-check.js';
import { Staff } from '../../core/people/staff.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { Period } from '../../core/school/period.entity.js';
import { checkTopicTitle } from '../../core/school/rules/topic-title.js';
import { fixedClock } from '../../core/time/clock.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// Friday 4 December 2026 at the school: the first quarter (to 25 October) is over, the second is not.
const TODAY = '2026-12-04';
const clock = fixedClock('2026-12-04T09:00:00Z');

/** Marks, attendance, lessons and period marks of the demo school, by names and dates only (ids differ between schools). */
const FINGERPRINT_SQL = `select
  (select count(*) from lesson where school_id = :school)::int lessons, (select count(*) from attendance where school_id = :school)::int attendance,
  (select count(*) from homework where school_id = :school)::int homework, (select count(*) from period_lock where school_id = :school)::int locks,
  (select md5(string_agg(line, ',' order by line)) from (select concat_ws('|', s.last_name, s.first_name, l.date, l.lesson_number, sub.name, g.name, m.value, m.second, w.name) line
     from mark m join student s on s.id = m.student_id join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id
     join school_group g on g.id = a.group_id join subject sub on sub.id = a.subject_id join work_type w on w.id = m.work_type_id
     where m.school_id = :school) x) as marks,
  (select md5(string_agg(line, ',' order by line)) from (select concat_ws('|', s.last_name, s.first_name, sub.name, p.name, pm.value) line
     from period_mark pm join student s on s.id = pm.student_id join teaching_assignment a on a.id = pm.assignment_id
     join subject sub on sub.id = a.subject_id join period p on p.id = pm.period_id where pm.school_id = :school) x) as period_marks`;

describe('the demo school\'s past: the year so far, by the journal\'s rules', () => {
  let t: TestCore;
  let schoolId: number;
  const sql = <T = Record<string, unknown>>(query: string, params: Record<string, unknown> = {}) => {
    const em = t.orm.em.fork();
    return em.execute<T[]>(em.getKnex().raw(query, { school: schoolId, today: TODAY, ...params }));
  };
  const one = async <T = Record<string, number>>(query: string, params: Record<string, unknown> = {}) => (await sql<T>(query, params))[0]!;

  beforeAll(async () => {
    t = await createTestCore({}, clock);
    ({ schoolId } = await seedDemoSchool(t.orm.em.fork(), clock));
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('holds lessons, roll calls, homework and marks of every work type up to yesterday, nothing dated today or later', async () => {
    const counts = await one(`select
      (select count(*) from lesson where school_id = :school)::int lessons,
      (select count(*) from lesson where school_id = :school and date >= :today)::int lessons_ahead,
      (select count(*) from mark where school_id = :school and date >= :today)::int marks_ahead,
      (select count(*) from mark where school_id = :school and date is distinct from (select date from lesson where id = lesson_id))::int undated_marks,
      (select count(*) from homework h join lesson l on l.id = h.lesson_id where h.school_id = :school and l.date >= :today)::int homework_ahead,
      (select count(distinct l.date) from lesson l where l.school_id = :school)::int days,
      (select count(*) from attendance where school_id = :school and code = 'n')::int unexcused,
      (select count(*) from mark where school_id = :school and second is not null)::int doubles,
      (select count(*) from mark where school_id = :school)::int marks,
      (select count(*) from mark where school_id = :school and value = 2)::int twos`);
    expect(counts).toMatchObject({ lessons_ahead: 0, marks_ahead: 0, undated_marks: 0, homework_ahead: 0 });
    // Every school day from 1 September to 3 December.
    const calendar = academicCalendar(TODAY);
    expect(counts.days).toBe(calendar.quarters.flatMap((q) => schoolDays(calendar, q)).filter((d) => d < TODAY).length);
    expect(counts.lessons).toBeGreaterThan(1000);
    expect(counts.unexcused).toBeGreaterThan(10);
    expect(counts.doubles).toBeGreaterThan(50);
    // Realistic marks: mostly 4s and 3s, a few 2s (1–6 %).
    const twos = counts.twos! / counts.marks!;
    expect(twos).toBeGreaterThan(0.01);
    expect(twos).toBeLessThan(0.06);
    const types = await sql<{ name: string }>('select distinct w.name from mark m join work_type w on w.id = m.work_type_id where m.school_id = :school');
    const all = await sql<{ name: string }>('select name from work_type where school_id = :school');
    expect(types.map((w) => w.name).sort()).toEqual(all.map((w) => w.name).sort());
    // Nothing was written as of today or later either: every entry made on its lesson's day.
    const stamps = await one(`select
      (select count(*) from lesson where school_id = :school and (created_at >= ((date + 1)::timestamp at time zone 'Europe/Moscow') or attendance_taken_at >= ((date + 1)::timestamp at time zone 'Europe/Moscow')))::int lessons,
      (select count(*) from mark m where school_id = :school and greatest(created_at, updated_at) >= ((date + 1)::timestamp at time zone 'Europe/Moscow'))::int marks,
      (select count(*) from attendance x join lesson l on l.id = x.lesson_id where x.school_id = :school and x.created_at >= ((l.date + 1)::timestamp at time zone 'Europe/Moscow'))::int attendance,
      (select count(*) from period_mark where school_id = :school and created_at >= (:today::date)::timestamp at time zone 'Europe/Moscow')::int period_marks`);
    expect(stamps).toEqual({ lessons: 0, marks: 0, attendance: 0, period_marks: 0 });
  });

  it('gives every mark by the journal service\'s own check (C4), only to a student of the group (and half) who was there', async () => {
    const bad = await one(`select
      count(*) filter (where m.value not between 2 and 5 or m.second not between 2 and 5)::int "values",
      count(*) filter (where m.second is not null and not sub.double_marks_allowed)::int doubles_not_allowed,
      count(*) filter (where sub.without_attestation)::int without_attestation,
      count(*) filter (where w.school_id <> m.school_id)::int foreign_work_type,
      count(*) filter (where not exists (select 1 from enrollment e where e.student_id = m.student_id and e.group_id = a.group_id
        and e.start_date <= l.date and (e.end_date is null or e.end_date >= l.date))
        or (a.subgroup_id is not null and not exists (select 1 from subgroup_member sm where sm.subgroup_id = a.subgroup_id and sm.student_id = m.student_id)))::int outside,
      count(*) filter (where not m.make_up and exists (select 1 from attendance x where x.lesson_id = m.lesson_id and x.student_id = m.student_id and x.code in ('n', 'b', 'p')))::int absent,
      count(*) filter (where exists (select 1 from period_mark pm where pm.assignment_id = a.id and pm.student_id = m.student_id and pm.value = 'exempt'))::int exempt
      from mark m join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id
      join subject sub on sub.id = a.subject_id join work_type w on w.id = m.work_type_id where m.school_id = :school`);
    expect(bad).toEqual({ values: 0, doubles_not_allowed: 0, without_attestation: 0, foreign_work_type: 0, outside: 0, absent: 0, exempt: 0 });

    // The service's own rules, mark by mark, on every 100th mark (and every 10th double one).
    const em = t.orm.em.fork();
    const marks = (await em.find(Mark, { school: schoolId }, { orderBy: { id: 'asc' } })).filter((m, i) => i % 100 === 0 || (m.second !== null && i % 10 === 0));
    expect(marks.length).toBeGreaterThan(80);
    expect(marks.some((m) => m.second !== null)).toBe(true);
    for (const mark of marks) {
      const lesson = await em.findOneOrFail(Lesson, mark.lesson.id, { populate: ['assignment.subject', 'school'] });
      await expect(t.core.journal.marks.checkMark(em, lesson, mark), `mark ${mark.id}`).resolves.toBeUndefined();
    }
  });

  it('gives lessons on the timetable\'s school days, topics from the КТП in order (or the график\'s control works), homework due at the next lesson', async () => {
    const off = await one(`select
      count(*) filter (where not exists (select 1 from timetable_slot ts where ts.assignment_id = l.assignment_id
        and ts.weekday = extract(isodow from l.date) and ts.lesson_number = l.lesson_number and ts.valid_from <= l.date))::int outside_slots,
      count(*) filter (where exists (select 1 from holiday h where h.school_id = l.school_id and l.date between h.start_date and h.end_date)
        or not exists (select 1 from period p where p.school_id = l.school_id and p.type = 'quarter' and l.date between p.start_date and p.end_date))::int off_days,
      count(*) filter (where l.plan_topic_id is not null and l.topic is distinct from (select title from thematic_plan_topic where id = l.plan_topic_id))::int topic_not_plans,
      count(*) filter (where l.topic is null)::int without_topic
      from lesson l where l.school_id = :school`);
    expect(off).toMatchObject({ outside_slots: 0, off_days: 0, topic_not_plans: 0 });
    expect(off.without_topic).toBeGreaterThan(0);
    for (const { topic } of await sql<{ topic: string }>('select distinct topic from lesson where school_id = :school and topic is not null')) {
      expect(checkTopicTitle(topic), topic).toBeUndefined();
    }
    // The plan is taught in order, each line for its hours at most (what the bot proposes next follows from it).
    const order = await sql<{ assignment_id: number; position: number; hours: number; taught: number }>(`select l.assignment_id, p.position, p.hours, count(*)::int taught,
        min(l.date) first_day from lesson l join thematic_plan_topic p on p.id = l.plan_topic_id where l.school_id = :school group by 1, 2, 3 order by 1, 2`);
    expect(order.filter((r) => r.taught > r.hours)).toEqual([]);
    // No line before the last one taught has hours left, so the topic the journal proposes today (the first line
    // with hours left, Lessons.topicChoices) is the one after yesterday's, not one skipped in September.
    expect(await sql(`select p.assignment_id, p.position from thematic_plan_topic p where p.school_id = :school
      and p.position < (select max(q.position) from lesson l join thematic_plan_topic q on q.id = l.plan_topic_id where l.assignment_id = p.assignment_id)
      and (select count(*) from lesson l where l.plan_topic_id = p.id) < p.hours`)).toEqual([]);
    // Every control work of the график held so far is its lesson's topic, and every student there got a mark of it.
    const works = await sql<{ title: string; lesson: number | null; present: number; marked: number }>(`select cw.title, l.id lesson,
        (select count(*) from enrollment e left join subgroup_member sm on sm.student_id = e.student_id and sm.subgroup_id = a.subgroup_id
          where e.group_id = a.group_id and (a.subgroup_id is null or sm.id is not null)
            and not exists (select 1 from attendance x where x.lesson_id = l.id and x.student_id = e.student_id and x.code in ('n', 'b', 'p')))::int present,
        (select count(distinct student_id) from mark where lesson_id = l.id)::int marked
      from control_work cw join teaching_assignment a on a.id = cw.assignment_id
      left join lesson l on l.assignment_id = cw.assignment_id and l.date = cw.date and l.topic = cw.title
      where cw.school_id = :school and cw.date < :today`);
    expect(works.length).toBeGreaterThanOrEqual(9);
    for (const w of works) expect(w, w.title).toMatchObject({ lesson: expect.any(Number), marked: w.present });
    const homework = await one(`select count(*)::int total,
      count(*) filter (where h.due_date is null or h.due_date <= l.date
        or (h.due_date < :today and not exists (select 1 from lesson n where n.assignment_id = l.assignment_id and n.date = h.due_date)))::int wrong_due
      from homework h join lesson l on l.id = h.lesson_id where h.school_id = :school`);
    expect(homework.total).toBeGreaterThan(900);
    expect(homework.wrong_due).toBe(0);
  });

  it('closes the first quarter with the period marks the journal proposes, and leaves the second open', async () => {
    const em = t.orm.em.fork();
    const director = (await em.find(Staff, { school: schoolId })).find((s) => s.roles.includes('director'))!;
    const actor = staffActor({ schoolId, staffId: director.id, roles: ['director'], classGroupIds: [], source: 'panel' });
    const [q1, q2] = await em.find(Period, { school: schoolId, type: 'quarter', number: { $in: [1, 2] } }, { orderBy: { number: 'asc' } });
    const assignments = await em.find(TeachingAssignment, { school: schoolId }, { populate: ['subject'] });
    // н/а: a student who missed more than half of the quarter's lessons of the subject, or has no mark in it.
    const missed = new Set((await sql<{ key: string }>(`select l.assignment_id || '|' || x.student_id as key from attendance x join lesson l on l.id = x.lesson_id
      where x.school_id = :school and x.code in ('n', 'b', 'p') and l.date between :from and :to group by l.assignment_id, x.student_id
      having count(*) * 2 > (select count(*) from lesson k where k.assignment_id = l.assignment_id and k.date between :from and :to)`, { from: q1!.startDate, to: q1!.endDate })).map((r) => r.key));
    let numeric = 0;
    for (const a of assignments) {
      const first = await t.core.unitOfWork(() => t.core.periodMarks.sheet(a.id, q1!.id, actor));
      if (a.subject.withoutAttestation) {
        expect(first.rows.filter((r) => r.periodMark)).toEqual([]);
        expect(first.lock).toBeNull();
        continue;
      }
      expect(first.lock, a.subject.name).toMatchObject({ locked: true });
      for (const row of first.rows) {
        const value = row.periodMark?.value;
        expect(value, `${a.subject.name} ${row.fullName}`).toBeDefined();
        if (value === 'na') expect(row.proposed === null || missed.has(`${a.id}|${row.studentId}`), row.fullName).toBe(true);
        else if (value !== 'exempt') {
          expect(value, `${a.subject.name} ${row.fullName}: ${row.weightedAverage}`).toBe(String(row.proposed));
          numeric++;
        }
      }
    }
    expect(numeric).toBeGreaterThan(1000);
    expect(await one('select (select count(*) from period_mark where period_id = :q2)::int marks, (select count(*) from period_lock where period_id = :q2)::int locks', { q2: q2!.id }))
      .toEqual({ marks: 0, locks: 0 });
    // A lesson of the closed quarter is locked for its teacher; one of the open quarter is not.
    const graded = { school: schoolId, assignment: { subject: { withoutAttestation: false } } };
    const closed = await em.findOneOrFail(Lesson, { ...graded, date: { $lte: q1!.endDate } });
    const open = await em.findOneOrFail(Lesson, { ...graded, date: { $gte: q2!.startDate } });
    expect(await lockOf(em, closed)).toMatchObject({ locked: true, period: { id: q1!.id } });
    expect(await lockOf(em, open)).toBeNull();
  });

  it('is the same school for the same day, and the journal up to an earlier day is the beginning of a later one', async () => {
    const again = (await seedDemoSchool(t.orm.em.fork(), clock)).schoolId;
    const fingerprint = (school: number) => one<Record<string, string | number>>(FINGERPRINT_SQL, { school });
    expect(await fingerprint(again)).toEqual(await fingerprint(schoolId));
    const earlier = (await seedDemoSchool(t.orm.em.fork(), fixedClock('2026-10-15T09:00:00Z'))).schoolId;
    const before = (school: number) => sql<{ line: string }>(`select concat_ws('|', s.last_name, s.first_name, l.date, l.lesson_number, sub.name, g.name, m.value, m.second) line
      from mark m join student s on s.id = m.student_id join lesson l on l.id = m.lesson_id join teaching_assignment a on a.id = l.assignment_id
      join school_group g on g.id = a.group_id join subject sub on sub.id = a.subject_id where m.school_id = :school and l.date < '2026-10-15' order by 1`, { school });
    const early = await before(earlier);
    expect(early.length).toBeGreaterThan(3000);
    expect(await before(schoolId)).toEqual(early);
    expect(await one<{ n: number }>('select count(*)::int n from period_mark where school_id = :school', { school: earlier })).toEqual({ n: 0 });
  });

  it('can be left out: the school then starts today with an empty journal', async () => {
    const bare = await seedDemoSchool(t.orm.em.fork(), clock, { past: false });
    expect(bare.counts).toMatchObject({ lessons: 0, marks: 0, periodMarks: 0 });
    expect(await one('select (select count(*) from lesson where school_id = :school)::int lessons, (select count(*) from mark where school_id = :school)::int marks', { school: bare.schoolId }))
      .toEqual({ lessons: 0, marks: 0 });
  });
});
