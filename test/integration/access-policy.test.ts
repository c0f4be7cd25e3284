import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowedStudents, requireStudents, type StudentPermission } from '../../core/access/access.js';
import { deploymentAdministrator, guardianActor, staffActor, studentActor, systemActor, type Actor } from '../../core/access/actor.js';
import { can } from '../../core/access/policy.js';
import { childrenOf, guardiansWithConsent, studentsOf, withConsent } from '../../core/access/relations.js';
import type { StaffRole } from '../../core/people/staff.entity.js';
import { AccessDenied } from '../../core/base/errors.js';
import { fixedClock } from '../../core/time/clock.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const TODAY = '2026-11-23';
const PERMISSIONS: StudentPermission[] = ['diary.view', 'statements.view', 'messages.write', 'digests.acknowledge'];

/**
 * The one access policy over students, for every principal: staff by their grants, a guardian by its own
 * children with consent in force, a student by itself; written out by hand as who reaches whom.
 */
describe('the access policy for families and staff, principal × permission × student', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let other: Awaited<ReturnType<typeof createSchoolFixture>>;
  const ids = {} as Record<'sibling' | 'expelled' | 'withdrawn' | 'noConsent' | 'expelledsGuardian', number>;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const sys = systemActor('panel');
  const staff = (staffId: number, roles: StaffRole[], classGroupIds: number[] = [], schoolId?: number): Actor =>
    staffActor({ schoolId: schoolId ?? s.school.id, staffId, roles, classGroupIds, source: 'panel' });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(`${TODAY}T09:00:00Z`));
    s = await createSchoolFixture(t.core);
    other = await createSchoolFixture(t.core, 'Школа № 2');
    await run(async () => {
      const create = async (kind: Parameters<typeof t.core.records.create>[0], input: Record<string, unknown>, school = s.school.id) =>
        ((await t.core.records.create(kind, { school, ...input }, sys)) as { id: number }).id;
      // Алексеев's younger sister in 7Б shares the mother; a boy of 7А was expelled; two more mothers of 7А.
      ids.sibling = await create('Student', { lastName: 'Алексеева', firstName: 'Мария', birthDate: '2015-01-02', sex: 'f' });
      await create('Enrollment', { student: ids.sibling, group: s.groupB.id, startDate: '2026-09-01', startReason: 'admission' });
      await create('StudentGuardian', { student: ids.sibling, guardian: s.guardianA.id, relation: 'mother' });
      ids.expelled = await create('Student', { lastName: 'Выбывший', firstName: 'Иван', birthDate: '2013-01-02', sex: 'm', status: 'expelled' });
      await create('Enrollment', { student: ids.expelled, group: s.groupA.id, startDate: '2026-09-01', startReason: 'admission' });
      ids.expelledsGuardian = await create('Guardian', { lastName: 'Выбывшая', firstName: 'Анна' });
      await create('StudentGuardian', { student: ids.expelled, guardian: ids.expelledsGuardian, relation: 'mother' });
      ids.withdrawn = await create('Guardian', { lastName: 'Алексеев', firstName: 'Павел' });
      await create('StudentGuardian', { student: s.studentA.id, guardian: ids.withdrawn, relation: 'father' });
      ids.noConsent = await create('Guardian', { lastName: 'Бабушкина', firstName: 'Нина' });
      await create('StudentGuardian', { student: s.studentA.id, guardian: ids.noConsent, relation: 'grandmother' });
      await t.core.consents.record(s.guardianA.id, 'given', '2026-09-01', sys);
      await t.core.consents.record(ids.expelledsGuardian, 'given', '2026-09-01', sys);
      await t.core.consents.record(ids.withdrawn, 'given', '2026-09-01', sys);
      await t.core.consents.record(ids.withdrawn, 'withdrawn', '2026-10-01', sys);
      await t.core.consents.record(other.guardianA.id, 'given', '2026-09-01', sys);
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const everyone = () => [s.studentA.id, s.studentB.id, ids.sibling, ids.expelled, other.studentA.id, 999_999, -1];

  /** principal → permission → the students it reaches among everyone(). */
  const expectations = (): [string, Actor, Partial<Record<StudentPermission, number[]>>][] => {
    const A = s.studentA.id;
    const B = s.studentB.id;
    const heads = [A, B, ids.sibling, ids.expelled];
    const mother = guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id });
    const ownChildren = [A, ids.sibling];
    return [
      ['the student itself', studentActor({ schoolId: s.school.id, studentId: A }), { 'diary.view': [A], 'statements.view': [A] }],
      ['an expelled student', studentActor({ schoolId: s.school.id, studentId: ids.expelled }), {}],
      ['a student claiming another school', studentActor({ schoolId: other.school.id, studentId: A }), {}],
      ['a mother with consent, of two children', mother, { 'diary.view': ownChildren, 'statements.view': ownChildren, 'messages.write': ownChildren, 'digests.acknowledge': ownChildren }],
      ['the same mother claiming another school', { ...mother, schoolId: other.school.id }, {}],
      ['a father whose consent was withdrawn', guardianActor({ schoolId: s.school.id, guardianId: ids.withdrawn }), {}],
      ['a grandmother without consent', guardianActor({ schoolId: s.school.id, guardianId: ids.noConsent }), {}],
      ['the mother of an expelled child', guardianActor({ schoolId: s.school.id, guardianId: ids.expelledsGuardian }), {}],
      ['a forged guardian id', guardianActor({ schoolId: s.school.id, guardianId: 999_999 }), {}],
      ['another school\'s mother', guardianActor({ schoolId: other.school.id, guardianId: other.guardianA.id }), { 'diary.view': [other.studentA.id], 'statements.view': [other.studentA.id], 'messages.write': [other.studentA.id], 'digests.acknowledge': [other.studentA.id] }],
      ['the administrator', staff(s.people.administrator.id, ['administrator']), { 'statements.view': heads }],
      ['the director', staff(s.people.director.id, ['director']), { 'statements.view': heads }],
      ['the deputy', staff(s.people.deputy.id, ['deputy', 'teacher']), { 'statements.view': heads }],
      ['the inspector', staff(s.people.inspector.id, ['inspector']), { 'statements.view': heads }],
      ['the class teacher of 7А', staff(s.people.classTeacherA.id, ['teacher'], [s.groupA.id]), { 'statements.view': [A, ids.expelled] }],
      ['the class teacher of 7Б', staff(s.people.classTeacherB.id, ['teacher'], [s.groupB.id]), { 'statements.view': [B, ids.sibling] }],
      ['a subject teacher', staff(s.people.teacher.id, ['teacher']), {}],
      ['another school\'s administrator', staff(other.people.administrator.id, ['administrator'], [], other.school.id), { 'statements.view': [other.studentA.id] }],
      ['the deployment administrator', deploymentAdministrator('panel'), { 'statements.view': [...heads, other.studentA.id] }],
    ];
  };

  it('lets each principal reach exactly its own students through each permission, and no forged or foreign id', async () => {
    for (const [who, actor, reach] of expectations()) {
      for (const permission of PERMISSIONS) {
        const allowed = await run(() => allowedStudents(t.orm.em, actor, permission, everyone(), TODAY));
        expect([...allowed].sort((a, b) => a - b), `${who}: ${permission}`).toEqual([...(reach[permission] ?? [])].sort((a, b) => a - b));
      }
    }
  });

  it('refuses with AccessDenied when any one of the students asked for is out of reach', async () => {
    const mother = guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id });
    await expect(run(() => requireStudents(t.orm.em, mother, 'diary.view', [s.studentA.id, ids.sibling], TODAY))).resolves.toBeUndefined();
    await expect(run(() => requireStudents(t.orm.em, mother, 'diary.view', [s.studentA.id, s.studentB.id], TODAY))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('follows the class teacher\'s class at the time asked: a student who moved is the new class teacher\'s from then on', async () => {
    const moved = await run(async () => {
      const id = ((await t.core.records.create('Student', { school: s.school.id, lastName: 'Переведённый', firstName: 'Олег', birthDate: '2013-03-03', sex: 'm' }, sys)) as { id: number }).id;
      await t.core.records.create('Enrollment', { school: s.school.id, student: id, group: s.groupA.id, startDate: '2026-09-01', endDate: '2026-10-31', startReason: 'admission', endReason: 'transfer' }, sys);
      await t.core.records.create('Enrollment', { school: s.school.id, student: id, group: s.groupB.id, startDate: '2026-11-01', startReason: 'transfer' }, sys);
      return id;
    });
    const classTeacherA = staff(s.people.classTeacherA.id, ['teacher'], [s.groupA.id]);
    const classTeacherB = staff(s.people.classTeacherB.id, ['teacher'], [s.groupB.id]);
    const reach = (actor: Actor, on: string | { from: string; to: string }) => run(() => allowedStudents(t.orm.em, actor, 'statements.view', [moved], on));
    expect([...await reach(classTeacherA, '2026-10-15')]).toEqual([moved]);
    expect([...await reach(classTeacherA, TODAY)]).toEqual([]);
    expect([...await reach(classTeacherB, TODAY)]).toEqual([moved]);
    // A range over both stretches: both class teachers may read it.
    expect([...await reach(classTeacherA, { from: '2026-10-01', to: TODAY })]).toEqual([moved]);
  });

  it('answers the relation queries every service shares', async () => {
    expect(await run(() => studentsOf(t.orm.em, [s.groupA.id], TODAY))).toEqual([s.studentA.id, ids.expelled].sort((a, b) => a - b));
    expect(await run(() => studentsOf(t.orm.em, [s.groupA.id], TODAY, [s.studentB.id]))).toEqual([]);
    expect(await run(() => withConsent(t.orm.em, [s.guardianA.id, ids.withdrawn, ids.noConsent]))).toEqual(new Set([s.guardianA.id]));
    // The consent in force on a day before the withdrawal.
    expect(await run(() => withConsent(t.orm.em, [ids.withdrawn], '2026-09-15'))).toEqual(new Set([ids.withdrawn]));
    expect(await run(() => guardiansWithConsent(t.orm.em, [s.studentA.id, s.studentB.id]))).toEqual(new Map([[s.studentA.id, [s.guardianA.id]]]));
    expect(await run(() => childrenOf(t.orm.em, s.guardianA.id, s.school.id))).toEqual([s.studentA.id, ids.sibling].sort((a, b) => a - b));
    expect(await run(() => childrenOf(t.orm.em, s.guardianA.id, other.school.id))).toEqual([]);
  });

  it('gives families no staff grant whatever target they name', () => {
    const mother = guardianActor({ schoolId: s.school.id, guardianId: s.guardianA.id });
    const student = studentActor({ schoolId: s.school.id, studentId: s.studentA.id });
    for (const actor of [mother, student]) {
      for (const permission of ['students.view', 'journal.view', 'statements.view', 'panel.enter', 'data.export'] as const) {
        expect(can(actor, permission, { schoolId: s.school.id, groupIds: [s.groupA.id], teacherId: actor.personId }), permission).toBe(false);
      }
    }
  });
});
