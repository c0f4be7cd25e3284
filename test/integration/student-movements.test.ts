import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor } from '../../core/access/actor.js';
import { AccessDenied, ValidationFailed } from '../../core/base/errors.js';
import { describeProblem } from '../../core/i18n/i18n.js';
import { Enrollment } from '../../core/people/enrollment.entity.js';
import { Group } from '../../core/people/group.entity.js';
import { StudentMovement } from '../../core/people/student-movement.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('student movement (A16)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  const admin = systemActor('panel');
  const move = (input: Record<string, unknown>, actor = admin) =>
    t.core.unitOfWork(() => t.core.movements.record({ school: s.school.id, ...input }, actor));
  const history = async (studentId: number) =>
    (await t.orm.em.fork().find(Enrollment, { student: studentId }, { orderBy: { startDate: 'asc' } })).map((e) => ({
      group: e.group.id, startDate: e.startDate, endDate: e.endDate ?? null, startReason: e.startReason, endReason: e.endReason ?? null,
    }));
  const status = async (studentId: number) => (await t.orm.em.fork().findOneOrFail(Student, studentId)).status;

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
  });
  afterAll(async () => {
    await t.close();
  });

  it('transfers a student from a date, keeping the old stretch as it was', async () => {
    await move({ kind: 'transfer', student: s.studentA.id, group: s.groupB.id, date: '2026-11-10', orderNumber: '45-у' });
    expect(await history(s.studentA.id)).toEqual([
      { group: s.groupA.id, startDate: '2026-09-01', endDate: '2026-11-09', startReason: 'admission', endReason: 'transfer' },
      { group: s.groupB.id, startDate: '2026-11-10', endDate: null, startReason: 'transfer', endReason: null },
    ]);
    const movement = await t.orm.em.fork().findOneOrFail(StudentMovement, { student: s.studentA.id });
    expect(movement).toMatchObject({ kind: 'transfer', date: '2026-11-10', orderNumber: '45-у' });
  });

  it('refuses a transfer into the same group or before the current stretch began, changing nothing', async () => {
    const before = await history(s.studentA.id);
    await expect(move({ kind: 'transfer', student: s.studentA.id, group: s.groupB.id, date: '2026-12-01' })).rejects.toThrow(ValidationFailed);
    await expect(move({ kind: 'transfer', student: s.studentA.id, group: s.groupA.id, date: '2026-10-01' })).rejects.toThrow(ValidationFailed);
    expect(await history(s.studentA.id)).toEqual(before);
    expect(await t.orm.em.fork().count(StudentMovement, {})).toBe(1);
  });

  it('says «Ученица» of a girl and «Ученик» of a boy when it refuses', async () => {
    const refusal = async () => {
      const err = await move({ kind: 'transfer', student: s.studentA.id, group: s.groupB.id, date: '2026-12-01' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ValidationFailed);
      return describeProblem(t.core.i18n.getFixedT('ru'), (err as ValidationFailed).problems[0]!);
    };
    expect(await refusal()).toBe('Ученик уже в этом классе.');
    await t.orm.em.fork().nativeUpdate(Student, { id: s.studentA.id }, { sex: 'f' });
    try {
      expect(await refusal()).toBe('Ученица уже в этом классе.');
    } finally {
      await t.orm.em.fork().nativeUpdate(Student, { id: s.studentA.id }, { sex: 'm' });
    }
  });

  it('sends a student on academic leave and back, with the break in between', async () => {
    await move({ kind: 'academic_leave', student: s.studentB.id, date: '2027-01-12' });
    expect(await status(s.studentB.id)).toBe('academic_leave');
    await expect(move({ kind: 'transfer', student: s.studentB.id, group: s.groupA.id, date: '2027-02-01' })).rejects.toThrow(ValidationFailed);
    await move({ kind: 'return', student: s.studentB.id, group: s.groupA.id, date: '2027-03-01' });
    expect(await status(s.studentB.id)).toBe('studying');
    expect((await history(s.studentB.id)).map((h) => [h.startDate, h.endDate, h.endReason])).toEqual([
      ['2026-09-01', '2027-01-11', 'academic_leave'],
      ['2027-03-01', null, null],
    ]);
  });

  it('expels a student: the stretch closes and the status says so', async () => {
    await move({ kind: 'expulsion', student: s.studentB.id, date: '2027-04-01', note: 'Перевод в другую школу' });
    expect(await status(s.studentB.id)).toBe('expelled');
    expect((await history(s.studentB.id)).at(-1)).toMatchObject({ endDate: '2027-03-31', endReason: 'expulsion' });
  });

  it('promotes a whole group into the next grade of the next year; the old stretches stay in the old group', async () => {
    await t.core.unitOfWork(() => t.core.records.create('AcademicYear', { school: s.school.id, name: '2027/2028', startDate: '2027-09-01', endDate: '2028-05-31' }, admin));
    await move({ kind: 'promotion', group: s.groupB.id, date: '2027-09-01' });
    const next = await t.orm.em.fork().findOneOrFail(Group, { name: '8Б' });
    expect(next.gradeLevel).toBe(8);
    expect(next.classTeacher?.id).toBe(s.people.classTeacherB.id);
    expect((await history(s.studentA.id)).slice(-2)).toEqual([
      { group: s.groupB.id, startDate: '2026-11-10', endDate: '2027-08-31', startReason: 'transfer', endReason: 'promotion' },
      { group: next.id, startDate: '2027-09-01', endDate: null, startReason: 'promotion', endReason: null },
    ]);
  });

  it('lets only those with the right move students, and movements cannot be edited afterwards', async () => {
    const classTeacher = staffActor({ schoolId: s.school.id, staffId: s.people.classTeacherA.id, roles: ['teacher'], classGroupIds: [s.groupA.id], source: 'panel' });
    await expect(move({ kind: 'expulsion', student: s.studentA.id, date: '2027-10-01' }, classTeacher)).rejects.toThrow(AccessDenied);
    const movement = await t.orm.em.fork().findOneOrFail(StudentMovement, { kind: 'transfer' });
    await expect(t.core.unitOfWork(() => t.core.records.update('StudentMovement', movement.id, { date: '2026-11-11' }, admin))).rejects.toThrow(ValidationFailed);
    await expect(t.core.unitOfWork(() => t.core.records.remove('StudentMovement', movement.id, admin))).rejects.toThrow(ValidationFailed);
  });
});
