import { wrap } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { ValidationFailed, type Problem } from '../../core/base/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { RECORD_KINDS, type RecordKindName } from '../../core/records/record-kinds.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const sys = systemActor('panel');
const SCHOOL_SETTINGS = {
  timeZone: 'Europe/Moscow', quietHoursStart: '21:00', quietHoursEnd: '08:00',
  roundingThreshold: '0.5', homeworkDeadlineMinutes: '90', inviteTtlDays: '14',
};

let t: TestCore;
let schoolId: number;
/** The ids of the rows made in beforeAll. */
type Seeded =
  'anna' | 'autumnBreak' | 'bell1' | 'bells' | 'boris' | 'building' | 'english' | 'english5a1' | 'english5a2'
  | 'group5a' | 'group5b' | 'guardian' | 'half1' | 'half2' | 'ivanova' | 'maths' | 'maths5a' | 'maths5b'
  | 'mondayMaths' | 'orlova' | 'otherBuilding' | 'otherSchool' | 'petrov' | 'quarter1' | 'quarter2'
  | 'room101' | 'room102' | 'russian' | 'russian5a' | 'russian5b' | 'smith' | 'topic' | 'vera' | 'workType'
  | 'year';
const id = {} as Record<Seeded, number>;

const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
const className = (kind: RecordKindName) => RECORD_KINDS[kind].entity.meta.className;

/** Valid set-up data, made through the service as the panel would make it. */
async function seed(kind: RecordKindName, input: Record<string, unknown>, school = schoolId): Promise<number> {
  const row = await inUnit(() => t.core.records.create(kind, kind === 'School' ? input : { school, ...input }, sys));
  return row.id;
}

const create = (kind: RecordKindName, input: Record<string, unknown>) =>
  inUnit(() => t.core.records.create(kind, { school: schoolId, ...input }, sys));
const update = (kind: RecordKindName, rowId: number, input: Record<string, unknown>) =>
  inUnit(() => t.core.records.update(kind, rowId, input, sys));
const remove = (kind: RecordKindName, rowId: number) => inUnit(() => t.core.records.remove(kind, rowId, sys));

const count = (kind: RecordKindName) => t.orm.em.fork().count(className(kind), {});
const snapshot = async (kind: RecordKindName, rowId: number) =>
  wrap(await t.orm.em.fork().findOneOrFail(className(kind), rowId) as object).toObject();

/** Each problem reads, in Russian, as a whole sentence with its parameters filled in. */
function expectRussianSentences(problems: readonly Problem[]): void {
  const ru = translator(t.core.i18n, 'ru');
  for (const p of problems) {
    const text = describeProblem(ru, p);
    expect(text, p.key).toMatch(/^[«А-ЯЁ]/u);
    expect(text, p.key).toMatch(/[а-яё]{3,}/u);
    expect(text, p.key).toMatch(/\.$/u);
    expect(text, p.key).not.toMatch(/\{\{|errors:|[a-z]+[A-Z]/u);
  }
}

/** The call is refused with ValidationFailed; returns its problems, having checked they read as Russian sentences. */
async function refused(call: () => Promise<unknown>): Promise<Problem[]> {
  const error: unknown = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationFailed);
  const { problems } = error as ValidationFailed;
  expectRussianSentences(problems);
  return problems;
}

const keysOf = (problems: readonly Problem[]) => problems.map((p) => ({ key: p.key, ...(p.field ? { field: p.field } : {}) }));

/** A create is refused with exactly these problems and the table keeps its row count. */
async function expectCreateRefused(kind: RecordKindName, input: Record<string, unknown>, expected: { key: string; field?: string }[]) {
  const before = await count(kind);
  const problems = await refused(() => create(kind, input));
  expect(keysOf(problems)).toEqual(expected);
  expect(await count(kind)).toBe(before);
  return problems;
}

/** An update is refused with exactly these problems and the row keeps its values. */
async function expectUpdateRefused(kind: RecordKindName, rowId: number, input: Record<string, unknown>, expected: { key: string; field?: string }[]) {
  const before = await snapshot(kind, rowId);
  const problems = await refused(() => update(kind, rowId, input));
  expect(keysOf(problems)).toEqual(expected);
  expect(await snapshot(kind, rowId)).toEqual(before);
  return problems;
}

const person = (lastName: string, firstName: string, middleName?: string) => ({ lastName, firstName, ...(middleName ? { middleName } : {}) });

beforeAll(async () => {
  t = await createTestCore();
  schoolId = await seed('School', { name: 'МБОУ «Средняя школа № 1»', ...SCHOOL_SETTINGS });
  id.otherSchool = await seed('School', { name: 'МБОУ «Гимназия № 2»', ...SCHOOL_SETTINGS });
  id.otherBuilding = await seed('Building', { name: 'Главный корпус' }, id.otherSchool);

  id.year = await seed('AcademicYear', { name: '2025/2026', startDate: '2025-09-01', endDate: '2026-05-31' });
  id.quarter1 = await seed('Period', { year: id.year, type: 'quarter', number: 1, name: '1 четверть', startDate: '2025-09-01', endDate: '2025-10-25' });
  id.quarter2 = await seed('Period', { year: id.year, type: 'quarter', number: 2, name: '2 четверть', startDate: '2025-11-04', endDate: '2025-12-28' });
  id.autumnBreak = await seed('Holiday', { year: id.year, name: 'Осенние каникулы', startDate: '2025-10-26', endDate: '2025-11-03' });
  id.bells = await seed('BellSchedule', { name: 'Первая смена' });
  id.bell1 = await seed('BellSlot', { schedule: id.bells, lessonNumber: 1, startsAt: '08:30', endsAt: '09:15' });
  id.building = await seed('Building', { name: 'Основное здание', address: 'ул. Школьная, 1' });
  id.room101 = await seed('Room', { building: id.building, name: '101', capacity: 30 });
  id.room102 = await seed('Room', { building: id.building, name: '102' });
  id.maths = await seed('Subject', { name: 'Математика' });
  id.russian = await seed('Subject', { name: 'Русский язык' });
  id.english = await seed('Subject', { name: 'Английский язык' });
  id.workType = await seed('WorkType', { name: 'Контрольная работа', weight: '2', gradingDeadlineDays: '7' });

  id.ivanova = await seed('Staff', { ...person('Иванова', 'Мария', 'Петровна') });
  id.petrov = await seed('Staff', { ...person('Петров', 'Сергей', 'Иванович') });
  id.smith = await seed('Staff', { ...person('Смит', 'Джон') });
  id.orlova = await seed('Staff', { ...person('Орлова', 'Анна', 'Викторовна') });
  id.group5a = await seed('Group', { year: id.year, name: '5А', gradeLevel: 5, classTeacher: id.ivanova, bellSchedule: id.bells });
  id.group5b = await seed('Group', { year: id.year, name: '5Б', gradeLevel: 5 });
  id.half1 = await seed('Subgroup', { group: id.group5a, name: '1 группа' });
  id.half2 = await seed('Subgroup', { group: id.group5a, name: '2 группа' });

  id.anna = await seed('Student', { ...person('Кузнецова', 'Анна', 'Сергеевна'), birthDate: '2014-03-15', sex: 'f' });
  id.boris = await seed('Student', { ...person('Смирнов', 'Борис'), birthDate: '2014-07-02', sex: 'm' });
  id.vera = await seed('Student', { ...person('Волкова', 'Вера', 'Олеговна'), birthDate: '2014-11-20', sex: 'f' });
  id.guardian = await seed('Guardian', { ...person('Кузнецова', 'Ольга', 'Игоревна'), phone: '+7 900 123-45-67' });
  await seed('Enrollment', { student: id.anna, group: id.group5a, startDate: '2025-09-01', startReason: 'admission' });
  await seed('Enrollment', { student: id.vera, group: id.group5b, startDate: '2025-09-01', startReason: 'admission' });
  // Boris left 5А on a transfer; his next stretch is what the enrollment rule is about.
  await seed('Enrollment', { student: id.boris, group: id.group5a, startDate: '2025-09-01', endDate: '2025-12-26', startReason: 'admission', endReason: 'transfer' });
  await seed('SubgroupMember', { subgroup: id.half1, student: id.anna });

  const assignment = (teacher: number, subject: number, group: number, subgroup?: number) =>
    seed('TeachingAssignment', { year: id.year, teacher, subject, group, ...(subgroup ? { subgroup } : {}), plannedHours: 170 });
  id.maths5a = await assignment(id.ivanova, id.maths, id.group5a);
  id.russian5a = await assignment(id.petrov, id.russian, id.group5a);
  id.maths5b = await assignment(id.petrov, id.maths, id.group5b);
  id.russian5b = await assignment(id.ivanova, id.russian, id.group5b);
  id.english5a1 = await assignment(id.smith, id.english, id.group5a, id.half1);
  id.english5a2 = await assignment(id.orlova, id.english, id.group5a, id.half2);
  // Monday, lesson 1: Иванова teaches maths to 5А in room 101.
  id.mondayMaths = await seed('TimetableSlot', { assignment: id.maths5a, group: id.group5a, room: id.room101, weekday: 1, lessonNumber: 1, validFrom: '2025-09-01' });
  id.topic = await seed('ThematicPlanTopic', { assignment: id.maths5a, position: 1, title: 'Натуральные числа и шкалы', hours: 2 });
});

afterAll(async () => {
  await t?.close();
});

describe('the academic calendar', () => {
  it('refuses a period outside its year', async () => {
    const problems = await expectCreateRefused(
      'Period',
      { year: id.year, type: 'quarter', number: 5, name: '5 четверть', startDate: '2026-06-01', endDate: '2026-06-30' },
      [{ key: 'outsideYear', field: 'startDate' }],
    );
    expect(describeProblem(translator(t.core.i18n, 'ru'), problems[0]!)).toContain('«2025/2026» (2025-09-01 — 2026-05-31)');
  });

  it('refuses moving a period out of its year, and keeps its dates', async () => {
    await expectUpdateRefused('Period', id.quarter2, { endDate: '2026-06-30' }, [{ key: 'outsideYear', field: 'startDate' }]);
  });

  it('refuses a period overlapping another of the same type', async () => {
    const problems = await expectCreateRefused(
      'Period',
      { year: id.year, type: 'quarter', number: 3, name: '3 четверть', startDate: '2025-12-01', endDate: '2026-03-20' },
      [{ key: 'periodOverlap', field: 'startDate' }],
    );
    expect(problems[0]!.params).toEqual({ other: '2 четверть' });
  });

  it('allows a half-year overlapping the quarters', async () => {
    const before = await count('Period');
    await create('Period', { year: id.year, type: 'half', number: 1, name: '1 полугодие', startDate: '2025-09-01', endDate: '2025-12-28' });
    expect(await count('Period')).toBe(before + 1);
  });

  it('refuses holidays outside the year', async () => {
    await expectCreateRefused('Holiday', { year: id.year, name: 'Летние каникулы', startDate: '2026-06-01', endDate: '2026-08-31' }, [
      { key: 'outsideYear', field: 'startDate' },
    ]);
  });

  it('refuses two overlapping academic years', async () => {
    const problems = await expectCreateRefused('AcademicYear', { name: '2026 (календарный)', startDate: '2026-01-01', endDate: '2026-12-31' }, [
      { key: 'yearOverlap', field: 'startDate' },
    ]);
    expect(problems[0]!.params).toEqual({ other: '2025/2026' });
  });

  it('refuses a reversed date range, for a year and for a period', async () => {
    await expectCreateRefused('AcademicYear', { name: '2026/2027', startDate: '2027-05-31', endDate: '2026-09-01' }, [
      { key: 'dateRangeReversed', field: 'endDate' },
    ]);
    await expectUpdateRefused('Period', id.quarter1, { endDate: '2025-08-01' }, [{ key: 'dateRangeReversed', field: 'endDate' }]);
  });

  it('refuses a bell slot that ends before it starts', async () => {
    await expectCreateRefused('BellSlot', { schedule: id.bells, lessonNumber: 2, startsAt: '09:30', endsAt: '09:15' }, [
      { key: 'timeRangeReversed', field: 'endsAt' },
    ]);
    await expectUpdateRefused('BellSlot', id.bell1, { endsAt: '08:30' }, [{ key: 'timeRangeReversed', field: 'endsAt' }]);
  });
});

describe('the timetable', () => {
  const mondayFirst = { weekday: 1, lessonNumber: 1, validFrom: '2025-09-01' };

  it('refuses a teacher booked in two groups at once', async () => {
    const problems = await expectCreateRefused('TimetableSlot', { ...mondayFirst, assignment: id.russian5b, group: id.group5b, room: id.room102 }, [
      { key: 'timetableConflict.teacher', field: 'assignment' },
    ]);
    expect(describeProblem(translator(t.core.i18n, 'ru'), problems[0]!)).toBe('Учитель уже занят в этот день (1-й день недели) на 1-м уроке.');
  });

  it('refuses a room booked twice', async () => {
    await expectCreateRefused('TimetableSlot', { ...mondayFirst, assignment: id.maths5b, group: id.group5b, room: id.room101 }, [
      { key: 'timetableConflict.room', field: 'room' },
    ]);
  });

  it('refuses a group with two lessons at once', async () => {
    await expectCreateRefused('TimetableSlot', { ...mondayFirst, assignment: id.russian5a, group: id.group5a, room: id.room102 }, [
      { key: 'timetableConflict.group', field: 'group' },
    ]);
  });

  it('allows the two subgroups of a group at the same lesson', async () => {
    const before = await count('TimetableSlot');
    const tuesdaySecond = { weekday: 2, lessonNumber: 2, validFrom: '2025-09-01' };
    await create('TimetableSlot', { ...tuesdaySecond, assignment: id.english5a1, group: id.group5a, subgroup: id.half1, room: id.room101 });
    await create('TimetableSlot', { ...tuesdaySecond, assignment: id.english5a2, group: id.group5a, subgroup: id.half2, room: id.room102 });
    expect(await count('TimetableSlot')).toBe(before + 2);
  });

  it('refuses a lesson whose assignment belongs to another group', async () => {
    await expectCreateRefused('TimetableSlot', { weekday: 3, lessonNumber: 4, validFrom: '2025-09-01', assignment: id.maths5a, group: id.group5b }, [
      { key: 'assignmentOfAnotherGroup', field: 'assignment' },
    ]);
  });

  it('refuses a lesson whose subgroup is not its assignment\'s', async () => {
    await expectCreateRefused('TimetableSlot', { weekday: 3, lessonNumber: 5, validFrom: '2025-09-01', assignment: id.english5a1, group: id.group5a, subgroup: id.half2 }, [
      { key: 'assignmentOfAnotherSubgroup', field: 'subgroup' },
    ]);
  });
});

describe('people', () => {
  it('refuses a subgroup member who is not in the subgroup\'s group', async () => {
    await expectCreateRefused('SubgroupMember', { subgroup: id.half1, student: id.vera }, [{ key: 'subgroupStudentNotInGroup', field: 'student' }]);
  });

  it('refuses staff with an abbreviated name, on create and on update', async () => {
    const problems = await expectCreateRefused('Staff', person('Сидоров', 'П.', 'А.'), [
      { key: 'nameAbbreviated', field: 'firstName' },
      { key: 'nameAbbreviated', field: 'middleName' },
    ]);
    expect(describeProblem(translator(t.core.i18n, 'ru'), problems[0]!)).toBe('«П.»: пишите полностью, без сокращений и инициалов.');
    await expectUpdateRefused('Staff', id.petrov, { lastName: 'Петров С.И.' }, [{ key: 'nameAbbreviated', field: 'lastName' }]);
  });

  it('refuses a student with an abbreviated name', async () => {
    await expectCreateRefused('Student', { ...person('Козлов', 'Д.'), birthDate: '2014-05-05', sex: 'm' }, [{ key: 'nameAbbreviated', field: 'firstName' }]);
    await expectUpdateRefused('Student', id.anna, { middleName: 'С.' }, [{ key: 'nameAbbreviated', field: 'middleName' }]);
  });

  it('refuses a guardian with an abbreviated name', async () => {
    await expectCreateRefused('Guardian', { ...person('К.', 'Ольга') }, [{ key: 'nameAbbreviated', field: 'lastName' }]);
    await expectUpdateRefused('Guardian', id.guardian, { firstName: 'О' }, [{ key: 'nameAbbreviated', field: 'firstName' }]);
  });

  it('refuses an enrollment that leaves a gap after a transfer', async () => {
    const problems = await expectCreateRefused('Enrollment', { student: id.boris, group: id.group5b, startDate: '2026-01-12', startReason: 'transfer' }, [
      { key: 'enrollmentGap', field: 'startDate' },
    ]);
    expect(problems[0]!.params).toEqual({ from: '2025-12-27', to: '2026-01-12' });
  });

  it('refuses an enrollment that ends before it starts', async () => {
    await expectCreateRefused(
      'Enrollment',
      { student: id.vera, group: id.group5a, startDate: '2026-01-12', endDate: '2026-01-01', startReason: 'transfer', endReason: 'transfer' },
      [{ key: 'dateRangeReversed', field: 'endDate' }],
    );
  });
});

describe('subjects, work types and plans', () => {
  it('refuses an abbreviated subject, on create and on update', async () => {
    await expectCreateRefused('Subject', { name: 'Рус. яз.' }, [{ key: 'subjectNameAbbreviated', field: 'name' }]);
    await expectUpdateRefused('Subject', id.maths, { name: 'Матем.' }, [{ key: 'subjectNameAbbreviated', field: 'name' }]);
  });

  it('takes a five- or six-day school week and nothing else', async () => {
    await expectUpdateRefused('School', schoolId, { weekDays: '7' }, [{ key: 'outOfRange', field: 'weekDays' }]);
    await expectUpdateRefused('School', schoolId, { weekDays: '4' }, [{ key: 'outOfRange', field: 'weekDays' }]);
    await update('School', schoolId, { weekDays: '6' });
    expect(await snapshot('School', schoolId)).toMatchObject({ weekDays: 6 });
    await update('School', schoolId, { weekDays: '5' });
  });

  it('refuses a work type of weight 0', async () => {
    await expectCreateRefused('WorkType', { name: 'Ответ на уроке', weight: '0' }, [{ key: 'outOfRange', field: 'weight' }]);
    await expectUpdateRefused('WorkType', id.workType, { weight: '0' }, [{ key: 'outOfRange', field: 'weight' }]);
  });

  it('refuses a plan topic «Повторение»', async () => {
    await expectCreateRefused('ThematicPlanTopic', { assignment: id.maths5a, position: 2, title: 'Повторение', hours: 1 }, [
      { key: 'topicTooGeneric', field: 'title' },
    ]);
    await expectUpdateRefused('ThematicPlanTopic', id.topic, { title: 'Решение задач.' }, [{ key: 'topicTooGeneric', field: 'title' }]);
  });
});

describe('the data model', () => {
  it('refuses a reference to another school\'s row', async () => {
    await expectCreateRefused('Room', { building: id.otherBuilding, name: '201' }, [{ key: 'referenceInvalid', field: 'building' }]);
    await expectUpdateRefused('Room', id.room102, { building: id.otherBuilding }, [{ key: 'referenceInvalid', field: 'building' }]);
  });

  it('refuses a reference to a row that does not exist', async () => {
    await expectCreateRefused('Room', { building: 999_999, name: '301' }, [{ key: 'referenceInvalid', field: 'building' }]);
    // Unreadable as an id: refused as a bad reference (the service also adds «required» for the field left empty).
    const before = await count('Room');
    const problems = await refused(() => create('Room', { building: 'главный', name: '302' }));
    expect(keysOf(problems)).toContainEqual({ key: 'referenceInvalid', field: 'building' });
    expect(await count('Room')).toBe(before);
  });

  it('refuses a duplicate of a unique row', async () => {
    await expectCreateRefused('Subject', { name: 'Математика' }, [{ key: 'duplicate' }]);
    await expectCreateRefused('Room', { building: id.building, name: '101' }, [{ key: 'duplicate' }]);
  });

  it('refuses to delete a subject that an assignment uses, and keeps it', async () => {
    const problems = await refused(() => remove('Subject', id.maths));
    expect(keysOf(problems)).toEqual([{ key: 'inUse' }]);
    expect(await t.orm.em.fork().count(className('Subject'), { id: id.maths })).toBe(1);
  });

  it('refuses a value outside an enumeration', async () => {
    const problems = await expectUpdateRefused('Period', id.quarter1, { type: 'четверть' }, [{ key: 'valueNotAllowed', field: 'type' }]);
    expect(describeProblem(translator(t.core.i18n, 'ru'), problems[0]!)).toBe('Недопустимое значение «четверть».');
    await expectUpdateRefused('Student', id.anna, { sex: 'ж' }, [{ key: 'valueNotAllowed', field: 'sex' }]);
  });

  it('refuses a create that leaves a required field empty', async () => {
    await expectCreateRefused('Staff', { firstName: 'Ирина', middleName: 'Павловна' }, [{ key: 'required', field: 'lastName' }]);
    await expectCreateRefused('Subject', { name: '   ' }, [{ key: 'required', field: 'name' }]);
  });

  it('requires the school when the system creates a row', async () => {
    const before = await count('Subject');
    const problems = await refused(() => inUnit(() => t.core.records.create('Subject', { name: 'Информатика' }, sys)));
    expect(keysOf(problems)).toEqual([{ key: 'required', field: 'school' }]);
    expect(await count('Subject')).toBe(before);
  });

  it('saves a valid row and its changes', async () => {
    const room = await create('Room', { building: id.building, name: '103', capacity: '25' });
    expect(await snapshot('Room', room.id)).toMatchObject({ school: schoolId, building: id.building, name: '103', capacity: 25 });
    await update('Room', room.id, { capacity: '' });
    expect(await snapshot('Room', room.id)).toMatchObject({ capacity: null });
    await remove('Room', room.id);
    expect(await t.orm.em.fork().count(className('Room'), { id: room.id })).toBe(0);
  });
});

describe('fields the input leaves out, and list fields', () => {
  it('creates a school from its name alone, with the default settings', async () => {
    const school = await inUnit(() => t.core.records.create('School', { name: 'МБОУ «Лицей № 3»' }, sys));
    expect(await snapshot('School', school.id)).toMatchObject({ timeZone: 'Europe/Moscow', quietHoursStart: '21:00', roundingThreshold: 0.5, inviteTtlDays: 14, weekDays: 5 });
  });

  it('creates a work type without a weight at weight 1, and a plan topic without hours at 1 hour', async () => {
    const workType = await create('WorkType', { name: 'Диктант' });
    expect(await snapshot('WorkType', workType.id)).toMatchObject({ weight: 1 });
    const topic = await create('ThematicPlanTopic', { assignment: id.maths5a, position: 3, title: 'Сравнение натуральных чисел' });
    expect(await snapshot('ThematicPlanTopic', topic.id)).toMatchObject({ hours: 1 });
  });

  it('opens an enrollment when no end date is given at all', async () => {
    const student = await seed('Student', { ...person('Новиков', 'Глеб'), birthDate: '2014-02-02', sex: 'm' });
    await create('Enrollment', { student, group: id.group5b, startDate: '2025-09-01', startReason: 'admission' });
    expect(await t.orm.em.fork().count(className('Enrollment'), { student, endDate: null })).toBe(1);
  });

  it('saves a staff member\'s roles, given as a list or as comma-separated text', async () => {
    const listed = await create('Staff', { ...person('Белова', 'Ирина', 'Андреевна'), roles: ['teacher', 'deputy'] });
    expect(await snapshot('Staff', listed.id)).toMatchObject({ roles: ['teacher', 'deputy'] });
    const typed = await create('Staff', { ...person('Белов', 'Андрей'), roles: 'teacher, director' });
    expect(await snapshot('Staff', typed.id)).toMatchObject({ roles: ['teacher', 'director'] });
  });
});
