import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor, systemActor, type Actor } from '../../core/access/actor.js';
import { AuditEntry } from '../../core/audit/audit-entry.entity.js';
import { AccessDenied, DomainError, ValidationFailed } from '../../core/base/errors.js';
import { hashToken } from '../../core/base/token-hash.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';
import { Invite } from '../../core/telegram/invite.entity.js';
import { INVITE_CODE_PATTERN, InviteRefused, type InviteRefusal } from '../../core/invites/invites.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import type { PersonKind } from '../../core/telegram/invite.entity.js';
import type { ConsentStatus } from '../../core/privacy/consent.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

let t: TestCore;
let school: Awaited<ReturnType<typeof createSchoolFixture>>;
let guardianB: number;
const sys = systemActor('cli');

const inUnit = <T>(work: () => Promise<T>) => t.core.unitOfWork(work);
const issue = (kind: PersonKind, id: number, actor: Actor = sys) => inUnit(() => t.core.invites.issue(kind, id, actor));
const redeem = (code: string, telegramId: number) => inUnit(() => t.core.invites.redeem(code, telegramId));
const consent = (guardianId: number, status: ConsentStatus, actor: Actor = sys, date = '2026-09-01') =>
  inUnit(() => t.core.consents.record(guardianId, status, date, actor));
const classTeacherA = () =>
  staffActor({ schoolId: school.school.id, staffId: school.people.classTeacherA.id, roles: ['teacher'], classGroupIds: [school.groupA.id], source: 'panel' });
const russian = (err: unknown) => (err as DomainError).problems.map((p) => describeProblem(translator(t.core.i18n, 'ru'), p)).join(' ');

async function refusal(work: Promise<unknown>): Promise<InviteRefusal> {
  const err = await work.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(InviteRefused);
  return (err as InviteRefused).reason;
}

beforeAll(async () => {
  t = await createTestCore();
  school = await createSchoolFixture(t.core);
  const b = await inUnit(() => t.core.records.create('Guardian', { school: school.school.id, lastName: 'Борисова', firstName: 'Вера', phone: '+7 900 000-00-02' }, sys));
  await inUnit(() => t.core.records.create('StudentGuardian', { school: school.school.id, student: school.studentB.id, guardian: b.id, relation: 'mother' }, sys));
  guardianB = b.id;
});
afterAll(() => t.close());

describe('invites', () => {
  it('issues a one-time code as a Telegram deep link that expires after the school setting', async () => {
    const before = Date.now();
    const issued = await issue('staff', school.people.teacher.id);
    expect(issued.code).toMatch(INVITE_CODE_PATTERN);
    expect(issued.code.length).toBeGreaterThanOrEqual(16);
    expect(issued.deepLink).toBe(`https://t.me/klassny_bot?start=${issued.code}`);
    const days = (issued.expiresAt.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(13.99);
    expect(days).toBeLessThan(14.01);
    // Only the hash is stored.
    const stored = await t.orm.em.fork().findOneOrFail(Invite, issued.inviteId);
    expect(stored.codeHash).toBe(hashToken(issued.code));
    expect(JSON.stringify(stored)).not.toContain(issued.code);
    const custom = await inUnit(() => t.core.invites.issue('staff', school.people.director.id, sys, 'my_school_bot'));
    expect(custom.deepLink).toBe(`https://t.me/my_school_bot?start=${custom.code}`);
  });

  it('binds the Telegram account on redeem, once: a second account is refused, the same one is told it is in', async () => {
    const { code } = await issue('staff', school.people.teacher.id);
    const who = await redeem(code, 9001);
    expect(who).toMatchObject({ personKind: 'staff', personId: school.people.teacher.id, firstName: 'Мария', middleName: 'Ивановна', schoolName: 'Школа № 1', alreadyBound: false });
    const bindings = await t.orm.em.fork().find(TelegramBinding, { telegramAccount: 9001 });
    expect(bindings).toHaveLength(1);
    expect(bindings[0]).toMatchObject({ personKind: 'staff', personId: school.people.teacher.id, revokedAt: null });

    expect(await refusal(redeem(code, 9002))).toBe('used');
    expect(await t.orm.em.fork().count(TelegramBinding, { telegramAccount: 9002 })).toBe(0);
    expect((await redeem(code, 9001)).alreadyBound).toBe(true);
    expect(await t.orm.em.fork().count(TelegramBinding, { telegramAccount: 9001 })).toBe(1);
  });

  it('lets one account hold several bindings (a teacher who is also a parent)', async () => {
    await consent(school.guardianA.id, 'given');
    const asTeacher = await issue('staff', school.people.deputy.id);
    const asParent = await issue('guardian', school.guardianA.id);
    await redeem(asTeacher.code, 9003);
    const parent = await redeem(asParent.code, 9003);
    expect(parent.children).toEqual(['Пётр Алексеев']);
    const active = await inUnit(() => t.core.invites.bindingsOf(9003));
    expect(active.map((b) => b.personKind).sort()).toEqual(['guardian', 'staff']);
  });

  it('leaves an audit line for every invite issued, consent recorded and account bound', async () => {
    const before = await t.orm.em.fork().count(AuditEntry, {});
    const { code, inviteId } = await issue('student', school.studentA.id);
    await consent(school.guardianA.id, 'given', sys, '2026-09-01');
    const bound = await redeem(code, 9030);
    const entries = await t.orm.em.fork().find(AuditEntry, {}, { orderBy: { id: 'asc' }, offset: before });
    expect(entries.map((e) => [e.entity, e.action])).toEqual([['Invite', 'create'], ['Consent', 'create'], ['TelegramBinding', 'create']]);
    expect(entries[0]!.entityId).toBe(String(inviteId));
    expect(entries[0]!.after).toMatchObject({ personKind: 'student', personId: school.studentA.id });
    expect(entries[2]!.after).toMatchObject({ telegramAccount: 9030, personId: bound.personId });
  });

  it('refuses an expired code', async () => {
    const { code, inviteId } = await issue('student', school.studentA.id);
    await t.orm.em.fork().getConnection().execute(`update invite set expires_at = now() - interval '1 minute' where id = ?`, [inviteId]);
    expect(await refusal(redeem(code, 9004))).toBe('expired');
  });

  it('re-issuing revokes the earlier unused code', async () => {
    const first = await issue('student', school.studentB.id);
    const second = await issue('student', school.studentB.id);
    expect(await refusal(redeem(first.code, 9005))).toBe('revoked');
    expect((await redeem(second.code, 9005)).personId).toBe(school.studentB.id);
  });

  it('gives a guardian an invite only with consent given, and not after it is withdrawn', async () => {
    const err = await issue('guardian', guardianB).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailed);
    expect(russian(err)).toContain('согласия на обработку персональных данных');

    await consent(guardianB, 'refused');
    await expect(issue('guardian', guardianB)).rejects.toBeInstanceOf(ValidationFailed);
    await consent(guardianB, 'given', sys, '2026-09-02');
    expect((await redeem((await issue('guardian', guardianB)).code, 9020)).personId).toBe(guardianB);
    const pending = await issue('guardian', guardianB);
    await consent(guardianB, 'withdrawn', sys, '2026-09-03');
    await expect(issue('guardian', guardianB)).rejects.toBeInstanceOf(ValidationFailed);
    // Withdrawal ends the guardian's access at once: the binding in force and the invite not yet used.
    expect(await inUnit(() => t.core.invites.bindingsOf(9020))).toEqual([]);
    expect(await refusal(redeem(pending.code, 9021))).toBe('revoked');

    // The registry keeps every line; the latest is the current status.
    const history = await inUnit(() => t.core.consents.history(guardianB));
    expect(history.map((c) => c.status)).toEqual(['withdrawn', 'given', 'refused']);
    expect((await inUnit(() => t.core.consents.current(guardianB)))?.status).toBe('withdrawn');
  });

  it('refuses a consent dated in the future', async () => {
    await expect(consent(guardianB, 'given', sys, '2999-01-01')).rejects.toBeInstanceOf(ValidationFailed);
  });

  it('lets a class teacher invite its own class\'s student and guardian, and no one else', async () => {
    const teacher = classTeacherA();
    expect((await issue('student', school.studentA.id, teacher)).code).toMatch(INVITE_CODE_PATTERN);
    await consent(school.guardianA.id, 'given', teacher, '2026-09-05');
    const invite = await issue('guardian', school.guardianA.id, teacher);
    const stored = await t.orm.em.fork().findOneOrFail(Invite, invite.inviteId);
    expect(stored.issuedByStaff?.id).toBe(school.people.classTeacherA.id);

    await expect(issue('student', school.studentB.id, teacher)).rejects.toBeInstanceOf(AccessDenied);
    await expect(issue('guardian', guardianB, teacher)).rejects.toBeInstanceOf(AccessDenied);
    await expect(consent(guardianB, 'given', teacher)).rejects.toBeInstanceOf(AccessDenied);
    await expect(issue('staff', school.people.teacher.id, teacher)).rejects.toBeInstanceOf(AccessDenied);
  });

  it('lets the school administrator invite staff, and no other school\'s administrator', async () => {
    const admin = staffActor({ schoolId: school.school.id, staffId: school.people.administrator.id, roles: ['administrator'], classGroupIds: [], source: 'panel' });
    expect((await issue('staff', school.people.teacher.id, admin)).code).toMatch(INVITE_CODE_PATTERN);
    const director = staffActor({ schoolId: school.school.id, staffId: school.people.director.id, roles: ['director'], classGroupIds: [], source: 'panel' });
    await expect(issue('staff', school.people.teacher.id, director)).rejects.toBeInstanceOf(AccessDenied);
    const foreign = staffActor({ schoolId: school.school.id + 1000, staffId: 1, roles: ['administrator'], classGroupIds: [], source: 'panel' });
    await expect(issue('staff', school.people.teacher.id, foreign)).rejects.toBeInstanceOf(DomainError);
  });

  it('slows down an account after 5 wrong codes: even a right code waits 10 minutes', async () => {
    const account = 9010;
    for (let i = 0; i < 5; i++) expect(await refusal(redeem(`wrong-code-${i}`, account))).toBe('wrong');
    const { code } = await issue('staff', school.people.inspector.id);
    const err = await redeem(code, account).catch((e: unknown) => e);
    expect((err as InviteRefused).reason).toBe('tooManyAttempts');
    expect(russian(err)).toMatch(/Попробуйте снова через 10 минут\./);
    // Another account is not affected; and after the lockout the code works.
    expect(await refusal(redeem('wrong-code-x', 9011))).toBe('wrong');
    await t.orm.em.fork().getConnection().execute(`update invite_failure set at = at - interval '11 minutes' where telegram_account_id = ?`, [account]);
    expect((await redeem(code, account)).personId).toBe(school.people.inspector.id);
  });
});

describe('consent registry in the panel', () => {
  it('shows a class teacher only the consents of its own class\'s guardians, and nobody may edit them in place', async () => {
    const teacher = classTeacherA();
    const rows = await inUnit(async () => {
      const filter = await t.core.records.listFilter('Consent', teacher);
      return t.orm.em.find('Consent', filter);
    });
    const guardians = new Set(rows.map((r) => (r as { guardian: { id: number } }).guardian.id));
    expect(guardians.has(school.guardianA.id)).toBe(true);
    expect(guardians.has(guardianB)).toBe(false);
    await expect(inUnit(() => t.core.records.create('Consent', { guardian: school.guardianA.id, status: 'given', date: '2026-09-01' }, sys))).rejects.toBeInstanceOf(ValidationFailed);
  });
});
