import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../core/access/actor.js';
import { ValidationFailed, type Problem } from '../../core/base/errors.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** The problems a refused write names, as `field: key`, in the order given. */
async function problemsOf(work: Promise<unknown>): Promise<string[]> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ValidationFailed);
  return (err as ValidationFailed).problems.map((p: Problem) => `${p.field ?? ''}: ${p.key}`);
}

describe('a form\'s problems in one round: required fields and the values\' own rules together, one per field', () => {
  let t: TestCore;
  let school: Awaited<ReturnType<typeof createSchoolFixture>>;
  const actor = systemActor('panel');
  const create = (kind: RecordKindName, input: Record<string, unknown>) =>
    t.core.unitOfWork(() => t.core.records.create(kind, { school: school.school.id, ...input }, actor));

  beforeAll(async () => {
    t = await createTestCore();
    school = await createSchoolFixture(t.core);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names an abbreviated ФИО beside the name in the same round as the empty required fields', async () => {
    expect(await problemsOf(create('Student', { lastName: 'И.', firstName: 'И.', middleName: '' })))
      .toEqual(['birthDate: required', 'sex: required', 'lastName: nameAbbreviated', 'firstName: nameAbbreviated']);
  });

  it('gives each field one problem: an empty name is required once, not also «write the name»', async () => {
    expect(await problemsOf(create('Student', { lastName: '', firstName: 'Пётр', sex: 'm', birthDate: '2013-04-05' })))
      .toEqual(['lastName: required']);
    expect(await problemsOf(create('Staff', { lastName: 'Петрова', firstName: 'А.', email: 'not an address' })))
      .toEqual(['firstName: nameAbbreviated', 'email: emailInvalid']);
  });

  it('a deployment administrator\'s row without a school names the school with the other fields', async () => {
    const err = await t.core.unitOfWork(() => t.core.records.create('Student', { lastName: 'И.' }, systemActor('panel'))).then(() => undefined, (e: unknown) => e);
    // systemActor acts everywhere: the school is picked on the form, like any required field.
    expect((err as ValidationFailed).problems.map((p) => p.field)).toEqual(['school', 'firstName', 'birthDate', 'sex', 'lastName']);
  });

  it('an edit that empties a required field and abbreviates another is refused for both at once, nothing saved', async () => {
    const update = t.core.unitOfWork(() => t.core.records.update('Student', school.studentA.id, { lastName: '', firstName: 'П.' }, actor));
    expect(await problemsOf(update)).toEqual(['lastName: required', 'firstName: nameAbbreviated']);
    const row = await t.core.unitOfWork(() => t.core.records.get('Student', school.studentA.id, actor));
    expect(row.lastName).toBe('Алексеев');
  });

  it('still saves a row whose values are right', async () => {
    const row = await create('Student', { lastName: 'Иванова', firstName: 'Мария', sex: 'f', birthDate: '2014-02-03' });
    expect(row.id).toBeGreaterThan(0);
  });
});
