import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotificationPreference } from '../../core/notifications/notification-preference.entity.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import type { OutboxEvent } from '../../core/notifications/outbox.js';
import { enqueueAt } from '../support/notification-fixture.js';
import { afterQuietHours } from '../../core/notifications/quiet-hours.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { addGuardian, bindTelegram, recordConsent } from '../support/notification-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// Moscow is UTC+3 all year; the school's quiet hours are its defaults, 21:00–08:00.
const NOON = new Date('2026-11-20T09:00:00Z');
const CHAT = { guardianA: 7001, guardianA2: 7002, guardianB: 7003, studentA: 7004, refused: 7005, revoked: 7006, teacher: 7007, late: 7008 };

describe('the outbox: who is told, once, and when (D10)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let key = 0;

  const event = (over: Partial<OutboxEvent> = {}): OutboxEvent => ({
    schoolId: s.school.id, kind: 'mark', studentId: s.studentA.id, payload: { value: 5 }, eventKey: `test:${++key}`, ...over,
  });
  /** Enqueues in a transaction, as a service does, and returns the rows written. */
  const write = async (e: OutboxEvent, now = NOON) => {
    const added = await t.orm.em.fork().transactional((em) => enqueueAt(em, e, now));
    const rows = await t.orm.em.fork().find(Notification, { eventKey: e.eventKey }, { orderBy: { telegramAccountId: 'asc' } });
    expect(rows).toHaveLength(added);
    return rows;
  };
  const chats = (rows: Notification[]) => rows.map((r) => r.telegramAccountId);

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
    const em = t.orm.em.fork();
    const school = s.school.id;
    await recordConsent(em, school, s.guardianA.id, 'given');
    await bindTelegram(em, school, 'guardian', s.guardianA.id, CHAT.guardianA);
    const second = await addGuardian(em, school, s.studentA.id, 'Алексеев');
    await bindTelegram(em, school, 'guardian', second.id, CHAT.guardianA2, 'en');
    const ofB = await addGuardian(em, school, s.studentB.id, 'Борисова');
    await bindTelegram(em, school, 'guardian', ofB.id, CHAT.guardianB);
    await bindTelegram(em, school, 'student', s.studentA.id, CHAT.studentA);
    // Consent given, then withdrawn: the latest line counts (its binding would be revoked too; here it is not, to test the check).
    const refused = await addGuardian(em, school, s.studentA.id, 'Отказова');
    await recordConsent(em, school, refused.id, 'withdrawn', '2026-10-01');
    await bindTelegram(em, school, 'guardian', refused.id, CHAT.refused);
    const revoked = await addGuardian(em, school, s.studentA.id, 'Отозванова');
    const binding = await bindTelegram(em, school, 'guardian', revoked.id, CHAT.revoked);
    binding.revokedAt = new Date('2026-10-01T00:00:00Z');
    await em.flush();
    await addGuardian(em, school, s.studentA.id, 'Безтелеграмова'); // consent given, never connected
    await bindTelegram(em, school, 'staff', s.people.teacher.id, CHAT.teacher);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells the child\'s guardians with consent and a binding in force, and the child; no one else', async () => {
    const rows = await write(event());
    expect(chats(rows)).toEqual([CHAT.guardianA, CHAT.guardianA2, CHAT.studentA]);
    expect(rows.map((r) => [r.personKind, r.studentId, r.status, r.attempts])).toEqual([
      ['guardian', s.studentA.id, 'pending', 0], ['guardian', s.studentA.id, 'pending', 0], ['student', s.studentA.id, 'pending', 0],
    ]);
    // Due after the idle time (10 s by default); the window (120 s by default) bounds the batch.
    expect(rows.map((r) => [r.notBefore.getTime() - NOON.getTime(), r.openUntil!.getTime() - NOON.getTime()])).toEqual(rows.map(() => [10_000, 120_000]));
    expect(chats(await write(event({ studentId: s.studentB.id })))).toEqual([CHAT.guardianB]);
  });

  it('goes to explicit recipients instead, guardians still only with consent', async () => {
    const rows = await write(event({ kind: 'message', to: [{ personKind: 'staff', personId: s.people.teacher.id }, { personKind: 'guardian', personId: s.guardianA.id }] }));
    expect(rows.map((r) => [r.telegramAccountId, r.personKind])).toEqual([[CHAT.guardianA, 'guardian'], [CHAT.teacher, 'staff']]);
    expect(await write(event({ kind: 'message', studentId: null, to: [] }))).toEqual([]);
  });

  it('stores an event enqueued twice once per chat, in one transaction or in two', async () => {
    const e = event();
    await t.orm.em.fork().transactional(async (em) => {
      expect(await enqueueAt(em, e, NOON)).toBe(3);
      expect(await enqueueAt(em, e, NOON)).toBe(0);
    });
    expect(await t.orm.em.fork().transactional((em) => enqueueAt(em, e, NOON))).toBe(0);
    expect(await t.orm.em.fork().count(Notification, { eventKey: e.eventKey })).toBe(3);
  });

  it('leaves out a kind the recipient switched off', async () => {
    const em = t.orm.em.fork();
    em.create(NotificationPreference, { telegramAccountId: CHAT.guardianA2, disabledKinds: ['homework'] });
    await em.flush();
    expect(chats(await write(event({ kind: 'homework' })))).toEqual([CHAT.guardianA, CHAT.studentA]);
    expect(chats(await write(event({ kind: 'mark' })))).toEqual([CHAT.guardianA, CHAT.guardianA2, CHAT.studentA]);
    await em.nativeDelete(NotificationPreference, { telegramAccountId: CHAT.guardianA2 });
  });

  it('writes rows only for chats bound when the event happens: a guardian connected later gets no history', async () => {
    const e = event();
    await write(e);
    const em = t.orm.em.fork();
    const late = await addGuardian(em, s.school.id, s.studentA.id, 'Поздняя');
    await bindTelegram(em, s.school.id, 'guardian', late.id, CHAT.late);
    expect(await em.count(Notification, { telegramAccountId: CHAT.late })).toBe(0);
    expect(chats(await write(event()))).toContain(CHAT.late);
    await em.nativeUpdate(TelegramBinding, { telegramAccount: CHAT.late }, { revokedAt: new Date() });
  });

  it('holds what falls in quiet hours until they end, in the school\'s time zone, across midnight', async () => {
    // 20:59:55 in Moscow: due at 21:00:05, inside 21:00–08:00, so at 08:00 the next morning.
    const evening = await write(event(), new Date('2026-11-20T17:59:55Z'));
    expect(evening[0]!.notBefore.toISOString()).toBe('2026-11-21T05:00:00.000Z');
    // 06:00 in Moscow: after midnight, until 08:00 the same day.
    const early = await write(event(), new Date('2026-11-21T03:00:00Z'));
    expect(early[0]!.notBefore.toISOString()).toBe('2026-11-21T05:00:00.000Z');
    // 07:59:55: due at 08:00:05, after the quiet hours.
    const morning = await write(event(), new Date('2026-11-21T04:59:55Z'));
    expect(morning[0]!.notBefore.toISOString()).toBe('2026-11-21T05:00:05.000Z');
  });

  it('uses the recipient\'s own quiet hours over the school\'s, and none when it chose none', async () => {
    const em = t.orm.em.fork();
    em.create(NotificationPreference, { telegramAccountId: CHAT.guardianA, disabledKinds: [], quietHoursStart: '23:00', quietHoursEnd: '07:00' });
    em.create(NotificationPreference, { telegramAccountId: CHAT.guardianA2, disabledKinds: [], quietHoursStart: '00:00', quietHoursEnd: '00:00' });
    await em.flush();
    const rows = await write(event(), new Date('2026-11-20T18:30:00Z')); // 21:30 in Moscow
    const at = new Map(rows.map((r) => [r.telegramAccountId, r.notBefore.toISOString()]));
    expect(at.get(CHAT.guardianA)).toBe('2026-11-20T18:30:10.000Z'); // own 23:00–07:00: not yet quiet
    expect(at.get(CHAT.guardianA2)).toBe('2026-11-20T18:30:10.000Z'); // none
    expect(at.get(CHAT.studentA)).toBe('2026-11-21T05:00:00.000Z'); // the school's 21:00–08:00
    const night = await write(event(), new Date('2026-11-20T21:00:00Z')); // 00:00 in Moscow
    expect(night.find((r) => r.telegramAccountId === CHAT.guardianA)!.notBefore.toISOString()).toBe('2026-11-21T04:00:00.000Z'); // 07:00
    await em.nativeDelete(NotificationPreference, {});
  });

  it('computes quiet hours within a day, across midnight, and with none', () => {
    const at = (iso: string, start: string, end: string, zone = 'UTC') => afterQuietHours(new Date(iso), { start, end }, zone).toISOString();
    expect(at('2026-11-20T13:30:00Z', '13:00', '14:00')).toBe('2026-11-20T14:00:00.000Z');
    expect(at('2026-11-20T14:00:00Z', '13:00', '14:00')).toBe('2026-11-20T14:00:00.000Z');
    expect(at('2026-11-20T23:30:00Z', '22:00', '06:00')).toBe('2026-11-21T06:00:00.000Z');
    expect(at('2026-11-20T05:59:00Z', '22:00', '06:00')).toBe('2026-11-20T06:00:00.000Z');
    expect(at('2026-11-20T12:00:00Z', '22:00', '06:00')).toBe('2026-11-20T12:00:00.000Z');
    expect(at('2026-11-20T23:30:00Z', '00:00', '00:00')).toBe('2026-11-20T23:30:00.000Z');
    // Vladivostok (UTC+10): 23:30 local is 13:30 UTC; quiet until 08:00 local, 22:00 UTC.
    expect(at('2026-11-20T13:30:00Z', '21:00', '08:00', 'Asia/Vladivostok')).toBe('2026-11-20T22:00:00.000Z');
  });
});
