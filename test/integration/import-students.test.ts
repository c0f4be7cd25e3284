import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { formatImportErrors } from '../../core/imports/format-errors.js';
import { ImportFailed } from '../../core/imports/import-failed.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchool, importer, type SchoolFixture } from '../support/import-school.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const HEADER = 'Фамилия;Имя;Отчество;Дата рождения;Пол;Класс;ИУП;Родитель 1 Фамилия;Родитель 1 Имя;Родитель 1 Отчество;Родитель 1 Кем приходится;Родитель 1 Телефон;Родитель 1 E-mail;Родитель 2 Фамилия;Родитель 2 Имя;Родитель 2 Отчество;Родитель 2 Кем приходится;Родитель 2 Телефон;Родитель 2 E-mail';
const csv = (lines: string[]) => Buffer.from(`\uFEFF${[HEADER, ...lines].join('\r\n')}\r\n`, 'utf8');

/** The ImportFailed an import throws (fails the test if it succeeds or throws something else). */
async function failure(work: Promise<unknown>): Promise<ImportFailed> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ImportFailed)) throw new Error(`expected ImportFailed, got ${String(err)}`);
  return err;
}

/** A good line of a family of its own: student `i` with two parents, reachable by phone. */
const goodLine = (i: number) => {
  const phone = (n: number) => `+7 9${String(n).padStart(9, '0')}`;
  return `Семенов;Иван;Петрович;01.02.2012;м;8А;нет;Семенова;Анна;Ивановна;мать;${phone(2 * i)};;Семенов;Петр;Ильич;отец;${phone(2 * i + 1)};p${i}@mail.example`;
};

/**
 * The import of students writes its rows in bulk (issue 17: 10,000 students with their parents in ≤ 10 s):
 * the lines are read and checked first, then every row and its audit line is written in the one transaction.
 * What it writes, what it refuses and how it names the lines are those of the line-by-line import before it
 * (the inline snapshots were taken from that import).
 */
describe('import of students in bulk', () => {
  let t: TestCore;
  let core: Core;
  let school: SchoolFixture;
  const sql = <T>(query: string, params: unknown[] = []) => t.orm.em.fork().getConnection().execute<T[]>(query, params);
  const run = (buffer: Buffer) => core.importTable('students', buffer, 'csv', importer, { schoolId: school.schoolId });
  const counts = async () => (await sql<{ counts: string }>(
    `select concat_ws(' ', (select count(*) from student where school_id = ?), (select count(*) from guardian where school_id = ?),
       (select count(*) from enrollment where school_id = ?), (select count(*) from student_guardian where school_id = ?),
       (select count(*) from audit_entry where school_id = ? and source = 'import' and entity in ('Student', 'Guardian', 'Enrollment', 'StudentGuardian'))) counts`,
    Array(5).fill(school.schoolId),
  ))[0]!.counts;

  /** The school's people and their audit lines, each row named by its table and its rank (S1, G2…) instead of its id. */
  async function written(): Promise<string[]> {
    const names = new Map<string, string>();
    const name = (table: string, id: unknown) => names.get(`${table}:${String(id)}`) ?? `${table}?${String(id)}`;
    const tables = { student: 'S', guardian: 'G', enrollment: 'E', student_guardian: 'L' } as const;
    const out: string[] = [];
    for (const [table, letter] of Object.entries(tables)) {
      const rows = await sql<Record<string, unknown>>(`select * from ${table} where school_id = ? order by id`, [school.schoolId]);
      rows.forEach((row, i) => names.set(`${letter}:${String(row.id)}`, `${letter}${i + 1}`));
    }
    for (const g of await sql<{ id: number; name: string }>('select id, name from school_group where school_id = ?', [school.schoolId])) names.set(`group:${g.id}`, g.name);
    const refs: Record<string, string> = { student: 'S', guardian: 'G', group: 'group' };
    const audit = await sql<{ action: string; entity: string; entity_id: string; actor_kind: string; at: string; after: Record<string, unknown>; before: unknown }>(
      "select * from audit_entry where school_id = ? and source = 'import' and entity in ('Student', 'Guardian', 'Enrollment', 'StudentGuardian') order by id", [school.schoolId],
    );
    const letterOf: Record<string, string> = { Student: 'S', Guardian: 'G', Enrollment: 'E', StudentGuardian: 'L' };
    for (const line of audit) {
      const after = Object.entries(line.after).map(([k, v]) =>
        k === 'id' ? `id=${name(letterOf[line.entity]!, v)}` : k === 'school' ? `school=${v === school.schoolId ? 'ok' : String(v)}`
          : refs[k] ? `${k}=${name(refs[k], v)}` : `${k}=${JSON.stringify(v)}`);
      out.push(`${line.action} ${line.entity} ${name(letterOf[line.entity]!, line.entity_id)} ${line.actor_kind} ${new Date(line.at).toISOString()} before=${JSON.stringify(line.before)} ${after.join(' ')}`);
    }
    return out;
  }

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-15T09:00:00Z'));
    core = t.core;
  });
  afterAll(async () => {
    await t.close();
  });

  it('writes the students, their parents (siblings share them), enrollments, links and an audit line for each, as the line-by-line import did', async () => {
    school = await createSchool(core, 'Школа образца', ['8Б']);
    const file = csv([
      'Андреев;Максим;Сергеевич;14.03.2013;м;8А;нет;Андреева;Татьяна;Викторовна;мать;+7 901 200-00-01;andreeva@mail.example;Андреев;Сергей;Павлович;отец;+7 901 200-00-02;',
      'Андреева;Анна;Сергеевна;01.09.2014;ж;8Б;да;андреева;Татьяна;Викторовна;мама;8 (901) 200-00-01;;Андреев;Сергей;Павлович;отец;+79012000002;',
      'Борисова;Дарья;;02.07.2012;ж;8А;;Борисова;Светлана;Игоревна;бабушка;;;;;;;;',
    ]);
    expect(await run(file)).toEqual({ imported: 3 });
    expect(await written()).toMatchInlineSnapshot(`
      [
        "create Student S1 system 2026-10-15T09:00:00.000Z before=null id=S1 sex="m" school=ok status="studying" lastName="Андреев" birthDate="2013-03-14" firstName="Максим" middleName="Сергеевич" individualPlan=false",
        "create Guardian G1 system 2026-10-15T09:00:00.000Z before=null id=G1 email="andreeva@mail.example" phone="+7 901 200-00-01" school=ok lastName="Андреева" firstName="Татьяна" middleName="Викторовна"",
        "create Guardian G2 system 2026-10-15T09:00:00.000Z before=null id=G2 email=null phone="+7 901 200-00-02" school=ok lastName="Андреев" firstName="Сергей" middleName="Павлович"",
        "create Enrollment E1 system 2026-10-15T09:00:00.000Z before=null id=E1 group=8А school=ok endDate=null student=S1 endReason=null startDate="2026-10-15" startReason="admission"",
        "create StudentGuardian L1 system 2026-10-15T09:00:00.000Z before=null id=L1 school=ok student=S1 guardian=G1 relation="mother"",
        "create StudentGuardian L2 system 2026-10-15T09:00:00.000Z before=null id=L2 school=ok student=S1 guardian=G2 relation="father"",
        "create Student S2 system 2026-10-15T09:00:00.000Z before=null id=S2 sex="f" school=ok status="studying" lastName="Андреева" birthDate="2014-09-01" firstName="Анна" middleName="Сергеевна" individualPlan=true",
        "create Enrollment E2 system 2026-10-15T09:00:00.000Z before=null id=E2 group=8Б school=ok endDate=null student=S2 endReason=null startDate="2026-10-15" startReason="admission"",
        "create StudentGuardian L3 system 2026-10-15T09:00:00.000Z before=null id=L3 school=ok student=S2 guardian=G1 relation="mother"",
        "create StudentGuardian L4 system 2026-10-15T09:00:00.000Z before=null id=L4 school=ok student=S2 guardian=G2 relation="father"",
        "create Student S3 system 2026-10-15T09:00:00.000Z before=null id=S3 sex="f" school=ok status="studying" lastName="Борисова" birthDate="2012-07-02" firstName="Дарья" middleName=null individualPlan=false",
        "create Guardian G3 system 2026-10-15T09:00:00.000Z before=null id=G3 email=null phone=null school=ok lastName="Борисова" firstName="Светлана" middleName="Игоревна"",
        "create Enrollment E3 system 2026-10-15T09:00:00.000Z before=null id=E3 group=8А school=ok endDate=null student=S3 endReason=null startDate="2026-10-15" startReason="admission"",
        "create StudentGuardian L5 system 2026-10-15T09:00:00.000Z before=null id=L5 school=ok student=S3 guardian=G3 relation="grandmother"",
      ]
    `);

    // The same file again: the students are added again, the parents with a phone are found again.
    expect(await run(file)).toEqual({ imported: 3 });
    expect(await counts()).toMatchInlineSnapshot(`"6 4 6 10 26"`);
  });

  it('refuses a file with bad lines as a whole, naming each line and column as the line-by-line import did', async () => {
    school = await createSchool(core, 'Школа ошибок', ['8Б']);
    const before = await counts();
    const err = await failure(run(csv([
      'Кузьмин;Антон;;01.02.2011;м;8А;;Кузьмина;Ольга;;мать;+7 900 000-00-01;;Кузьмина;Ольга;;мать;+7 900 000-00-01;',
      'Титова;Мария;;2011-05-06;ж;8А;;Титова;Е.;;тётя;+7 900;bad@;;;;;;',
      'Орлов;Лев;;31.02.2011;м;8А;;Орлова;Ирина;;мать;+7 900 000-00-02;;;;;;;',
      'Орлова;Ева;;01.01.2012;ж;8А;;Орлова;Ирина;;мать;+7 900 000-00-02;;;;;;;',
      ';Пётр;;01.01.2030;x;9Я;может;;;;;;;;;;;;',
      'Белова;Ксения;;01.01.2012;ж;8Б;;Белова;Нина;;;;;Белов;;;отец;;',
    ])));
    expect(formatImportErrors(translator(core.i18n, 'ru'), err)).toMatchInlineSnapshot(`
      [
        "Строка 2: Такая запись уже есть.",
        "Строка 3: Родитель 1 Имя: «Е.»: пишите полностью, без сокращений и инициалов.",
        "Строка 3: Родитель 1 Кем приходится: «тётя»: укажите мать, отец, бабушка, дедушка, опекун или другое.",
        "Строка 3: Родитель 1 Телефон: «+7 900» — неверный номер телефона.",
        "Строка 3: Родитель 1 E-mail: «bad@» — неверный адрес электронной почты.",
        "Строка 4: Дата рождения: «31.02.2011» — не дата (ДД.ММ.ГГГГ или ГГГГ-ММ-ДД).",
        "Строка 6: Фамилия: Обязательное поле.",
        "Строка 6: Дата рождения: Дата рождения 2030-01-01 не подходит ученику.",
        "Строка 6: Пол: «x»: укажите «м» или «ж».",
        "Строка 6: Класс: «9Я» — такого класса нет в текущем учебном году.",
        "Строка 6: ИУП: «может»: укажите «да» или «нет».",
        "Строка 7: Родитель 1 Кем приходится: Обязательное поле.",
        "Строка 7: Родитель 2 Имя: Обязательное поле.",
      ]
    `);
    expect(await counts()).toBe(before);
  });

  it('writes nothing of 2,000 good lines when the last line is bad, and names that line', async () => {
    school = await createSchool(core, 'Школа большого файла');
    const lines = Array.from({ length: 2000 }, (_, i) => goodLine(i));
    const err = await failure(run(csv([...lines, 'Семенов;Олег;;01.02.2012;м;8А;нет;Семенова;Анна;;сестра;+7 999 000-00-00;;;;;;;'])));
    expect(err.lines).toEqual([{ line: 2002, column: 'guardian1Relation', problems: [expect.objectContaining({ key: 'import.relationInvalid' })] }]);
    expect(await counts()).toBe('0 0 0 0 0');

    expect(await run(csv(lines))).toEqual({ imported: 2000 });
    // 2,000 students, 4,000 parents, 2,000 enrollments, 4,000 links: one audit line for each row written.
    expect(await counts()).toBe('2000 4000 2000 4000 12000');
  });
});
