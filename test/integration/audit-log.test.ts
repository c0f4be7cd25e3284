import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AccessDenied, ValidationFailed } from '../../core/base/errors.js';
import { ImportFailed } from '../../core/imports/import-failed.js';
import { Student } from '../../core/people/student.entity.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('audit log (B4)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let admin: Actor;
  let accountId: number;

  const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const entries = (where: Record<string, unknown> = {}) =>
    t.orm.em.fork().find(AuditEntry, where, { orderBy: { id: 'asc' } });
  const count = () => t.orm.em.fork().count(AuditEntry, {});
  /** The id of the database transaction that wrote a row. */
  const writtenBy = async (table: string, id: number | string) =>
    (await t.orm.em.fork().execute<{ xmin: string }[]>(`select xmin::text as xmin from ${table} where id = ?`, [id]))[0]?.xmin;

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
    accountId = (await t.orm.em.fork().findOneOrFail(AdminAccount, { staff: s.people.administrator.id })).id;
    admin = staffActor({ schoolId: s.school.id, staffId: s.people.administrator.id, roles: ['administrator'], classGroupIds: [], source: 'panel', accountId });
  });
  afterAll(async () => {
    await t.close();
  });

  it('logs the fixture’s own set-up, each line with its school', async () => {
    const created = await entries({ action: 'create', entity: 'Student' });
    expect(created.map((e) => e.entityId).sort()).toEqual([String(s.studentA.id), String(s.studentB.id)].sort());
    expect(created.every((e) => e.school?.id === s.school.id && e.source === 'panel' && e.actorKind === 'system' && !e.actorStaff)).toBe(true);
    const school = await entries({ entity: 'School' });
    expect(school).toHaveLength(1);
    expect(school[0]).toMatchObject({ action: 'create', entityId: String(s.school.id), before: null, after: { id: s.school.id, name: 'Школа № 1' } });
    expect(school[0]!.school?.id).toBe(s.school.id);
  });

  it('logs an update in the transaction of the change: the actor, the source, before and after', async () => {
    const since = await count();
    await inUnit(() => t.core.records.update('Student', s.studentA.id, { lastName: 'Алексеев-Петров' }, admin));
    const [entry, ...more] = await entries({ entity: 'Student', entityId: String(s.studentA.id), action: 'update' });
    expect(more).toEqual([]);
    expect(await count()).toBe(since + 1);
    expect(entry).toMatchObject({ source: 'panel', actorKind: 'staff', actorAccountId: accountId, action: 'update', entity: 'Student' });
    expect(entry!.actorStaff?.id).toBe(s.people.administrator.id);
    expect(entry!.school?.id).toBe(s.school.id);
    expect(entry!.before).toMatchObject({ id: s.studentA.id, school: s.school.id, lastName: 'Алексеев', firstName: 'Пётр', birthDate: '2013-04-05' });
    expect(entry!.after).toMatchObject({ id: s.studentA.id, school: s.school.id, lastName: 'Алексеев-Петров', firstName: 'Пётр' });
    expect(entry!.at).toBeInstanceOf(Date);
    expect(Math.abs(entry!.at.getTime() - Date.now())).toBeLessThan(60_000);
    // One transaction wrote the student and its audit line.
    expect(await writtenBy('audit_entry', entry!.id)).toBe(await writtenBy('student', s.studentA.id));
  });

  it('writes nothing for an update that changes nothing', async () => {
    const since = await count();
    await inUnit(() => t.core.records.update('Student', s.studentA.id, { lastName: 'Алексеев-Петров' }, admin));
    expect(await count()).toBe(since);
  });

  it('logs a create and a delete', async () => {
    const subject = await inUnit(() => t.core.records.create('Subject', { name: 'Физика' }, admin));
    const [created] = await entries({ entity: 'Subject', entityId: String(subject.id) });
    expect(created).toMatchObject({ action: 'create', before: null, after: { id: subject.id, name: 'Физика', school: s.school.id } });
    expect(created!.actorStaff?.id).toBe(s.people.administrator.id);
    expect(await writtenBy('audit_entry', created!.id)).toBe(await writtenBy('subject', subject.id));

    await inUnit(() => t.core.records.remove('Subject', subject.id, admin));
    const [, removed] = await entries({ entity: 'Subject', entityId: String(subject.id) });
    expect(removed).toMatchObject({ action: 'delete', after: null, before: { id: subject.id, name: 'Физика' } });
    expect(removed!.school?.id).toBe(s.school.id);
  });

  it('writes no line when the change is refused: a rule, a duplicate, a row still in use, no right', async () => {
    const since = await count();
    const name = (await t.orm.em.fork().findOneOrFail(Student, s.studentA.id)).lastName;
    await expect(inUnit(() => t.core.records.update('Student', s.studentA.id, { lastName: 'Ал.' }, admin))).rejects.toThrow(ValidationFailed);
    await expect(inUnit(() => t.core.records.create('Subject', { name: 'Рус. яз.' }, admin))).rejects.toThrow(ValidationFailed);
    // The unique index refuses it at the flush, which writes neither the row nor its line.
    await expect(inUnit(() => t.core.records.create('Subject', { name: 'Математика' }, admin))).rejects.toThrow(ValidationFailed);
    await expect(inUnit(() => t.core.records.remove('Subject', s.subject.id, admin))).rejects.toThrow(ValidationFailed);
    const teacher = staffActor({ schoolId: s.school.id, staffId: s.people.teacher.id, roles: ['teacher'], classGroupIds: [], source: 'panel' });
    await expect(inUnit(() => t.core.records.update('Student', s.studentA.id, { lastName: 'Взломанный' }, teacher))).rejects.toThrow(AccessDenied);
    expect(await count()).toBe(since);
    expect((await t.orm.em.fork().findOneOrFail(Student, s.studentA.id)).lastName).toBe(name);
  });

  it('rolls the line back with the transaction it was written in', async () => {
    const since = await count();
    await expect(
      inUnit(() =>
        t.orm.em.transactional(async () => {
          await t.core.records.update('Student', s.studentB.id, { middleName: 'Иванович' }, admin);
          throw new Error('the caller gives up');
        }),
      ),
    ).rejects.toThrow('the caller gives up');
    expect(await count()).toBe(since);
    expect((await t.orm.em.fork().findOneOrFail(Student, s.studentB.id)).middleName ?? null).toBeNull();
  });

  it('logs a student movement, and the class history and status it changed', async () => {
    const move = systemActor('panel');
    const movement = await inUnit(() =>
      t.core.movements.record({ school: s.school.id, kind: 'transfer', student: s.studentB.id, group: s.groupA.id, date: '2026-11-10' }, admin),
    );
    const [line] = await entries({ action: 'movement' });
    expect(line).toMatchObject({ entity: 'StudentMovement', entityId: String(movement.id), source: 'panel', actorKind: 'staff', before: null });
    expect(line!.school?.id).toBe(s.school.id);
    expect(line!.actorStaff?.id).toBe(s.people.administrator.id);
    expect(line!.after).toMatchObject({ id: movement.id, kind: 'transfer', student: s.studentB.id, group: s.groupA.id, date: '2026-11-10' });
    expect(await writtenBy('audit_entry', line!.id)).toBe(await writtenBy('student_movement', movement.id));

    const enrollments = await entries({ entity: 'Enrollment', actorStaff: s.people.administrator.id });
    expect(enrollments.map((e) => [e.action, e.before?.endDate ?? null, e.after?.endDate ?? null, e.after?.group])).toEqual([
      ['update', null, '2026-11-09', s.groupB.id],
      ['create', null, null, s.groupA.id],
    ]);

    await inUnit(() => t.core.movements.record({ school: s.school.id, kind: 'expulsion', student: s.studentB.id, date: '2026-12-01' }, move));
    const [status] = await entries({ entity: 'Student', entityId: String(s.studentB.id), action: 'update', actorKind: 'system' });
    expect(status).toMatchObject({ before: { status: 'studying' }, after: { status: 'expelled' } });
  });

  it('logs an import line by line in the import’s one transaction, and nothing of an import refused', async () => {
    const csv = (lines: string[]) => Buffer.from(['Название;Без аттестации;Двойные отметки;Школьный компонент', ...lines].join('\n'), 'utf8');
    const since = await count();
    await expect(t.core.importTable('subjects', csv(['Химия;нет;нет;нет', 'Хим.;нет;нет;нет']), 'csv', systemActor('import'), { schoolId: s.school.id })).rejects.toThrow(ImportFailed);
    expect(await count()).toBe(since);

    await t.core.importTable('subjects', csv(['Химия;нет;нет;нет', 'Биология;нет;нет;нет']), 'csv', systemActor('import'), { schoolId: s.school.id });
    const lines = await entries({ source: 'import' });
    expect(lines.map((e) => [e.action, e.entity, e.after?.name, e.school?.id, e.actorKind])).toEqual([
      ['create', 'Subject', 'Химия', s.school.id, 'system'],
      ['create', 'Subject', 'Биология', s.school.id, 'system'],
    ]);
    // Each line is written between savepoints of the import's transaction, its audit line with it.
    for (const e of lines) expect(await writtenBy('audit_entry', e.id)).toBe(await writtenBy('subject', e.entityId));
  });

  it('never puts a password hash into a line', async () => {
    const all = await entries();
    expect(JSON.stringify(all.map((e) => [e.before, e.after]))).not.toMatch(/passwordHash|argon2/);
  });
});
