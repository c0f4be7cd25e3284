import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardianActor, staffActor, studentActor, systemActor, type Actor } from '../../core/access/actor.js';
import type { StaffRole } from '../../core/people/staff.entity.js';
import type { ValidationFailed } from '../../core/base/errors.js';
import { AccessDenied, NotFound } from '../../core/base/errors.js';
import type { AttendanceCode } from '../../core/journal/attendance.entity.js';
import { Lesson } from '../../core/journal/lesson.entity.js';
import { pdfPageCount, pdfText } from '../support/pdf-text.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

// The clock stands on each lesson's day while the teacher fills it in, then on Monday 23 November 2026.
const TODAY = new Date('2026-11-23T09:00:00Z');
let clock = TODAY;
const at = (date: string) => new Date(`${date}T10:00:00Z`);

let t: TestCore;
let s: Awaited<ReturnType<typeof createSchoolFixture>>;
const sys = systemActor('cli');
const ids = { answer: 0, test: 0, russian: 0, physics: 0, classmate: 0, otherGuardian: 0, foreignStudent: 0, foreignStaff: 0, foreignSchool: 0 };
const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
const staff = (staffId: number, roles: StaffRole[], classGroupIds: number[] = []): Actor =>
  staffActor({ schoolId: s.school.id, staffId, roles, classGroupIds, source: 'panel' });

/** The teacher gives one lesson: its topic, the student's attendance and marks, on that lesson's day. */
async function lesson(assignmentId: number, date: string, number: number, topic: string, entries: {
  code?: AttendanceCode; marks?: { value: number; second?: number; workTypeId: number; comment?: string; makeUp?: boolean }[];
} = {}) {
  clock = at(date);
  const teacher = staff(s.people.teacher.id, ['teacher']);
  try {
    await run(async () => {
      const l = await t.core.journal.lessons.openLesson(assignmentId, date, number, teacher);
      await t.core.journal.lessons.setTopic(l.id, { text: topic }, teacher);
      if (entries.code) await t.core.journal.rollCall.setAttendance(l.id, s.studentA.id, entries.code, undefined, teacher);
      for (const m of entries.marks ?? []) {
        await t.core.journal.marks.giveMark(l.id, s.studentA.id, m.value, { workTypeId: m.workTypeId, second: m.second ?? null, comment: m.comment ?? null, makeUp: m.makeUp ?? false }, teacher);
      }
    });
  } finally {
    clock = TODAY;
  }
}

const pdf = (studentId: number, reader: Actor, range?: { from: string; to: string }, language: 'ru' | 'en' = 'ru') =>
  run(() => t.core.statements.pdf(studentId, reader, { ...(range ? { range } : {}), language, compress: false }));
const refusal = (studentId: number, reader: Actor) => run(() => t.core.statements.gather(studentId, reader)).catch((e: unknown) => e);

beforeAll(async () => {
  t = await createTestCore({}, clockFrom(() => clock));
  s = await createSchoolFixture(t.core);
  await run(async () => {
    const create = (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>) =>
      t.core.records.create(kind, { school: s.school.id, ...input }, sys) as Promise<{ id: number }>;
    ids.answer = (await create('WorkType', { name: 'Ответ на уроке', weight: 1 })).id;
    ids.test = (await create('WorkType', { name: 'Контрольная работа', weight: 2 })).id;
    const russian = await create('Subject', { name: 'Русский язык', doubleMarksAllowed: true });
    ids.russian = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: russian.id, group: s.groupA.id, plannedHours: 136 })).id;
    const physics = await create('Subject', { name: 'Физика' });
    ids.physics = (await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: physics.id, group: s.groupA.id, plannedHours: 68 })).id;
    // English in the other half of the class, which Пётр is not in: none of its lessons are his.
    const english = await create('Subject', { name: 'Английский язык' });
    const half = await create('Subgroup', { group: s.groupA.id, name: 'Группа 2' });
    const englishTwo = await create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: english.id, group: s.groupA.id, subgroup: half.id, plannedHours: 102 });
    const classmate = await create('Student', { lastName: 'Васильев', firstName: 'Иван', birthDate: '2013-02-03', sex: 'm' });
    await create('Enrollment', { student: classmate.id, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
    await create('SubgroupMember', { subgroup: half.id, student: classmate.id });
    ids.classmate = classmate.id;
    const other = await create('Guardian', { lastName: 'Борисова', firstName: 'Елена' });
    await create('StudentGuardian', { student: s.studentB.id, guardian: other.id, relation: 'mother' });
    await t.core.consents.record(other.id, 'given', '2026-09-01', sys);
    ids.otherGuardian = other.id;
    // Lessons of the English half, filled in directly: they must not reach Пётр's statement.
    t.orm.em.create(Lesson, { school: s.school.id, assignment: englishTwo.id, date: '2026-10-09', lessonNumber: 1, topic: 'Present Simple' });
    // Physics in September: enough lessons for the statement to run over several pages.
    for (let day = 1; day <= 30; day++) {
      for (const n of [1, 2]) {
        t.orm.em.create(Lesson, { school: s.school.id, assignment: ids.physics, date: `2026-09-${String(day).padStart(2, '0')}`, lessonNumber: n, topic: `Механическое движение, часть ${day}.${n}` });
      }
    }
    await t.orm.em.flush();
  });
  const foreign = await createSchoolFixture(t.core, 'Школа № 2');
  ids.foreignStudent = foreign.studentA.id;
  ids.foreignStaff = foreign.people.administrator.id;
  ids.foreignSchool = foreign.school.id;

  // Mathematics in October: 5 (×1), 3 (×2, a test), absent, 5 (×1) and late. Average 13/3, weighted 16/4.
  await lesson(s.assignment.id, '2026-10-05', 1, 'Линейные уравнения', { marks: [{ value: 5, workTypeId: ids.answer }] });
  await lesson(s.assignment.id, '2026-10-07', 2, 'Системы уравнений', { marks: [{ value: 3, workTypeId: ids.test, comment: 'ошибки в вычислениях' }] });
  await lesson(s.assignment.id, '2026-10-12', 1, 'Квадратные уравнения', { code: 'n' });
  await lesson(s.assignment.id, '2026-10-14', 3, 'Теорема Виета', { code: 'op', marks: [{ value: 5, workTypeId: ids.answer }] });
  // Russian: a double mark 5/4 for a test (×2), ill, then a make-up 3 (×1). Average 12/3, weighted 21/5.
  await lesson(ids.russian, '2026-10-06', 2, 'Диктант по теме «Причастие»', { marks: [{ value: 5, second: 4, workTypeId: ids.test }] });
  await lesson(ids.russian, '2026-10-08', 1, 'Деепричастие', { code: 'b' });
  await lesson(ids.russian, '2026-10-13', 2, 'Деепричастный оборот', { marks: [{ value: 3, workTypeId: ids.answer, makeUp: true }] });
  // Outside October: not in the default statement.
  await lesson(s.assignment.id, '2026-11-02', 1, 'Неравенства', { marks: [{ value: 2, workTypeId: ids.answer }] });
});
afterAll(() => t.close());

describe('the student statement (D12)', () => {
  it('covers the previous calendar month by default, with the averages and absences of each subject', async () => {
    const statement = await run(() => t.core.statements.gather(s.studentA.id, sys));
    expect(statement.range).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(statement.subjects.map((x) => x.subject)).toEqual(['Математика', 'Русский язык']);
    const [maths, russian] = statement.subjects;
    expect(maths!.lessons.map((l) => l.date)).toEqual(['2026-10-05', '2026-10-07', '2026-10-12', '2026-10-14']);
    expect(maths!.average).toBeCloseTo(13 / 3, 10);
    expect(maths!.weightedAverage).toBe(4);
    expect(maths!.attendance.byCode).toMatchObject({ n: 1, b: 0, p: 0, op: 1 });
    expect(russian!.markCount).toBe(3);
    expect(russian!.average).toBe(4);
    expect(russian!.weightedAverage).toBeCloseTo(4.2, 10);
    expect(russian!.lessons[0]!.marks[0]).toMatchObject({ value: 5, second: 4, workType: 'Контрольная работа', weight: 2 });
    expect(russian!.lessons[2]!.marks[0]).toMatchObject({ value: 3, makeUp: true });
    expect(statement.totals.attendance).toMatchObject({ held: 7, missed: 2 });
    expect(statement.totals.byDate.map((d) => [d.date, d.entries.map((e) => e.code)])).toEqual([
      ['2026-10-08', ['b']], ['2026-10-12', ['n']], ['2026-10-14', ['op']],
    ]);
  });

  it('prints the numbers in a Russian PDF with Cyrillic text', async () => {
    const { file, filename, asciiFilename } = await pdf(s.studentA.id, sys);
    expect(file.subarray(0, 4).toString()).toBe('%PDF');
    expect(file.toString('latin1')).toContain('Roboto');
    expect(filename).toBe('Выписка Алексеев Пётр 01.10.2026–31.10.2026.pdf');
    expect(asciiFilename).toBe(`statement-${s.studentA.id}-2026-10-01-2026-10-31.pdf`);
    const text = pdfText(file);
    for (const line of [
      'Школа № 1', 'Выписка из электронного журнала', 'Ученик: Алексеев Пётр', 'Класс: 7А', 'Период: с 01.10.2026 по 31.10.2026',
      'Математика', 'Линейные уравнения', '3 — Контрольная работа ×2', '«ошибки в вычислениях»',
      '3 отметки; средний балл: 4,33; средневзвешенный балл: 4,00',
      'Пропуски: н — 1, б — 0, п — 0 (пропущено 1 из 4); опоздания: 1',
      'Русский язык', '5/4 — Контрольная работа ×2', '3 — Ответ на уроке ×1, отработка',
      '3 отметки; средний балл: 4,00; средневзвешенный балл: 4,20',
      'Пропуски: н — 0, б — 1, п — 0 (пропущено 1 из 3); опоздания: 0',
      'Всего: 7 уроков, 6 отметок.', 'Пропуски: н — 1, б — 1, п — 0 (пропущено 2 из 7); опоздания: 1',
      '12.10.2026: Математика (1-й урок) — н', 'Страница 1 из 1',
    ]) expect(text).toContain(line);
    expect(text).not.toContain('Неравенства');
    expect(text).not.toContain('Present Simple');
  });

  it('writes the document in the reader\'s language', async () => {
    const text = pdfText((await pdf(s.studentA.id, sys, undefined, 'en')).file);
    expect(text).toContain('Statement from the electronic class journal');
    expect(text).toContain('3 marks; average: 4.33; weighted average: 4.00');
    expect(text).toContain('Absences: abs — 1, ill — 0, exc — 0 (1 of 4 missed); late: 1');
    expect(text).toContain('Алексеев Пётр');
  });

  it('breaks a long statement over pages, repeating the table heads', async () => {
    const { file, statement } = await pdf(s.studentA.id, sys, { from: '2026-08-15', to: '2026-09-30' });
    // The range is cut to the academic year.
    expect(statement.range).toEqual({ from: '2026-09-01', to: '2026-09-30' });
    expect(statement.subjects[0]!.lessons).toHaveLength(60);
    const pages = pdfPageCount(file);
    expect(pages).toBeGreaterThan(1);
    const text = pdfText(file);
    expect(text).toContain('Физика (продолжение)');
    expect(text).toContain('Механическое движение, часть 30.2');
    expect(text).toContain(`Страница ${pages} из ${pages}`);
    expect(text).toContain('Отметок нет.');
  });

  it('refuses ranges that are not within one academic year or longer than a year', async () => {
    const range = (from: string, to: string) => run(() => t.core.statements.gather(s.studentA.id, sys, { from, to })).catch((e: unknown) => e);
    const keys = async (from: string, to: string) => ((await range(from, to)) as ValidationFailed).problems.map((p) => p.key);
    expect(await keys('2026-10-31', '2026-10-01')).toEqual(['dateRangeReversed']);
    expect(await keys('2025-09-01', '2026-12-31')).toEqual(['statement.rangeTooLong']);
    expect(await keys('2026-06-01', '2026-08-31')).toEqual(['statement.noYear']);
    expect(await keys('2026-10-1', '2026-10-31')).toEqual(['dateInvalid']);
  });

  it('lets the school\'s heads, the class teacher, a consenting guardian and the student read it', async () => {
    const readers: Actor[] = [
      staff(s.people.administrator.id, ['administrator']),
      staff(s.people.director.id, ['director']),
      staff(s.people.deputy.id, ['deputy', 'teacher']),
      staff(s.people.inspector.id, ['inspector']),
      staff(s.people.classTeacherA.id, ['teacher'], [s.groupA.id]),
      studentActor({ schoolId: s.school.id, studentId: s.studentA.id }),
    ];
    for (const reader of readers) expect((await run(() => t.core.statements.gather(s.studentA.id, reader))).studentId).toBe(s.studentA.id);

    // A guardian without consent may not; with consent given it may; after withdrawal no longer.
    const guardian: Actor = guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id });
    expect(await refusal(s.studentA.id, guardian)).toBeInstanceOf(AccessDenied);
    await run(() => t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys));
    expect((await run(() => t.core.statements.gather(s.studentA.id, guardian))).studentName).toBe('Алексеев Пётр');
  });

  it('refuses everyone else: another child\'s guardian, a teacher who is not the class teacher, a classmate', async () => {
    expect(await refusal(s.studentA.id, guardianActor({ schoolId: s.school.id, guardianId: ids.otherGuardian }))).toBeInstanceOf(AccessDenied);
    expect(await refusal(s.studentA.id, staff(s.people.teacher.id, ['teacher']))).toBeInstanceOf(AccessDenied);
    expect(await refusal(s.studentA.id, staff(s.people.classTeacherB.id, ['teacher'], [s.groupB.id]))).toBeInstanceOf(AccessDenied);
    expect(await refusal(s.studentA.id, studentActor({ schoolId: s.school.id, studentId: ids.classmate }))).toBeInstanceOf(AccessDenied);
    // Another school's administrator does not even find the student.
    const foreignAdmin = staffActor({ schoolId: ids.foreignSchool, staffId: ids.foreignStaff, roles: ['administrator'], classGroupIds: [], source: 'panel' });
    expect(await refusal(s.studentA.id, foreignAdmin)).toBeInstanceOf(NotFound);
    expect(await refusal(ids.foreignStudent, staff(s.people.administrator.id, ['administrator']))).toBeInstanceOf(NotFound);
  });
});
