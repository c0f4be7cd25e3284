import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor } from '../../core/access/actor.js';
import type { Core } from '../../core/core.js';
import { AccessDenied } from '../../core/base/errors.js';
import { translator } from '../../core/i18n/i18n.js';
import { formatImportErrors } from '../../core/imports/format-errors.js';
import { ImportFailed } from '../../core/imports/import-failed.js';
import type { ImportKindName } from '../../core/imports/kinds/index.js';
import type { TableFormat } from '../../core/imports/table.js';
import { Staff } from '../../core/people/staff.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { ThematicPlanTopic } from '../../core/schedule/thematic-plan-topic.entity.js';
import { TimetableSlot } from '../../core/schedule/timetable-slot.entity.js';
import { createSchool, createTeaching, importer, sample, type SchoolFixture } from '../support/import-school.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');

/** The ImportFailed an import throws (fails the test if it succeeds or throws something else). */
async function failure(work: Promise<unknown>): Promise<ImportFailed> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ImportFailed)) throw new Error(`expected ImportFailed, got ${String(err)}`);
  return err;
}

describe('import of the school lists (A15)', () => {
  let t: TestCore;
  let core: Core;
  const count = (entity: object, schoolId: number) => t.orm.em.fork().count(entity as never, { school: schoolId });
  const ru = () => translator(core.i18n, 'ru');
  const run = (school: SchoolFixture, kind: ImportKindName, buffer: Buffer, format: TableFormat = 'csv') =>
    core.importTable(kind, buffer, format, importer, { schoolId: school.schoolId });

  beforeAll(async () => {
    t = await createTestCore();
    core = t.core;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('a file with bad lines', () => {
    let school: SchoolFixture;
    beforeAll(async () => {
      school = await createSchool(core, 'Школа ошибок');
      await run(school, 'staff', await sample('staff.csv'));
      await run(school, 'subjects', await sample('subjects.csv'));
      await createTeaching(core, school);
    });

    it('saves no staff at all when three lines are wrong, and names exactly those lines with their reasons', async () => {
      const before = await count(Staff, school.schoolId);
      const err = await failure(run(school, 'staff', csv([
        'Фамилия;Имя;Отчество;Должность;Роли;E-mail;Телефон',
        'Петров;Пётр;Петрович;Учитель химии;учитель;petrov@school.example;+7 900 555-00-01',
        'И.;Иван;;Учитель;учитель;;',
        'Сидоров;Олег;Ильич;Учитель;волшебник;;',
        '',
        'Орлова;Вера;;Учитель биологии;учитель;orlova@;',
        'Белкин;Иван;Сергеевич;Учитель;Teacher;;',
      ])));
      expect(await count(Staff, school.schoolId)).toBe(before);
      expect(err.lineNumbers).toEqual([3, 4, 6]);
      expect(err.lines.map((l) => [l.line, l.column, l.problems.map((p) => p.key)])).toEqual([
        [3, 'lastName', ['nameAbbreviated']],
        [4, 'roles', ['import.roleUnknown']],
        [6, 'email', ['emailInvalid']],
      ]);
      expect(formatImportErrors(ru(), err)).toEqual([
        'Строка 3: Фамилия: «И.»: пишите полностью, без сокращений и инициалов.',
        'Строка 4: Роли: «волшебник» — неизвестная роль (администратор, директор, завуч, инспектор, учитель).',
        'Строка 6: E-mail: «orlova@» — неверный адрес электронной почты.',
      ]);
    });

    it('names the line of a student in an unknown class, and one unreadable cell once', async () => {
      const err = await failure(run(school, 'students', csv([
        'Фамилия;Имя;Отчество;Дата рождения;Пол;Класс',
        'Кузьмин;Антон;Олегович;01.02.2011;м;8А',
        'Титова;Мария;;2011-05-06;ж;9Я',
        'Орлов;Лев;;31.02.2011;x;8А',
      ])));
      expect(err.lineNumbers).toEqual([3, 4]);
      expect(formatImportErrors(ru(), err)).toEqual([
        'Строка 3: Класс: «9Я» — такого класса нет в текущем учебном году.',
        'Строка 4: Дата рождения: «31.02.2011» — не дата (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД).',
        'Строка 4: Пол: «x»: укажите «м» или «ж».',
      ]);
      expect(await count(Student, school.schoolId)).toBe(0);
    });

    it('refuses a timetable that double-books a teacher, naming the line and saving nothing', async () => {
      const before = await count(TimetableSlot, school.schoolId);
      const err = await failure(run(school, 'timetable', csv([
        'Класс;Предмет;Учитель;День недели;Урок;Кабинет;Действует с',
        '8А;Алгебра;Васильева Елена Андреевна;понедельник;6;201;01.09.2025',
        '8А;Русский язык;Морозов Дмитрий Игоревич;вторник;6;305;01.09.2025',
        '8А;Геометрия;Васильева Елена Андреевна;Понедельник;6;305;01.09.2025',
      ])));
      expect(err.lineNumbers).toEqual([4]);
      expect(err.lines).toContainEqual({ line: 4, column: 'teacher', problems: [expect.objectContaining({ key: 'timetableConflict.teacher' })] });
      expect(formatImportErrors(ru(), err)).toContain('Строка 4: Учитель: Учитель уже занят в этот день (1-й день недели) на 6-м уроке.');
      expect(await count(TimetableSlot, school.schoolId)).toBe(before);
    });

    it('refuses a file without a required column, and one with an unknown column, as a whole', async () => {
      const err = await failure(run(school, 'staff', csv(['Имя;Отчество;Примечание', 'Иван;Иванович;новый сотрудник'])));
      expect(err.lines).toEqual([
        { line: 1, problems: [{ key: 'import.columnUnknown', params: { value: 'Примечание' } }] },
        { line: 1, column: 'lastName', problems: [{ key: 'import.columnMissing' }] },
      ]);
      expect(formatImportErrors(ru(), err)).toEqual([
        'Строка 1: Неизвестный столбец «Примечание».',
        'Строка 1: Фамилия: нет такого столбца, а он обязателен.',
      ]);
    });

    it('reads English headers, a comma-separated file without BOM, and lists every problem of a plans line', async () => {
      const plans = Buffer.from([
        'class,subject,teacher,no.,topic,hours',
        '8А,Алгебра,Васильева Елена Андреевна,1,Системы уравнений,4',
        '9Б,Химия,Иванов Иван,x,Повторение,2',
      ].join('\n'));
      const err = await failure(run(school, 'plans', plans));
      expect(err.lines.map((l) => [l.line, l.column, l.problems[0]!.key])).toEqual([
        [3, 'group', 'import.groupNotFound'],
        [3, 'subject', 'import.subjectNotFound'],
        [3, 'teacher', 'import.teacherNotFound'],
        [3, 'number', 'numberInvalid'],
      ]);
      expect(await count(ThematicPlanTopic, school.schoolId)).toBe(0);
    });
  });

  it('lets no class teacher import staff', async () => {
    const school = await createSchool(core, 'Школа классного руководителя');
    const classTeacher = staffActor({ schoolId: school.schoolId, staffId: 1, roles: ['teacher'], classGroupIds: [school.groupId], source: 'import' });
    await expect(core.importTable('staff', await sample('staff.csv'), 'csv', classTeacher)).rejects.toBeInstanceOf(AccessDenied);
    expect(await count(Staff, school.schoolId)).toBe(0);
  });
});
