import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentAdministrator, guardianActor, staffActor, type Actor } from '../../core/access/actor.js';
import { AccessDenied, ValidationFailed } from '../../core/base/errors.js';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { describeFailure } from '../../core/imports/describe-failure.js';
import { importSchools } from '../../core/imports/import-school.js';
import { Subject } from '../../core/school/subject.entity.js';
import { School } from '../../core/school/school.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

type Fixture = Awaited<ReturnType<typeof createSchoolFixture>>;
const csv = (lines: string[]) => Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
const subjects = (...names: string[]) => csv(['Название;Без аттестации', ...names.map((n) => `${n};нет`)]);

/** The refusal's words (Russian unless said), or a failure when the import went through or failed otherwise. */
async function refusal(core: Core, work: Promise<unknown>, language: 'ru' | 'en' = 'ru'): Promise<string[]> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  const lines = describeFailure(translator(core.i18n, language), err);
  if (!lines) throw new Error(`expected a refusal, got ${String(err)}`);
  return lines;
}

describe('the school an import goes into', () => {
  let t: TestCore;
  let a: Fixture;
  let b: Fixture;
  const demoAdministrator = deploymentAdministrator('panel');
  const administratorOf = (f: Fixture): Actor =>
    staffActor({ schoolId: f.school.id, staffId: f.people.administrator.id, roles: ['administrator'], classGroupIds: [], source: 'panel' });
  const subjectsOf = async (f: Fixture) => (await t.orm.em.fork().find(Subject, { school: f.school.id })).map((s) => s.name).sort();
  const allSubjects = async () => t.orm.em.fork().count(Subject, {});

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock('2026-10-15T09:00:00Z'));
    a = await createSchoolFixture(t.core, 'Школа А');
    b = await createSchoolFixture(t.core, 'Школа Б');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is asked of the deployment administrator when there are several schools, and nothing is written without it', async () => {
    const before = await allSubjects();
    expect(await refusal(t.core, t.core.importTable('subjects', subjects('Астрономия'), 'csv', demoAdministrator))).toEqual(['Выберите школу, в которую загрузить файл.']);
    expect(await refusal(t.core, t.core.importTable('subjects', subjects('Астрономия'), 'csv', demoAdministrator), 'en')).toEqual(['Choose the school to load the file into.']);
    expect(await allSubjects()).toBe(before);
  });

  it('is the one the deployment administrator picks, and only that one', async () => {
    expect(await t.core.importTable('subjects', subjects('Астрономия'), 'csv', demoAdministrator, { schoolId: b.school.id })).toEqual({ imported: 1 });
    expect(await subjectsOf(b)).toContain('Астрономия');
    expect(await subjectsOf(a)).not.toContain('Астрономия');
  });

  it('refuses a forged school id and a deleted school, writing nothing', async () => {
    const before = await allSubjects();
    expect(await refusal(t.core, t.core.importTable('subjects', subjects('Черчение'), 'csv', demoAdministrator, { schoolId: 987_654 })))
      .toEqual(['Такой школы нет (возможно, она удалена): выберите школу из списка.']);
    const gone = t.orm.em.fork().create(School, { name: 'Закрытая школа' });
    await t.orm.em.fork().persistAndFlush(gone);
    await t.orm.em.fork().nativeDelete(School, { id: gone.id });
    expect(await refusal(t.core, t.core.importTable('subjects', subjects('Черчение'), 'csv', demoAdministrator, { schoolId: gone.id })))
      .toEqual(['Такой школы нет (возможно, она удалена): выберите школу из списка.']);
    expect(await allSubjects()).toBe(before);
  });

  it('is the staff member\'s own school, named or not; another school\'s id is refused and writes nowhere', async () => {
    expect(await t.core.importTable('subjects', subjects('Экология'), 'csv', administratorOf(a))).toEqual({ imported: 1 });
    expect(await t.core.importTable('subjects', subjects('Шахматы'), 'csv', administratorOf(a), { schoolId: a.school.id })).toEqual({ imported: 1 });
    expect(await subjectsOf(a)).toEqual(expect.arrayContaining(['Экология', 'Шахматы']));

    const before = await allSubjects();
    // School B's administrator naming school A (a forged form field), and a school that does not exist.
    expect(await refusal(t.core, t.core.importTable('subjects', subjects('Риторика'), 'csv', administratorOf(b), { schoolId: a.school.id })))
      .toEqual(['Загружать файлы можно только в свою школу.']);
    expect(await refusal(t.core, t.core.importTable('subjects', subjects('Риторика'), 'csv', administratorOf(b), { schoolId: 987_654 }), 'en'))
      .toEqual(['You can load files into your own school only.']);
    expect(await allSubjects()).toBe(before);
  });

  it('lets no director, teacher or guardian import, whatever school they name', async () => {
    const director = staffActor({ schoolId: a.school.id, staffId: a.people.director.id, roles: ['director'], classGroupIds: [], source: 'panel' });
    const guardian = guardianActor({ schoolId: a.school.id, guardianId: a.guardianA.id });
    for (const actor of [director, guardian]) {
      await expect(t.core.importTable('subjects', subjects('Риторика'), 'csv', actor, { schoolId: a.school.id })).rejects.toBeInstanceOf(AccessDenied);
      await expect(t.core.unitOfWork(() => importSchools(t.orm.em.fork(), actor))).rejects.toBeInstanceOf(AccessDenied);
    }
  });

  it('offers the deployment administrator every school and staff their own', async () => {
    const names = (schools: { name: string }[]) => schools.map((s) => s.name);
    expect(names(await importSchools(t.orm.em.fork(), demoAdministrator))).toEqual(['Школа А', 'Школа Б']);
    expect(names(await importSchools(t.orm.em.fork(), administratorOf(b)))).toEqual(['Школа Б']);
  });

  it('refuses a staff member whose school is gone, as there is nowhere to import', async () => {
    const orphan = staffActor({ schoolId: 987_654, staffId: 1, roles: ['administrator'], classGroupIds: [], source: 'panel' });
    await expect(t.core.importTable('subjects', subjects('Риторика'), 'csv', orphan)).rejects.toBeInstanceOf(ValidationFailed);
    expect(await refusal(t.core, t.core.importTable('subjects', subjects('Риторика'), 'csv', orphan))).toEqual(['В системе нет школы, в которую можно загрузить файл.']);
  });

  it('names every problem by its line and its column as the file heads it, in the reader\'s language', async () => {
    const file = Buffer.from(['Name,Without attestation', 'Хим.,нет', 'Биология,может быть'].join('\n'));
    const work = () => t.core.importTable('subjects', file, 'csv', administratorOf(a));
    expect(await refusal(t.core, work())).toEqual([
      'Строка 2: Name: «Хим.»: название предмета пишется полностью, без сокращений (например, «Русский язык», а не «Рус. яз.»).',
      'Строка 3: Without attestation: «может быть»: укажите «да» или «нет».',
    ]);
    const english = await refusal(t.core, work(), 'en');
    expect(english).toHaveLength(2);
    expect(english[0]).toMatch(/^Line 2: Name: /);
    expect(english[1]).toMatch(/^Line 3: Without attestation: /);
  });
});
