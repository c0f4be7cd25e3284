import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, type Actor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AccessDenied, ValidationFailed } from '../../core/base/errors.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { hashPassword } from '../../core/accounts/passwords.js';
import { AdminAccount } from '../../core/accounts/admin-account.entity.js';
import { Student } from '../../core/people/student.entity.js';
import { Subject } from '../../core/school/subject.entity.js';
import { CompromiseReport } from '../../core/audit/compromise-report.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('leaked access (B3)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let admin: Actor;
  let victim: Actor;
  let victimId: number;
  let victimAccountId: number;
  let adminAccountId: number;
  let reportId: number;
  let chemistryId: number;
  let physicsId: number;
  let blockerId: number;

  const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const sql = (query: string, params: unknown[] = []) => em().getConnection().execute(query, params);

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
    adminAccountId = (await em().findOneOrFail(AdminAccount, { staff: s.people.administrator.id })).id;
    admin = staffActor({ schoolId: s.school.id, staffId: s.people.administrator.id, roles: ['administrator'], classGroupIds: [], source: 'panel', accountId: adminAccountId });
    // A second administrator whose password and phone leak.
    victimId = (await inUnit(() => t.core.records.create('Staff', { lastName: 'Взломова', firstName: 'Анна', middleName: 'Петровна', roles: ['administrator'] }, admin))).id;
    const fork = em();
    const account = fork.create(AdminAccount, { email: 'victim@school.example', passwordHash: await hashPassword('leaked-password-1'), staff: victimId });
    await fork.flush();
    victimAccountId = account.id;
    victim = staffActor({ schoolId: s.school.id, staffId: victimId, roles: ['administrator'], classGroupIds: [], source: 'panel', accountId: victimAccountId });
    chemistryId = (await inUnit(() => t.core.records.create('Subject', { name: 'Химия' }, admin))).id;

    // Before the leak: not part of the report.
    await inUnit(() => t.core.records.update('Student', s.studentB.id, { lastName: 'Борисов-Старый' }, victim));
    await sql(`update audit_entry set at = now() - interval '10 days' where entity = 'Student' and entity_id = ? and action = 'update'`, [String(s.studentB.id)]);
    // Within the window: the intruder renames a student, adds a subject and deletes another.
    await inUnit(() => t.core.records.update('Student', s.studentA.id, { lastName: 'Петров' }, victim));
    physicsId = (await inUnit(() => t.core.records.create('Subject', { name: 'Физика' }, victim))).id;
    await inUnit(() => t.core.records.remove('Subject', chemistryId, victim));
    // Someone else's change in the same window is not the victim's operation.
    await inUnit(() => t.core.records.update('Student', s.studentB.id, { middleName: 'Иванович' }, admin));

    // The victim's bot binding and panel session, and someone else's.
    await sql('insert into telegram_account (id) values (?), (?) on conflict do nothing', [9101, 9102]);
    const f2 = em();
    f2.create(TelegramBinding, { telegramAccount: 9101, school: s.school.id, personKind: 'staff', personId: victimId });
    f2.create(TelegramBinding, { telegramAccount: 9102, school: s.school.id, personKind: 'staff', personId: s.people.administrator.id });
    await f2.flush();
    await sql(`insert into panel_session (sid, data, expires_at) values (?, ?::jsonb, now() + interval '1 hour'), (?, ?::jsonb, now() + interval '1 hour')`, [
      'victim-sid', JSON.stringify({ adminUser: { id: victimAccountId } }), 'admin-sid', JSON.stringify({ adminUser: { id: adminAccountId } }),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a class teacher may not report a member of staff', async () => {
    const classTeacher = staffActor({ schoolId: s.school.id, staffId: s.people.classTeacherA.id, roles: ['teacher'], classGroupIds: [s.groupA.id], source: 'panel' });
    await expect(inUnit(() => t.core.security.report({ personKind: 'staff', personId: victimId, source: 'panel' }, classTeacher))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('a report ends every binding and panel session of the person at once, and is audited', async () => {
    const report = await inUnit(() => t.core.security.report({ personKind: 'staff', personId: victimId, source: 'panel' }, admin));
    reportId = report.id;
    expect(report).toMatchObject({ personKind: 'staff', personId: victimId, source: 'panel', reportedBySelf: false, bindingsRevoked: 1, sessionsEnded: 1 });
    expect(report.rolledBackAt ?? null).toBeNull();
    expect(report.reportedByStaff?.id).toBe(s.people.administrator.id);
    expect(report.reportedAt.getTime() - report.leakedSince.getTime()).toBe(7 * 24 * 3600_000);
    const bindings = await em().find(TelegramBinding, {}, { orderBy: { telegramAccount: 'asc' } });
    expect(bindings.map((b) => [b.telegramAccount.id, b.revokedAt !== null && b.revokedAt !== undefined])).toEqual([[9101, true], [9102, false]]);
    const sessions = (await sql('select sid from panel_session order by sid')) as { sid: string }[];
    expect(sessions.map((r) => r.sid)).toEqual(['admin-sid']);
    // The leaked password opens nothing any more; a temporary one from the administrator is needed.
    expect(await inUnit(() => t.core.adminAccounts.authenticate('victim@school.example', 'leaked-password-1'))).toBeUndefined();
    expect((await em().findOneOrFail(AdminAccount, victimAccountId)).mustChangePassword).toBe(true);
    const [audited] = await em().find(AuditEntry, { entity: 'CompromiseReport', entityId: String(report.id) });
    expect(audited).toMatchObject({ action: 'create', actorAccountId: adminAccountId });
    expect(audited!.after).toMatchObject({ personKind: 'staff', personId: victimId });
  });

  it('refuses a leak said to start after the report', async () => {
    const since = new Date(Date.now() + 3600_000);
    await expect(inUnit(() => t.core.security.report({ personKind: 'staff', personId: victimId, source: 'panel', leakedSince: since }, admin))).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('lists exactly the person’s operations in the window, newest first', async () => {
    const ops = await inUnit(() => t.core.security.operations(reportId, admin));
    expect(ops.map((o) => [o.action, o.entity, o.entityId])).toEqual([
      ['delete', 'Subject', String(chemistryId)],
      ['create', 'Subject', String(physicsId)],
      ['update', 'Student', String(s.studentA.id)],
    ]);
  });

  it('a class teacher may not roll back', async () => {
    const classTeacher = staffActor({ schoolId: s.school.id, staffId: s.people.classTeacherA.id, roles: ['teacher'], classGroupIds: [s.groupA.id], source: 'panel' });
    await expect(inUnit(() => t.core.security.rollBack(reportId, classTeacher))).rejects.toBeInstanceOf(AccessDenied);
  });

  it('rolls back all or nothing: one undo that fails leaves everything as it was', async () => {
    // The intruder's subject is now taught: it cannot be deleted, so nothing is undone.
    blockerId = (await inUnit(() => t.core.records.create('TeachingAssignment', { year: s.year.id, teacher: s.people.teacher.id, subject: physicsId, group: s.groupB.id, plannedHours: 68 }, admin))).id;
    const auditBefore = await em().count(AuditEntry, {});
    await expect(inUnit(() => t.core.security.rollBack(reportId, admin))).rejects.toBeInstanceOf(ValidationFailed);
    expect((await em().findOneOrFail(Student, s.studentA.id)).lastName).toBe('Петров');
    expect(await em().count(Subject, { name: 'Химия' })).toBe(0);
    expect(await em().count(Subject, { name: 'Физика' })).toBe(1);
    expect(await em().count(AuditEntry, {})).toBe(auditBefore);
    expect((await em().findOneOrFail(CompromiseReport, reportId)).rolledBackAt).toBeFalsy();
  });

  it('rolls back: the name restored, the created subject deleted, the deleted one re-created, each undo audited as the administrator', async () => {
    await inUnit(() => t.core.records.remove('TeachingAssignment', blockerId, admin));
    const since = (await em().find(AuditEntry, {}, { orderBy: { id: 'desc' }, limit: 1 }))[0]!.id;
    const result = await inUnit(() => t.core.security.rollBack(reportId, admin));
    expect(result).toMatchObject({ undone: 3, kept: [] });
    expect((await em().findOneOrFail(Student, s.studentA.id)).lastName).toBe('Алексеев');
    expect(await em().count(Subject, { name: 'Физика' })).toBe(0);
    const chemistry = await em().findOneOrFail(Subject, { name: 'Химия' });
    expect(chemistry.school.id).toBe(s.school.id);
    // Other changes stay.
    expect((await em().findOneOrFail(Student, s.studentB.id))).toMatchObject({ lastName: 'Борисов-Старый', middleName: 'Иванович' });

    const undos = await em().find(AuditEntry, { id: { $gt: since } }, { orderBy: { id: 'asc' } });
    expect(undos.map((u) => [u.action, u.entity])).toEqual([
      ['create', 'Subject'],
      ['delete', 'Subject'],
      ['update', 'Student'],
      ['rollback', 'CompromiseReport'],
    ]);
    expect(undos.every((u) => u.actorStaff?.id === s.people.administrator.id && u.actorAccountId === adminAccountId)).toBe(true);
    expect(undos[3]!.after).toMatchObject({ undone: 3 });
    const report = await em().findOneOrFail(CompromiseReport, reportId);
    expect(report.rolledBackAt).toBeInstanceOf(Date);
    expect(report.rolledBackBy?.id).toBe(s.people.administrator.id);
  });

  it('refuses a second rollback', async () => {
    await expect(inUnit(() => t.core.security.rollBack(reportId, admin))).rejects.toMatchObject({ problems: [{ key: 'compromiseAlreadyRolledBack' }] });
  });
});
