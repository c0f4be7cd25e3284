import { wrap } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import type { Role } from '../../core/access/roles.js';
import { AccessDenied, NotFound, type DomainError } from '../../core/base/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { RECORD_KINDS, type RecordKindName } from '../../core/records/record-kinds.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const sys = systemActor('panel');

let t: TestCore;
let schoolA: number;
let schoolB: number;
/** The ids of the rows made in beforeAll. */
type Seeded =
  'administrator' | 'alexeev' | 'belov' | 'building' | 'deputy' | 'director' | 'grigoriev' | 'group5a'
  | 'group5b' | 'inspector' | 'ivanova' | 'maths' | 'maths5a' | 'mathsTopic' | 'petrov' | 'room101'
  | 'room102' | 'russian' | 'russian5a' | 'russianTopic' | 'slot' | 'studentOfB' | 'subjectOfB' | 'vasiliev'
  | 'year';
const id = {} as Record<Seeded, number>;

const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
const className = (kind: RecordKindName) => RECORD_KINDS[kind].entity.meta.className;

async function seed(kind: RecordKindName, input: Record<string, unknown>, school = schoolA): Promise<number> {
  const row = await inUnit(() => t.core.records.create(kind, kind === 'School' ? input : { school, ...input }, sys));
  return row.id;
}

const person = (lastName: string, firstName: string, middleName: string) => ({ lastName, firstName, middleName });

/** A member of staff of school A as the panel would establish them. */
const staff = (staffId: number, roles: Role[], classGroupIds: number[] = []): Actor =>
  staffActor({ schoolId: schoolA, staffId, roles, classGroupIds, source: 'panel' });

/** The record service as one actor sees it, each call in a unit of work of its own. */
function as(actor: Actor) {
  const records = t.core.records;
  return {
    get: (kind: RecordKindName, rowId: number) => inUnit(() => records.get(kind, rowId, actor)),
    create: (kind: RecordKindName, input: Record<string, unknown>) => inUnit(() => records.create(kind, input, actor)),
    update: (kind: RecordKindName, rowId: number, input: Record<string, unknown>) => inUnit(() => records.update(kind, rowId, input, actor)),
    remove: (kind: RecordKindName, rowId: number) => inUnit(() => records.remove(kind, rowId, actor)),
    /** The ids of the rows the list shows this actor: its filter, applied as the panel applies it. */
    list: (kind: RecordKindName) =>
      inUnit(async () => {
        const filter = await records.listFilter(kind, actor);
        const rows = await t.orm.em.find(className(kind), filter);
        return rows.map((r) => (r as { id: number }).id).sort((a, b) => a - b);
      }),
  };
}

const ids = (...values: number[]) => [...values].sort((a, b) => a - b);
const count = (kind: RecordKindName) => t.orm.em.fork().count(className(kind), {});
const snapshot = async (kind: RecordKindName, rowId: number) =>
  wrap(await t.orm.em.fork().findOneOrFail(className(kind), rowId) as object).toObject();

/** The call fails with `type`, carrying one problem that reads as a Russian sentence. */
async function expectError(type: typeof AccessDenied | typeof NotFound, call: () => Promise<unknown>): Promise<void> {
  const error: unknown = await call().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(type);
  const [p] = (error as DomainError).problems;
  expect(p?.key).toBe(type === AccessDenied ? 'accessDenied' : 'notFound');
  expect(describeProblem(translator(t.core.i18n, 'ru'), p!)).toMatch(/^[А-ЯЁ][^{}]*[а-яё]{3,}[^{}]*\.$/u);
}
const expectDenied = (call: () => Promise<unknown>) => expectError(AccessDenied, call);
const expectNotFound = (call: () => Promise<unknown>) => expectError(NotFound, call);

/** Refused, and the table and the row are as they were. */
async function expectDeniedWrites(actor: Actor, kind: RecordKindName, rowId: number, input: Record<string, unknown>): Promise<void> {
  const [rows, row] = [await count(kind), await snapshot(kind, rowId)];
  await expectDenied(() => as(actor).create(kind, input));
  await expectDenied(() => as(actor).update(kind, rowId, input));
  await expectDenied(() => as(actor).remove(kind, rowId));
  expect(await count(kind)).toBe(rows);
  expect(await snapshot(kind, rowId)).toEqual(row);
}

beforeAll(async () => {
  t = await createTestCore();
  schoolA = await seed('School', { name: 'МБОУ «Средняя школа № 1»' });
  schoolB = await seed('School', { name: 'МБОУ «Гимназия № 2»' });
  id.studentOfB = await seed('Student', { ...person('Чужой', 'Артём', 'Павлович'), birthDate: '2013-01-10', sex: 'm' }, schoolB);
  id.subjectOfB = await seed('Subject', { name: 'Информатика' }, schoolB);

  id.year = await seed('AcademicYear', { name: '2025/2026', startDate: '2025-09-01', endDate: '2026-05-31' });
  id.director = await seed('Staff', { ...person('Соколова', 'Елена', 'Викторовна'), roles: ['director'] });
  id.deputy = await seed('Staff', { ...person('Лебедев', 'Игорь', 'Николаевич'), roles: ['deputy'] });
  id.inspector = await seed('Staff', { ...person('Морозова', 'Татьяна', 'Андреевна'), roles: ['inspector'] });
  id.administrator = await seed('Staff', { ...person('Новикова', 'Ольга', 'Сергеевна'), roles: ['administrator'] });
  id.ivanova = await seed('Staff', { ...person('Иванова', 'Мария', 'Петровна'), roles: ['teacher'] });
  id.petrov = await seed('Staff', { ...person('Петров', 'Сергей', 'Иванович'), roles: ['teacher'] });
  id.group5a = await seed('Group', { year: id.year, name: '5А', gradeLevel: 5, classTeacher: id.ivanova });
  id.group5b = await seed('Group', { year: id.year, name: '5Б', gradeLevel: 5, classTeacher: id.petrov });

  const student = async (lastName: string, firstName: string, group: number) => {
    const studentId = await seed('Student', { ...person(lastName, firstName, 'Олегович'), birthDate: '2014-04-04', sex: 'm' });
    await seed('Enrollment', { student: studentId, group, startDate: '2025-09-01', startReason: 'admission' });
    return studentId;
  };
  id.alexeev = await student('Алексеев', 'Антон', id.group5a);
  id.belov = await student('Белов', 'Борис', id.group5a);
  id.vasiliev = await student('Васильев', 'Виктор', id.group5b);
  // Григорьев was in 5А until his transfer to 5Б: he is 5Б's now, not 5А's.
  id.grigoriev = await seed('Student', { ...person('Григорьев', 'Глеб', 'Олегович'), birthDate: '2014-04-04', sex: 'm' });
  await seed('Enrollment', { student: id.grigoriev, group: id.group5a, startDate: '2025-09-01', endDate: '2025-12-26', startReason: 'admission', endReason: 'transfer' });
  await seed('Enrollment', { student: id.grigoriev, group: id.group5b, startDate: '2025-12-27', startReason: 'transfer' });

  id.maths = await seed('Subject', { name: 'Математика' });
  id.russian = await seed('Subject', { name: 'Русский язык' });
  id.maths5a = await seed('TeachingAssignment', { year: id.year, teacher: id.ivanova, subject: id.maths, group: id.group5a, plannedHours: 170 });
  id.russian5a = await seed('TeachingAssignment', { year: id.year, teacher: id.petrov, subject: id.russian, group: id.group5a, plannedHours: 204 });
  id.mathsTopic = await seed('ThematicPlanTopic', { assignment: id.maths5a, position: 1, title: 'Натуральные числа и шкалы', hours: 2 });
  id.russianTopic = await seed('ThematicPlanTopic', { assignment: id.russian5a, position: 1, title: 'Повторение: орфограммы в корне слова', hours: 2 });
  id.building = await seed('Building', { name: 'Основное здание' });
  id.room101 = await seed('Room', { building: id.building, name: '101' });
  id.room102 = await seed('Room', { building: id.building, name: '102' });
  id.slot = await seed('TimetableSlot', { assignment: id.maths5a, group: id.group5a, room: id.room101, weekday: 1, lessonNumber: 1, validFrom: '2025-09-01' });
});

afterAll(async () => {
  await t?.close();
});

const newStudent = () => ({ ...person('Дмитриев', 'Денис', 'Олегович'), birthDate: '2014-06-06', sex: 'm' });

describe('director', () => {
  it('lists and reads every student of the school, and nobody else\'s', async () => {
    const director = as(staff(id.director, ['director']));
    expect(await director.list('Student')).toEqual(ids(id.alexeev, id.belov, id.vasiliev, id.grigoriev));
    for (const student of [id.alexeev, id.vasiliev, id.grigoriev]) expect((await director.get('Student', student)).id).toBe(student);
  });

  it('may not create, change or delete a student', async () => {
    await expectDeniedWrites(staff(id.director, ['director']), 'Student', id.alexeev, newStudent());
  });
});

describe('deputy', () => {
  it('edits the timetable', async () => {
    await as(staff(id.deputy, ['deputy'])).update('TimetableSlot', id.slot, { room: id.room102 });
    expect(await snapshot('TimetableSlot', id.slot)).toMatchObject({ room: id.room102 });
  });

  it('may not edit a student', async () => {
    await expectDeniedWrites(staff(id.deputy, ['deputy']), 'Student', id.belov, { firstName: 'Богдан' });
  });
});

describe('inspector', () => {
  const samples = (): [RecordKindName, number][] => [
    ['School', schoolA], ['AcademicYear', id.year], ['Staff', id.petrov], ['Group', id.group5a], ['Student', id.alexeev],
    ['Subject', id.maths], ['TeachingAssignment', id.maths5a], ['ThematicPlanTopic', id.mathsTopic], ['TimetableSlot', id.slot], ['Room', id.room101],
  ];

  it('reads everything', async () => {
    const inspector = as(staff(id.inspector, ['inspector']));
    for (const [kind, rowId] of samples()) {
      expect(await inspector.list(kind), kind).toContain(rowId);
      expect((await inspector.get(kind, rowId)).id, kind).toBe(rowId);
    }
  });

  it('writes nothing', async () => {
    for (const [kind, rowId] of samples()) await expectDeniedWrites(staff(id.inspector, ['inspector']), kind, rowId, { name: 'Проверка' });
  });
});

describe('class teacher', () => {
  const classTeacherOf5a = () => staff(id.ivanova, ['teacher'], [id.group5a]);

  it('sees only the current students of their own class', async () => {
    expect(await as(classTeacherOf5a()).list('Student')).toEqual(ids(id.alexeev, id.belov));
    expect(await as(classTeacherOf5a()).list('Group')).toEqual([id.group5a]);
  });

  it('edits a student of their own class', async () => {
    await as(classTeacherOf5a()).update('Student', id.belov, { middleName: 'Олегович', individualPlan: 'да' });
    expect(await snapshot('Student', id.belov)).toMatchObject({ middleName: 'Олегович', individualPlan: true });
  });

  it('may neither read nor edit a student of another class, including one transferred away', async () => {
    for (const student of [id.vasiliev, id.grigoriev]) {
      const before = await snapshot('Student', student);
      await expectDenied(() => as(classTeacherOf5a()).get('Student', student));
      await expectDenied(() => as(classTeacherOf5a()).update('Student', student, { firstName: 'Иван' }));
      expect(await snapshot('Student', student)).toEqual(before);
    }
  });

  it('may not create staff', async () => {
    const before = await count('Staff');
    await expectDenied(() => as(classTeacherOf5a()).create('Staff', person('Сидорова', 'Анна', 'Ивановна')));
    expect(await count('Staff')).toBe(before);
  });

  it('adds a parent and links it to a child of their class, but not to a child of another class', async () => {
    const teacher = as(classTeacherOf5a());
    const parent = (await teacher.create('Guardian', person('Белова', 'Ольга', 'Петровна'))) as { id: number };
    expect(await teacher.list('Guardian')).toContain(parent.id);
    await expectDenied(() => teacher.create('StudentGuardian', { student: id.vasiliev, guardian: parent.id, relation: 'mother' }));
    await teacher.create('StudentGuardian', { student: id.belov, guardian: parent.id, relation: 'mother' });
    await teacher.update('Guardian', parent.id, { phone: '+7 900 555-44-33' });
  });
});

describe('teacher', () => {
  const ivanova = () => as(staff(id.ivanova, ['teacher']));

  it('sees and edits the plan of their own assignment', async () => {
    expect(await ivanova().list('ThematicPlanTopic')).toEqual([id.mathsTopic]);
    await ivanova().update('ThematicPlanTopic', id.mathsTopic, { title: 'Натуральные числа. Координатный луч' });
    expect(await snapshot('ThematicPlanTopic', id.mathsTopic)).toMatchObject({ title: 'Натуральные числа. Координатный луч' });
    const added = await ivanova().create('ThematicPlanTopic', { assignment: id.maths5a, position: 2, title: 'Сложение натуральных чисел', hours: 3 });
    expect(await snapshot('ThematicPlanTopic', added.id)).toMatchObject({ school: schoolA, assignment: id.maths5a });
  });

  it('may not touch the plan of another teacher\'s assignment', async () => {
    const [rows, row] = [await count('ThematicPlanTopic'), await snapshot('ThematicPlanTopic', id.russianTopic)];
    await expectDenied(() => ivanova().get('ThematicPlanTopic', id.russianTopic));
    await expectDenied(() => ivanova().update('ThematicPlanTopic', id.russianTopic, { title: 'Имя существительное' }));
    await expectDenied(() => ivanova().remove('ThematicPlanTopic', id.russianTopic));
    await expectDenied(() => ivanova().create('ThematicPlanTopic', { assignment: id.russian5a, position: 2, title: 'Имя существительное', hours: 1 }));
    expect(await count('ThematicPlanTopic')).toBe(rows);
    expect(await snapshot('ThematicPlanTopic', id.russianTopic)).toEqual(row);
  });
});

describe('administrator of school A', () => {
  const admin = () => as(staff(id.administrator, ['administrator']));

  it('does not see school B\'s rows at all: they are not found', async () => {
    const before = await snapshot('Student', id.studentOfB);
    await expectNotFound(() => admin().get('Student', id.studentOfB));
    await expectNotFound(() => admin().update('Student', id.studentOfB, { firstName: 'Иван' }));
    await expectNotFound(() => admin().remove('Student', id.studentOfB));
    await expectNotFound(() => admin().get('School', schoolB));
    await expectNotFound(() => admin().remove('Subject', id.subjectOfB));
    expect(await snapshot('Student', id.studentOfB)).toEqual(before);
    expect(await admin().list('Student')).not.toContain(id.studentOfB);
    expect(await admin().list('School')).toEqual([schoolA]);
  });

  it('creates in school A even when the input names school B', async () => {
    const subject = await admin().create('Subject', { school: schoolB, name: 'Физика' });
    expect(await snapshot('Subject', subject.id)).toMatchObject({ school: schoolA, name: 'Физика' });
  });

  it('may not create a school', async () => {
    const before = await count('School');
    await expectDenied(() => admin().create('School', { name: 'МБОУ «Школа № 3»' }));
    expect(await count('School')).toBe(before);
  });
});
