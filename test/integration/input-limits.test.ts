import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { ValidationFailed } from '../../core/base/errors.js';
import { translator, describeProblem } from '../../core/i18n/i18n.js';
import { ImportFailed } from '../../core/imports/import-failed.js';
import { Homework } from '../../core/journal/homework.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { Mark } from '../../core/journal/mark.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { clockFrom } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const LESSON_DAY = '2026-11-20';
const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
const problemsOf = async (work: Promise<unknown>) => {
  const err = await work.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ValidationFailed)) throw new Error(`expected ValidationFailed, got ${String(err)}`);
  return err.problems;
};

/**
 * Issue 12, points 5 and 10: a 300-character surname went to PostgreSQL and came back as a 500 with the SQL;
 * a 5,000-character topic was stored. Every string is now measured against its column before it is saved,
 * by the record service (all problems at once, next to their fields) and, for every other writer, by the
 * ORM's flush (StringLimits).
 */
describe('string fields are validated against their columns before anything is saved', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let teacher: Actor;
  const now = new Date(`${LESSON_DAY}T09:00:00Z`);
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const ru = () => translator(t.core.i18n, 'ru');
  const system = systemActor('panel');

  beforeAll(async () => {
    t = await createTestCore({}, clockFrom(() => now));
    s = await createSchoolFixture(t.core);
    teacher = (await staffActorFor(t.orm.em.fork(), s.people.teacher.id, 'bot'))!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses a 300-character surname with a Russian message next to the field, and saves nothing', async () => {
    const problems = await problemsOf(run(() => t.core.records.create('Student', {
      school: s.school.id, lastName: 'Ш'.repeat(300), firstName: 'Пётр', birthDate: '2013-04-05', sex: 'm',
    }, system)));
    expect(problems).toContainEqual({ key: 'tooLong', field: 'lastName', params: { max: 255, length: 300 } });
    expect(describeProblem(ru(), problems.find((p) => p.key === 'tooLong')!)).toBe('Слишком длинное значение: 300 символов, можно не больше 255.');
    expect(await t.orm.em.fork().count(Student, { lastName: 'Ш'.repeat(300) })).toBe(0);
  });

  it('reports every field at once on an update, and a NUL or another control character as invalid', async () => {
    const problems = await problemsOf(run(() => t.core.records.update('Staff', s.people.teacher.id, {
      position: 'д'.repeat(256), email: `${'a'.repeat(250)}@school.example`, phone: '+7 900\u0000 000-00-00',
    }, system)));
    expect(problems.map((p) => [p.field, p.key]).sort()).toEqual([['email', 'tooLong'], ['phone', 'textInvalid'], ['position', 'tooLong']]);
    // 255 characters of Cyrillic fit, whatever their bytes.
    await run(() => t.core.records.update('Staff', s.people.teacher.id, { position: 'д'.repeat(255) }, system));
    expect((await t.orm.em.fork().findOneOrFail(Staff, s.people.teacher.id)).position).toHaveLength(255);
  });

  it('stops any other writer at the flush, the field named: no string reaches PostgreSQL too long or with NUL', async () => {
    const em = t.orm.em.fork();
    em.create(Student, { school: s.school.id, lastName: 'Ж'.repeat(256), firstName: 'Пётр', birthDate: '2013-04-05', sex: 'm' });
    await expect(em.flush()).rejects.toMatchObject({ problems: [{ key: 'tooLong', field: 'lastName', params: { max: 255, length: 256 } }] });
    const again = t.orm.em.fork();
    again.create(Student, { school: s.school.id, lastName: 'Жуков', firstName: 'П\u0000', birthDate: '2013-04-05', sex: 'm' });
    await expect(again.flush()).rejects.toMatchObject({ problems: [{ key: 'textInvalid', field: 'firstName' }] });
  });

  it('limits a lesson\'s topic, a mark\'s comment and homework in the journal (a 5,000-character topic is refused)', async () => {
    const lesson = await run(() => t.core.journal.lessons.openLesson(s.assignment.id, LESSON_DAY, 1, teacher));
    const topic = await problemsOf(run(() => t.core.journal.lessons.setTopic(lesson.id, { text: `Дроби: ${'а'.repeat(4993)}` }, teacher)));
    expect(topic).toEqual([{ key: 'tooLong', field: 'topic', params: { max: 500, length: 5000 } }]);
    await run(() => t.core.journal.lessons.setTopic(lesson.id, { text: `Дроби: ${'а'.repeat(493)}` }, teacher));
    expect((await t.orm.em.fork().findOneOrFail(Lesson, lesson.id)).topic).toHaveLength(500);

    const workType = (await run(() => t.core.records.create('WorkType', { school: s.school.id, name: 'Ответ на уроке', weight: 1 }, system))) as { id: number };
    const comment = await problemsOf(run(() => t.core.journal.marks.giveMark(lesson.id, s.studentA.id, 5, { workTypeId: workType.id, comment: 'к'.repeat(501) }, teacher)));
    expect(comment).toEqual([{ key: 'tooLong', field: 'comment', params: { max: 500, length: 501 } }]);
    expect(await t.orm.em.fork().count(Mark, { lesson: lesson.id })).toBe(0);

    const homework = await problemsOf(run(() => t.core.journal.homework.setHomework(lesson.id, { text: 'з'.repeat(2001), dueDate: '2026-11-23' }, teacher)));
    expect(homework).toEqual([{ key: 'tooLong', field: 'text', params: { max: 2000, length: 2001 } }]);
    expect(await t.orm.em.fork().count(Homework, { lesson: lesson.id })).toBe(0);
  });

  it('limits a thematic plan\'s topic the same way as a lesson\'s', async () => {
    const problems = await problemsOf(run(() => t.core.records.create('ThematicPlanTopic', {
      school: s.school.id, assignment: s.assignment.id, position: 1, title: `Дроби: ${'б'.repeat(600)}`, hours: 1,
    }, system)));
    expect(problems).toContainEqual(expect.objectContaining({ key: 'tooLong', field: 'title' }));
  });

  it('lists a too-long cell of an import with its line and column, and imports nothing', async () => {
    const file = csv([
      'Фамилия;Имя;Отчество;Должность;Роли;E-mail;Телефон',
      'Петрова;Анна;Ивановна;Учитель;учитель;petrova@school.example;+7 900 100-00-09',
      `${'Д'.repeat(300)};Анна;Ивановна;Учитель;учитель;;`,
    ]);
    const err = await t.core.importTable('staff', file, 'csv', systemActor('import'), { schoolId: s.school.id }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(ImportFailed);
    const lines = (err as ImportFailed).lines;
    expect(lines).toEqual([expect.objectContaining({ line: 3, column: 'lastName', problems: [expect.objectContaining({ key: 'tooLong' })] })]);
    expect(await t.orm.em.fork().count(Staff, { lastName: 'Петрова' })).toBe(0);
  });
});
