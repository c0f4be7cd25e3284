import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../core/access/actor.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { marksUpToTwo } from '../../core/reports/kinds/e5-marks-up-to-two.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * What the database derives from the marks for the journal-filling report (migration mark_assignment_and_times)
 * is at every step exactly what the plain aggregate over the marks says, whoever writes and however: the
 * journal's services, bulk statements, moves between lessons, students and work types, lessons moved to
 * another date or assignment, deletes, and two transactions racing on one lesson.
 */
describe('lesson_mark_time and mark.assignment_id follow the marks', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let teacher: Actor;
  let plain: number;
  let control: number;
  let otherAssignment: number;
  const students: number[] = [];
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const sql = <T>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T[]>(query, params);
  const lesson = (date: string, number: number) => run(() => t.core.journal.lessons.openLesson(s.assignment.id, date, number, teacher));
  const insertMark = async (lessonId: number, studentId: number, workTypeId: number, at: string, second: number | null = null) =>
    (await sql<{ id: number }>(`insert into mark (school_id, lesson_id, student_id, value, second, work_type_id, created_at, updated_at)
      values (?, ?, ?, 4, ?, ?, ?, ?) returning id`, [s.school.id, lessonId, studentId, second, workTypeId, at, at]))[0]!.id;

  /** Rows where the summary and the plain aggregate disagree, and how many keys the summary holds. */
  async function expectSummaryExact(): Promise<void> {
    const wrong = await sql<{ lesson_id: number; work_type_id: number; plain: string | null; kept: string | null }>(`
      select lesson_id, work_type_id, p.last_at::text as plain, k.last_at::text as kept
        from (select lesson_id, work_type_id, max(greatest(created_at, updated_at)) as last_at from mark group by 1, 2) p
        full join lesson_mark_time k using (lesson_id, work_type_id)
       where p.last_at is distinct from k.last_at`);
    expect(wrong).toEqual([]);
    const [moved] = await sql<{ n: number }>('select count(*)::int as n from mark k join lesson l on l.id = k.lesson_id where k.assignment_id is distinct from l.assignment_id');
    expect(moved!.n).toBe(0);
  }

  /** marksUpToTwo for every assignment × student of the school over `from`–`to`, against a plain count capped at 2. */
  async function expectCountsExact(from: string, to: string): Promise<void> {
    const pairs = [s.assignment.id, otherAssignment].flatMap((assignmentId) => students.map((studentId) => ({ assignmentId, studentId })));
    const got = await marksUpToTwo(t.orm.em.fork(), pairs, from, to);
    const counted = await sql<{ assignment_id: number; student_id: number; n: number }>(`
      select l.assignment_id, k.student_id, least(count(*) + count(k.second), 2)::int as n
        from mark k join lesson l on l.id = k.lesson_id where l.date between ? and ? group by 1, 2`, [from, to]);
    const want = new Map(counted.map((r) => [`${r.assignment_id}:${r.student_id}`, r.n]));
    for (const p of pairs) expect([p, got.get(`${p.assignmentId}:${p.studentId}`) ?? 0]).toEqual([p, want.get(`${p.assignmentId}:${p.studentId}`) ?? 0]);
  }

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-20T09:00:00Z'));
    s = await createSchoolFixture(t.core);
    const panel = systemActor('panel');
    plain = (await run(() => t.core.records.create('WorkType', { school: s.school.id, name: 'Ответ на уроке', weight: 1 }, panel)) as { id: number }).id;
    control = (await run(() => t.core.records.create('WorkType', { school: s.school.id, name: 'Контрольная работа', weight: 2, gradingDeadlineDays: 3 }, panel)) as { id: number }).id;
    otherAssignment = (await run(() => t.core.records.create('TeachingAssignment',
      { school: s.school.id, year: s.year.id, teacher: s.people.teacher.id, subject: s.subject.id, group: s.groupB.id, plannedHours: 34 }, panel)) as { id: number }).id;
    await run(() => t.core.records.update('Subject', s.subject.id, { doubleMarksAllowed: true }, panel));
    teacher = (await staffActorFor(t.orm.em.fork(), s.people.teacher.id, 'bot'))!;
    students.push(s.studentA.id, s.studentB.id);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('through the journal: a mark given, a double mark, changed (value, second, work type), removed', async () => {
    const l = await lesson('2026-11-19', 1);
    const given = await run(() => t.core.journal.marks.giveMark(l.id, s.studentA.id, 5, { workTypeId: plain }, teacher));
    await expectSummaryExact();
    expect((await sql<{ n: number }>('select count(*)::int as n from lesson_mark_time where lesson_id = ?', [l.id]))[0]!.n).toBe(1);
    await expectCountsExact('2026-11-01', '2026-11-30');
    const changed = await run(() => t.core.journal.marks.changeMark(given.id, { value: 4, second: 3 }, given.version, teacher));
    await expectSummaryExact();
    await expectCountsExact('2026-11-01', '2026-11-30');
    const moved = await run(() => t.core.journal.marks.changeMark(given.id, { workTypeId: control }, changed.version, teacher));
    await expectSummaryExact();
    expect(await sql('select work_type_id from lesson_mark_time where lesson_id = ?', [l.id])).toEqual([{ work_type_id: control }]);
    await run(() => t.core.journal.marks.removeMark(given.id, moved.version, teacher));
    await expectSummaryExact();
    expect(await sql('select * from lesson_mark_time where lesson_id = ?', [l.id])).toEqual([]);
    await expectCountsExact('2026-11-01', '2026-11-30');
  });

  it('through any statement: bulk inserts, an older mark, moves between lessons, students and work types, deletes of one and of many', async () => {
    const a = await lesson('2026-11-16', 1);
    const b = await lesson('2026-11-17', 1);
    const m1 = await insertMark(a.id, s.studentA.id, plain, '2026-11-16 10:00+03');
    const m2 = await insertMark(a.id, s.studentA.id, plain, '2026-11-18 10:00+03', 5);
    await sql(`insert into mark (school_id, lesson_id, student_id, value, work_type_id, created_at, updated_at)
      select ?, l, ?, 3, w, '2026-11-17 12:00+03', '2026-11-17 12:00+03' from unnest(?::int[]) l cross join unnest(?::int[]) w`,
    [s.school.id, s.studentB.id, `{${a.id},${b.id}}`, `{${plain},${control}}`]);
    await expectSummaryExact();
    // An older mark leaves the latest time as it was.
    await insertMark(a.id, s.studentA.id, plain, '2026-11-15 10:00+03');
    await expectSummaryExact();
    await expectCountsExact('2026-11-16', '2026-11-16');
    await expectCountsExact('2026-11-17', '2026-11-30');
    // The latest mark of a key moved to another lesson, to another student, to another work type: the key it left recounts.
    await sql('update mark set lesson_id = ? where id = ?', [b.id, m2]);
    await expectSummaryExact();
    await expectCountsExact('2026-11-16', '2026-11-16');
    await sql('update mark set student_id = ? where id = ?', [s.studentB.id, m1]);
    await expectCountsExact('2026-11-16', '2026-11-17');
    await sql('update mark set work_type_id = ? where id = ?', [control, m2]);
    await expectSummaryExact();
    // An update that changes nothing the summary holds, then an update of its time backwards.
    await sql('update mark set comment = ? where lesson_id = ?', ['устно', a.id]);
    await sql("update mark set created_at = '2026-11-16 09:00+03', updated_at = '2026-11-16 09:00+03' where id = ?", [m2]);
    await expectSummaryExact();
    await sql('delete from mark where id = ?', [m1]);
    await expectSummaryExact();
    await sql('delete from mark where lesson_id in (?, ?)', [a.id, b.id]);
    await expectSummaryExact();
    expect(await sql('select * from lesson_mark_time where lesson_id in (?, ?)', [a.id, b.id])).toEqual([]);
  });

  it('follows a lesson moved to another date or another assignment', async () => {
    const l = await lesson('2026-11-12', 2);
    await insertMark(l.id, s.studentA.id, plain, '2026-11-13 10:00+03');
    await insertMark(l.id, s.studentA.id, control, '2026-11-14 10:00+03');
    const em = t.orm.em.fork();
    const row = await em.findOneOrFail(Lesson, l.id);
    row.date = '2026-11-11';
    await em.flush();
    await expectCountsExact('2026-11-11', '2026-11-11');
    await expectCountsExact('2026-11-12', '2026-11-12');
    await sql('update lesson set assignment_id = ? where id = ?', [otherAssignment, l.id]);
    await expectSummaryExact();
    await expectCountsExact('2026-11-01', '2026-11-30');
    // A written assignment is overruled by the lesson's, as the date is.
    const [mark] = await em.find(Mark, { lesson: l.id }, { limit: 1 });
    await sql('update mark set assignment_id = ? where id = ?', [s.assignment.id, mark!.id]);
    await expectSummaryExact();
  });

  it('a recount waits for a concurrent insert into the same lesson and counts it: the later mark is not lost', async () => {
    const l = await lesson('2026-11-10', 3);
    const kept = await insertMark(l.id, s.studentA.id, plain, '2026-11-10 10:00+03');
    const removed = await insertMark(l.id, s.studentA.id, plain, '2026-11-11 10:00+03');
    const knex = t.orm.em.getKnex();
    const inserting = await knex.transaction();
    const deleting = await knex.transaction();
    try {
      // The insert holds the lesson's summary row; the delete's recount must wait for it, then see its mark.
      await inserting.raw(`insert into mark (school_id, lesson_id, student_id, value, work_type_id, created_at, updated_at)
        values (?, ?, ?, 5, ?, '2026-11-12 10:00+03', '2026-11-12 10:00+03')`, [s.school.id, l.id, s.studentA.id, plain]);
      const deleted = deleting.raw('delete from mark where id = ?', [removed]).then(() => deleting.commit());
      await new Promise((resolve) => setTimeout(resolve, 200));
      await inserting.commit();
      await deleted;
    } finally {
      if (!inserting.isCompleted()) await inserting.rollback();
      if (!deleting.isCompleted()) await deleting.rollback();
    }
    expect(kept).toBeGreaterThan(0);
    await expectSummaryExact();
    expect(await sql("select last_at = '2026-11-12 10:00+03' as latest from lesson_mark_time where lesson_id = ?", [l.id])).toEqual([{ latest: true }]);
  });
});
