import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/actor.js';
import { systemActor } from '../../core/access/actor.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** mark.date is the lesson's date, kept by the database's triggers (migration mark_date), whoever writes. */
describe('mark.date follows its lesson', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let teacher: Actor;
  let workTypeId: number;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const sql = <T>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T[]>(query, params);
  const dateOf = async (markId: number) => (await sql<{ date: string }>("select to_char(date, 'YYYY-MM-DD') as date from mark where id = ?", [markId]))[0]!.date;
  const lesson = (date: string, number: number) => run(() => t.core.journal.lessons.openLesson(s.assignment.id, date, number, teacher));

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-11-20T09:00:00Z'));
    s = await createSchoolFixture(t.core);
    workTypeId = (await run(() => t.core.records.create('WorkType', { school: s.school.id, name: 'Ответ на уроке', weight: 1 }, systemActor('panel'))) as { id: number }).id;
    teacher = (await staffActorFor(t.orm.em.fork(), s.people.teacher.id, 'bot'))!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes the lesson\'s date when the journal gives a mark, and when a row is inserted any other way', async () => {
    const l = await lesson('2026-11-19', 1);
    const mark = await run(() => t.core.journal.marks.giveMark(l.id, s.studentA.id, 5, { workTypeId }, teacher));
    expect(await dateOf(mark.id)).toBe('2026-11-19');
    // A bulk insert that names another date (or none) gets the lesson's all the same.
    const [raw] = await sql<{ id: number }>(`insert into mark (school_id, lesson_id, student_id, value, work_type_id, date)
      select ?, ?, ?, 4, ?, '2001-01-01' returning id`, [s.school.id, l.id, s.studentA.id, workTypeId]);
    expect(await dateOf(raw!.id)).toBe('2026-11-19');
  });

  it('follows the lesson when its date is moved, and only that lesson\'s marks', async () => {
    const moved = await lesson('2026-11-18', 2);
    const kept = await lesson('2026-11-18', 3);
    const a = await run(() => t.core.journal.marks.giveMark(moved.id, s.studentA.id, 4, { workTypeId }, teacher));
    const b = await run(() => t.core.journal.marks.giveMark(kept.id, s.studentA.id, 3, { workTypeId }, teacher));
    const em = t.orm.em.fork();
    const row = await em.findOneOrFail(Lesson, moved.id);
    row.date = '2026-11-17';
    await em.flush();
    expect(await dateOf(a.id)).toBe('2026-11-17');
    expect(await dateOf(b.id)).toBe('2026-11-18');
    // A change of another column leaves it be.
    await sql('update lesson set topic = ? where id = ?', ['Дроби', moved.id]);
    expect(await dateOf(a.id)).toBe('2026-11-17');
  });

  it('takes the new lesson\'s date when a mark is moved to another lesson, and overrules a date written directly', async () => {
    const from = await lesson('2026-11-16', 4);
    const to = await lesson('2026-11-13', 5);
    const mark = await run(() => t.core.journal.marks.giveMark(from.id, s.studentA.id, 5, { workTypeId }, teacher));
    const em = t.orm.em.fork();
    const row = await em.findOneOrFail(Mark, mark.id);
    row.lesson = em.getReference(Lesson, to.id);
    await em.flush();
    expect(await dateOf(mark.id)).toBe('2026-11-13');
    await sql("update mark set date = '2030-01-01' where id = ?", [mark.id]);
    expect(await dateOf(mark.id)).toBe('2026-11-13');
    // Nothing anywhere disagrees with its lesson.
    const [check] = await sql<{ wrong: number }>('select count(*)::int as wrong from mark k join lesson l on l.id = k.lesson_id where k.date is distinct from l.date');
    expect(check!.wrong).toBe(0);
  });
});
