import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/actor.js';
import { AccessDenied, NotFound, ValidationFailed } from '../../core/base/errors.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import type { RecordQuery } from '../../core/panel/panel-records.js';
import type { RecordKindName } from '../../core/records/record-kinds.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

type Fixture = Awaited<ReturnType<typeof createSchoolFixture>>;

describe('core.panel.records: the panel\'s lists as plain rows, scoped by role and school', () => {
  let t: TestCore;
  let one: Fixture;
  let two: Fixture;
  const actors = {} as Record<'administrator' | 'director' | 'classTeacherA' | 'teacher' | 'deployment' | 'otherAdministrator', Actor>;

  const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const records = () => t.core.panel.records;
  const list = (kind: RecordKindName, actor: Actor, query: RecordQuery = {}) => inUnit(() => records().list(kind, actor, query));
  const lastNames = async (kind: RecordKindName, actor: Actor, query: RecordQuery = {}) => (await list(kind, actor, query)).map((r) => r.lastName);
  const actorOf = async (email: string) => {
    const account = await t.orm.em.fork().findOneOrFail(AdminAccount, { email });
    return (await inUnit(() => t.core.panel.actor(account.id)))!;
  };

  beforeAll(async () => {
    t = await createTestCore();
    one = await createSchoolFixture(t.core, 'Школа № 1');
    two = await createSchoolFixture(t.core, 'Школа № 2');
    for (const who of ['administrator', 'director', 'classTeacherA', 'teacher'] as const) actors[who] = await actorOf(one.logins[who]);
    actors.otherAdministrator = await actorOf(two.logins.administrator);
    await inUnit(() => t.core.adminAccounts.ensureConfigured('root@school.example', 'root-password-123'));
    actors.deployment = await actorOf('root@school.example');
  });
  afterAll(async () => {
    await t.close();
  });

  it('resolves a panel account to its actor, and a deployment account to the deployment administrator', async () => {
    expect(actors.administrator).toMatchObject({ kind: 'staff', schoolId: one.school.id, staffId: one.people.administrator.id, source: 'panel' });
    expect(actors.classTeacherA.classGroupIds).toEqual([one.groupA.id]);
    expect(actors.deployment.kind).toBe('deployment');
    expect(await inUnit(() => t.core.panel.actor(999_999))).toBeUndefined();
  });

  it('lists only the actor\'s school, and within it only what its role reaches', async () => {
    expect(await lastNames('Student', actors.administrator)).toEqual(['Алексеев', 'Борисов']);
    expect(await lastNames('Student', actors.otherAdministrator)).toEqual(['Алексеев', 'Борисов']);
    const ofOne = (await list('Student', actors.administrator)).map((r) => r.id);
    expect(ofOne).toEqual([one.studentA.id, one.studentB.id]);
    expect(await lastNames('Student', actors.classTeacherA)).toEqual(['Алексеев']);
    expect(await lastNames('Guardian', actors.classTeacherA)).toEqual(['Алексеева']);
    expect(await inUnit(() => records().count('Student', actors.classTeacherA))).toBe(1);
    expect((await list('TeachingAssignment', actors.teacher)).map((r) => r.id)).toEqual([one.assignment.id]);
    await expect(list('Staff', actors.classTeacherA)).rejects.toBeInstanceOf(AccessDenied);
    await expect(inUnit(() => records().count('AuditEntry', actors.teacher))).rejects.toBeInstanceOf(AccessDenied);
    // The deployment's administrator sees every school.
    expect((await list('Student', actors.deployment)).map((r) => r.id).sort((a, b) => Number(a) - Number(b)))
      .toEqual([one.studentA.id, one.studentB.id, two.studentA.id, two.studentB.id]);
  });

  it('refuses forged ids: another school\'s row does not exist, a row out of reach is denied, getMany drops both', async () => {
    await expect(inUnit(() => records().get('Student', two.studentA.id, actors.administrator))).rejects.toBeInstanceOf(NotFound);
    await expect(inUnit(() => records().get('Student', 999_999, actors.administrator))).rejects.toBeInstanceOf(NotFound);
    await expect(inUnit(() => records().get('Student', one.studentB.id, actors.classTeacherA))).rejects.toBeInstanceOf(AccessDenied);
    const many = await inUnit(() => records().getMany('Student', [one.studentA.id, one.studentB.id, two.studentA.id, 999_999, 'x', -1], actors.classTeacherA));
    expect(many.map((r) => r.id)).toEqual([one.studentA.id]);
    expect(await inUnit(() => records().getMany('Staff', [one.people.teacher.id], actors.classTeacherA))).toEqual([]);
    await expect(inUnit(() => records().update('Student', two.studentA.id, { lastName: 'Взломанный' }, actors.administrator))).rejects.toBeInstanceOf(NotFound);
    await expect(inUnit(() => records().remove('Student', one.studentB.id, actors.classTeacherA))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('gives rows with references as ids and the names people recognise them by', async () => {
    const student = await inUnit(() => records().get('Student', one.studentA.id, actors.administrator));
    expect(student).toMatchObject({ id: one.studentA.id, school: one.school.id, lastName: 'Алексеев', fullName: 'Алексеев Пётр', currentGroup: one.groupA.id, birthDate: '2013-04-05' });
    const [assignment] = await list('TeachingAssignment', actors.administrator);
    expect(assignment).toMatchObject({ teacher: one.people.teacher.id, subject: one.subject.id, group: one.groupA.id, title: 'Математика — 7А (Учителева М. И.)' });
    const [staff] = await list('Staff', actors.administrator, { sort: { by: 'id', direction: 'asc' } });
    expect(staff!.roles).toEqual(['administrator']);
  });

  it('filters by words of the full name, by a student\'s current class, by enum, by role, and sorts by full name', async () => {
    // Case-insensitive as far as the database's locale folds case (the embedded server's C locale: Latin only).
    expect(await lastNames('Student', actors.administrator, { filters: { fullName: 'Алекс Пёт' } })).toEqual(['Алексеев']);
    expect(await lastNames('Student', actors.administrator, { filters: { fullName: 'Алекс Иван' } })).toEqual([]);
    expect(await lastNames('Student', actors.administrator, { filters: { currentGroup: String(one.groupB.id) } })).toEqual(['Борисов']);
    expect(await lastNames('Student', actors.administrator, { filters: { currentGroup: String(two.groupA.id) } })).toEqual([]);
    expect(await lastNames('Student', actors.administrator, { filters: { sex: 'f' } })).toEqual([]);
    expect(await lastNames('Student', actors.administrator, { sort: { by: 'fullName', direction: 'desc' } })).toEqual(['Борисов', 'Алексеев']);
    expect(await lastNames('Staff', actors.administrator, { filters: { roles: 'deputy' } })).toEqual(['Завучева']);
    expect((await list('TeachingAssignment', actors.administrator, { filters: { title: '7А' } })).map((r) => r.id)).toEqual([one.assignment.id]);
    expect(await lastNames('Staff', actors.administrator, { filters: { unknownField: 'x' }, sort: { by: 'nonsense' } })).toHaveLength(7);
    expect((await list('AcademicYear', actors.administrator, { filters: { startDate: { from: '2026-08-01', to: '2026-09-30' } } })).map((r) => r.id)).toEqual([one.year.id]);
  });

  it('describes each kind\'s fields from the metadata: types, references, enums, arrays, the key', () => {
    const field = (kind: string, path: string) => records().fields(kind).find((f) => f.path === path);
    expect(field('Student', 'id')).toMatchObject({ id: true, editable: false, type: 'integer' });
    expect(field('Student', 'school')).toMatchObject({ type: 'reference', reference: 'School', required: true });
    // Required: what the record service refuses to leave empty (marked «*» on the form); a default or null is not.
    expect(field('Student', 'birthDate')).toMatchObject({ type: 'date', required: true, editable: true });
    expect(field('Student', 'middleName')).toMatchObject({ required: false });
    expect(field('Student', 'individualPlan')).toMatchObject({ required: false });
    expect(field('Student', 'status')!.values).toEqual(['studying', 'academic_leave', 'expelled', 'graduated']);
    expect(field('Student', 'createdAt')).toMatchObject({ type: 'datetime', editable: false });
    expect(field('WorkType', 'weight')!.type).toBe('decimal');
    expect(field('Staff', 'roles')).toMatchObject({ type: 'string', array: true });
    expect(field('AuditEntry', 'before')!.type).toBe('json');
    expect(field('Group', 'classTeacher')).toMatchObject({ reference: 'Staff', required: false });
  });

  it('writes through the core\'s checks, and shows an audit line\'s change as text', async () => {
    await expect(inUnit(() => records().create('Subject', { name: 'Рус. яз.' }, actors.administrator))).rejects.toBeInstanceOf(ValidationFailed);
    const subject = await inUnit(() => records().create('Subject', { name: 'Русский язык', school: two.school.id }, actors.administrator));
    expect(subject.school).toBe(one.school.id);
    await inUnit(() => records().update('Subject', subject.id as number, { name: 'Литература' }, actors.administrator));
    const [line] = await list('AuditEntry', actors.administrator, { filters: { entity: 'Subject', action: 'update' } });
    expect(line!.before).toMatch(/: Русский язык$/m);
    expect(line!.after).toMatch(/: Литература$/m);
  });

  it('shows the panel\'s logins to the deployment administrator only, without their password hashes', async () => {
    const accounts = await inUnit(() => t.core.panel.accounts.list(actors.deployment, { filters: { email: 'ROOT@' } }));
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ email: 'root@school.example', staff: null });
    expect(accounts[0]).not.toHaveProperty('passwordHash');
    await expect(inUnit(() => t.core.panel.accounts.list(actors.administrator))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('counts the home page\'s numbers through the same scopes, leaving out what the role may not see', async () => {
    expect(await inUnit(() => t.core.panel.home(actors.classTeacherA))).toEqual({ school: 'Школа № 1', counts: { Student: 1, Guardian: 1, Group: 1 } });
    expect((await inUnit(() => t.core.panel.home(actors.administrator))).counts).toMatchObject({ Student: 2, Staff: 7, Group: 2 });
  });
});
