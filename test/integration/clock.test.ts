import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../core/access/actor.js';
import { staffActorFor } from '../../core/people/staff-actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { seedDemoSchool } from '../../core/demo/seed-demo-school.js';
import { ValidationFailed } from '../../core/base/errors.js';
import { Invite } from '../../core/telegram/invite.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { enqueueAt } from '../support/notification-fixture.js';
import { Guardian } from '../../core/people/guardian.entity.js';
import { Staff } from '../../core/people/staff.entity.js';
import { TeachingAssignment } from '../../core/schedule/teaching-assignment.entity.js';
import { AcademicYear } from '../../core/school/academic-year.entity.js';
import { ProcessedUpdate } from '../../core/telegram/processed-update.entity.js';
import { fixedClock } from '../../core/time/clock.js';
import { bindTelegram } from '../support/notification-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// Far from the day the suite runs (and from the date CI fakes), and past midnight in Moscow while still the
// day before in UTC: a service that read the machine's clock, or took a UTC date, gives another answer.
const NOW = new Date('2031-03-03T21:30:00Z');
const TODAY = '2031-03-04';
const DAY = 24 * 3600_000;

describe('every service reads the injected clock, never the machine\'s or the database\'s', () => {
  let t: TestCore;
  let schoolId: number;
  let admin: Actor;
  let teacher: Actor;
  let teacherId: number;
  let guardianId: number;
  const run = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
  const em = () => t.orm.em.fork();
  const auditOf = (entity: string, entityId: number) => em().findOneOrFail(AuditEntry, { entity, entityId: String(entityId) }, { orderBy: { id: 'desc' } });

  beforeAll(async () => {
    t = await createTestCore({}, fixedClock(NOW));
    // The set-up is what these services read; the journal's past (demo-past.test.ts) would only slow the start.
    ({ schoolId } = await seedDemoSchool(em(), t.core.clock, { past: false }));
    const staff = await em().find(Staff, { school: schoolId }, { orderBy: { id: 'asc' } });
    const administrator = staff.find((s) => s.roles.includes('administrator'))!;
    const assignment = await em().findOneOrFail(TeachingAssignment, { school: schoolId }, { orderBy: { id: 'asc' } });
    teacherId = assignment.teacher.id;
    admin = (await staffActorFor(em(), administrator.id, 'panel'))!;
    teacher = (await staffActorFor(em(), teacherId, 'bot'))!;
    guardianId = (await em().findOneOrFail(Guardian, { school: schoolId }, { orderBy: { id: 'asc' } })).id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds the demo school for the academic year of its clock', async () => {
    const years = await em().find(AcademicYear, { school: schoolId });
    expect(years.map((y) => [y.name, y.startDate, y.endDate])).toEqual([['2030/2031', '2030-09-01', '2031-05-31']]);
  });

  it('dates a consent today at the school by default and refuses tomorrow; the audit line is stamped by the clock', async () => {
    const consent = await run(() => t.core.consents.record(guardianId, 'given', undefined, admin));
    expect(consent.date).toBe(TODAY);
    expect((await auditOf('Consent', consent.id)).at).toEqual(NOW);
    await expect(run(() => t.core.consents.record(guardianId, 'given', '2031-03-05', admin))).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('gives the teacher the school\'s today and the period it falls in', async () => {
    expect(await run(() => t.core.teacherDays.day(teacher))).toMatchObject({ date: TODAY, today: TODAY });
    const overview = await run(() => t.core.periodMarks.overview(teacher));
    expect(overview.today).toBe(TODAY);
    expect(overview.periods.find((p) => p.id === overview.currentPeriodId)?.name).toBe('3 четверть');
  });

  it('judges a student\'s age at the clock\'s date', async () => {
    // 27 years old on the day this test was written, 31 at NOW: too old for a student.
    await expect(run(() => t.core.records.create('Student', { school: schoolId, lastName: 'Старший', firstName: 'Иван', birthDate: '1999-06-01', sex: 'm' }, admin)))
      .rejects.toMatchObject({ problems: [expect.objectContaining({ key: 'birthDateImplausible' })] });
  });

  it('lets an invite expire its days after the clock\'s now, and marks it used then', async () => {
    const issued = await run(() => t.core.invites.issue('staff', teacherId, admin));
    expect(issued.expiresAt).toEqual(new Date(NOW.getTime() + 14 * DAY));
    await run(() => t.core.invites.redeem(issued.code, 7_000_001));
    expect((await em().findOneOrFail(Invite, issued.inviteId)).usedAt).toEqual(NOW);
  });

  it('stamps processed updates and outbox rows with the clock, which is what they are pruned and skipped by', async () => {
    expect(await t.core.updates.claim(1, 424242)).toBe(true);
    expect((await em().findOneOrFail(ProcessedUpdate, { botId: 1, updateId: 424242 })).receivedAt).toEqual(NOW);
    await bindTelegram(em(), schoolId, 'guardian', guardianId, 7_000_002);
    await em().transactional((tx) => enqueueAt(tx, { schoolId, kind: 'message', to: [{ personKind: 'guardian', personId: guardianId }], payload: { text: 'Проверка' }, eventKey: 'clock:1' }, t.core.clock.now()));
    const [row] = await em().find(Notification, { telegramAccountId: 7_000_002 });
    expect(row).toMatchObject({ createdAt: NOW, updatedAt: NOW });
  });

  it('reports a leaked access at the clock\'s now, over the week before it', async () => {
    const report = await run(() => t.core.security.report({ personKind: 'staff', personId: teacherId, source: 'panel' }, admin));
    expect(report.reportedAt).toEqual(NOW);
    expect(report.leakedSince).toEqual(new Date(NOW.getTime() - 7 * DAY));
  });
});
