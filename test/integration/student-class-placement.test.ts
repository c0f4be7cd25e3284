import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/actor.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AccessDenied, NotFound, ValidationFailed } from '../../core/base/errors.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { StudentMovement } from '../../core/people/student-movement.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

type Fixture = Awaited<ReturnType<typeof createSchoolFixture>>;

// 23:30 UTC on 14 October is already 15 October in Moscow: the school's today, not the server's.
const NOW = '2026-10-14T23:30:00Z';
const SCHOOL_TODAY = '2026-10-15';

describe('a student put in a class from its own form (core.panel.records with `currentGroup`)', () => {
  let t: TestCore;
  let one: Fixture;
  let two: Fixture;
  const actors = {} as Record<'administrator' | 'classTeacherA' | 'classTeacherB', Actor>;
  const newStudent = { lastName: 'Иванова', firstName: 'Мария', sex: 'f', birthDate: '2014-02-03' };

  const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const create = (input: Record<string, unknown>, actor: Actor = actors.administrator) => inUnit(() => t.core.panel.records.create('Student', input, actor));
  const update = (id: number, input: Record<string, unknown>, actor: Actor) => inUnit(() => t.core.panel.records.update('Student', id, input, actor));
  const students = () => t.orm.em.fork().count(Student, { school: one.school.id });
  const openStretch = (studentId: number) => t.orm.em.fork().findOne(Enrollment, { student: studentId, endDate: null });
  const refusal = async (work: Promise<unknown>) => work.then(() => undefined, (err: unknown) => err);
  const fieldsOf = (err: unknown) => (err as ValidationFailed).problems.map((p) => `${p.field ?? ''}: ${p.key}`);
  const actorOf = async (email: string) => {
    const account = await t.orm.em.fork().findOneOrFail(AdminAccount, { email });
    return (await inUnit(() => t.core.panel.actor(account.id)))!;
  };

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    one = await createSchoolFixture(t.core, 'Школа № 1');
    two = await createSchoolFixture(t.core, 'Школа № 2');
    for (const who of ['administrator', 'classTeacherA', 'classTeacherB'] as const) actors[who] = await actorOf(one.logins[who]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('admits a new student to the chosen class from the school\'s today, audited as the administrator\'s', async () => {
    const row = await create({ ...newStudent, currentGroup: String(one.groupA.id) });
    const stretch = await openStretch(row.id as number);
    expect(stretch).toMatchObject({ group: { id: one.groupA.id }, startDate: SCHOOL_TODAY, startReason: 'admission' });
    const audit = await t.orm.em.fork().findOneOrFail(AuditEntry, { entity: 'Enrollment', entityId: String(stretch!.id) });
    expect(audit).toMatchObject({ action: 'create', actorStaff: { id: one.people.administrator.id } });
    expect((await inUnit(() => t.core.panel.records.get('Student', row.id as number, actors.administrator))).currentGroup).toBe(one.groupA.id);
  });

  it('refuses a class of another school, a forged id and a deleted class beside the class field, and saves no student', async () => {
    const deleted = await inUnit(() => t.core.records.create('Group', { school: one.school.id, year: one.year.id, name: '7В', gradeLevel: 7 }, actors.administrator)) as { id: number };
    await inUnit(() => t.core.records.remove('Group', deleted.id, actors.administrator));
    const before = await students();
    for (const group of [two.groupA.id, 999_999, 'abc', -3, deleted.id]) {
      const err = await refusal(create({ ...newStudent, lastName: 'Петрова', currentGroup: group }));
      expect(err, String(group)).toBeInstanceOf(ValidationFailed);
      expect(fieldsOf(err)).toEqual(['currentGroup: referenceInvalid']);
    }
    expect(await students()).toBe(before);
  });

  it('names the class with the student\'s own problems in the same round', async () => {
    const err = await refusal(create({ lastName: 'И.', firstName: 'Мария', sex: 'f', birthDate: '2014-02-03', currentGroup: two.groupA.id }));
    expect(fieldsOf(err)).toEqual(['lastName: nameAbbreviated', 'currentGroup: referenceInvalid']);
  });

  it('takes only a class of the academic year today falls in', async () => {
    const past = await inUnit(() => t.core.records.create('AcademicYear', { school: one.school.id, name: '2025/2026', startDate: '2025-09-01', endDate: '2026-05-31' }, actors.administrator)) as { id: number };
    const oldClass = await inUnit(() => t.core.records.create('Group', { school: one.school.id, year: past.id, name: '6А', gradeLevel: 6 }, actors.administrator)) as { id: number };
    const before = await students();
    expect(fieldsOf(await refusal(create({ ...newStudent, currentGroup: oldClass.id })))).toEqual(['currentGroup: groupNotOfThisYear']);
    expect(await students()).toBe(before);
  });

  it('moves a student in another class there today, as a transfer of «Движение учащихся»', async () => {
    await update(one.studentB.id, { lastName: 'Борисов', currentGroup: String(one.groupA.id) }, actors.administrator);
    expect(await openStretch(one.studentB.id)).toMatchObject({ group: { id: one.groupA.id }, startDate: SCHOOL_TODAY, startReason: 'transfer' });
    const movement = await t.orm.em.fork().findOneOrFail(StudentMovement, { student: one.studentB.id });
    expect(movement).toMatchObject({ kind: 'transfer', date: SCHOOL_TODAY, group: { id: one.groupA.id } });
    // Saving the form again with the same class changes nothing.
    await update(one.studentB.id, { lastName: 'Борисов', currentGroup: String(one.groupA.id) }, actors.administrator);
    expect(await t.orm.em.fork().count(StudentMovement, { student: one.studentB.id })).toBe(1);
  });

  it('lets a class teacher keep its student\'s data but not put it in another class', async () => {
    // studentA is in 7А, classTeacherA's class: saving its form with its class unchanged is allowed.
    await update(one.studentA.id, { firstName: 'Павел', currentGroup: String(one.groupA.id) }, actors.classTeacherA);
    const err = await refusal(update(one.studentA.id, { firstName: 'Пётр', currentGroup: String(one.groupB.id) }, actors.classTeacherA));
    expect(err).toBeInstanceOf(AccessDenied);
    // The class teacher of 7Б reaches no student of 7А, to move or otherwise.
    expect(await refusal(update(one.studentA.id, { currentGroup: String(one.groupB.id) }, actors.classTeacherB))).toBeInstanceOf(AccessDenied);
    expect(await openStretch(one.studentA.id)).toMatchObject({ group: { id: one.groupA.id }, startDate: '2026-09-01' });
    const row = await t.orm.em.fork().findOneOrFail(Student, one.studentA.id);
    // Refused as a whole: the name of the refused save is not kept either.
    expect(row.firstName).toBe('Павел');
  });

  it('does not let a class teacher create a student in a class, and another school\'s student does not exist', async () => {
    expect(await refusal(create({ ...newStudent, currentGroup: one.groupB.id }, actors.classTeacherB))).toBeInstanceOf(AccessDenied);
    expect(await refusal(update(two.studentA.id, { currentGroup: one.groupA.id }, actors.administrator))).toBeInstanceOf(NotFound);
  });
});
