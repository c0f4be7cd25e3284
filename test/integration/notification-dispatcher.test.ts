import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../core/notifications/dispatcher.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import { claimDue } from '../../core/notifications/outbox-store.js';
import type { OutboxEvent } from '../../core/notifications/outbox.js';
import { enqueueAt } from '../support/notification-fixture.js';
import { renderers } from '../../core/notification-renderers.js';
import { MessageRejected, RecipientBlocked, RetryAfter, TransientFailure } from '../../core/notifications/sender.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { TelegramAccounts } from '../../core/telegram/telegram-accounts.js';
import { addGuardian, bindTelegram } from '../support/notification-fixture.js';
import { RecordingSender, markPayload } from '../support/notification-sender.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';
import { clockFrom } from '../../core/time/clock.js';

const GUARDIANS = 24;
const FIRST_CHAT = 8100;

describe('the dispatcher, against the NotificationSender port (H2)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let clock: Date;
  let sender: RecordingSender;
  let key = 0;
  const chat = (i: number) => FIRST_CHAT + i;

  const dispatcher = (over: Partial<TestCore['core']['config']['notifications']> = {}) => new Dispatcher({ renderers,
    orm: t.orm, i18n: t.core.i18n, log: t.core.log, sender, clock: clockFrom(() => clock),
    settings: { ...t.core.config.notifications, globalPerSecond: 500, perChatPerSecond: 100, retryBaseSeconds: 10, maxAttempts: 3, ...over },
  });
  /** A mark for the child: every guardian's chat gets a row, due after the coalescing window. */
  const mark = async (over: Partial<OutboxEvent> = {}) => {
    const event: OutboxEvent = { schoolId: s.school.id, kind: 'mark', studentId: s.studentA.id, payload: markPayload(), eventKey: `d:${++key}`, ...over };
    await t.orm.em.fork().transactional((em) => enqueueAt(em, event, clock));
    return event;
  };
  const later = (seconds: number) => { clock = new Date(clock.getTime() + seconds * 1000); };
  const rowsOf = (chatId: number) => t.orm.em.fork().find(Notification, { telegramAccountId: chatId }, { orderBy: { id: 'asc' } });

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
    const em = t.orm.em.fork();
    for (let i = 0; i < GUARDIANS; i++) {
      const guardian = await addGuardian(em, s.school.id, s.studentA.id, `Опекунова${'а'.repeat(i % 3)}`);
      await bindTelegram(em, s.school.id, 'guardian', guardian.id, chat(i));
    }
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    // Noon in Moscow, outside quiet hours; nothing left from the test before.
    clock = new Date(`2026-11-${20 + (key % 7)}T09:00:00Z`);
    sender = new RecordingSender();
    await t.orm.em.fork().nativeDelete(Notification, {});
    await t.orm.em.fork().nativeUpdate(TelegramAccount, {}, { blockedAt: null });
  });

  it('sends nothing before the coalescing window ends, then one message per chat for what came together', async () => {
    await mark();
    await mark({ payload: markPayload({ value: 4, workType: 'Контрольная работа' }) });
    const d = dispatcher();
    expect(await d.runOnce()).toBe(0);
    later(30);
    expect(await d.runOnce()).toBe(GUARDIANS);
    expect(sender.sent).toHaveLength(GUARDIANS);
    expect(sender.to(chat(0))[0]!.text).toBe('🔔 Дневник: 2 новые записи\nАлексеев Пётр, математика, 20.11: 5 (ответ на уроке); 4 (контрольная работа)');
    const rows = await rowsOf(chat(0));
    expect(rows.map((r) => [r.status, r.attempts, r.messageId])).toEqual([['sent', 1, sender.to(chat(0))[0]!.messageId], ['sent', 1, sender.to(chat(0))[0]!.messageId]]);
    expect(rows[0]!.sentAt).toEqual(clock);
    expect(await d.runOnce()).toBe(0);
    expect(sender.sent).toHaveLength(GUARDIANS);
  });

  it('waits as long as a 429 says, then sends once', async () => {
    await mark();
    later(30);
    sender.failNext(chat(1), new RetryAfter(2));
    const d = dispatcher();
    await d.runOnce();
    expect(sender.to(chat(1))).toEqual([]);
    const [row] = await rowsOf(chat(1));
    expect(row).toMatchObject({ status: 'pending', attempts: 0, notBefore: new Date(clock.getTime() + 2000) });
    later(1);
    await d.runOnce();
    expect(sender.to(chat(1))).toEqual([]);
    later(1);
    await d.runOnce();
    expect(sender.to(chat(1))).toHaveLength(1);
    expect(sender.sent).toHaveLength(GUARDIANS);
  });

  it('retries 5xx and network errors with growing delays, and gives up after the last attempt', async () => {
    await mark();
    later(30);
    sender.failNext(chat(2), new TransientFailure('Telegram answered 502'), new TransientFailure('network: ECONNRESET'), new TransientFailure('timed out'));
    sender.failNext(chat(3), new TransientFailure('Telegram answered 500'));
    const d = dispatcher();
    await d.runOnce();
    const [first] = await rowsOf(chat(2));
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Telegram answered 502' });
    const delay1 = first!.notBefore.getTime() - clock.getTime();
    expect(delay1).toBeGreaterThanOrEqual(8_000);
    expect(delay1).toBeLessThanOrEqual(12_000);
    later(13);
    await d.runOnce();
    const [second] = await rowsOf(chat(2));
    expect(second).toMatchObject({ status: 'pending', attempts: 2, lastError: 'network: ECONNRESET' });
    expect(second!.notBefore.getTime() - clock.getTime()).toBeGreaterThanOrEqual(16_000);
    expect(sender.to(chat(3))).toHaveLength(1);
    later(25);
    await d.runOnce();
    expect((await rowsOf(chat(2)))[0]).toMatchObject({ status: 'failed', attempts: 3, lastError: 'timed out', sentAt: null });
    later(3600);
    await d.runOnce();
    expect(sender.to(chat(2))).toEqual([]);
  });

  it('fails a message Telegram refuses as such at once, and a kind with no renderer with the reason', async () => {
    await mark();
    const digest = renderers.digest;
    delete renderers.digest;
    try {
      await mark({ kind: 'digest', payload: {} });
      later(30);
      sender.failNext(chat(4), new MessageRejected('Bad Request: chat not found'));
      await dispatcher().runOnce();
    } finally {
      if (digest) renderers.digest = digest;
    }
    const rows = await rowsOf(chat(4));
    expect(rows.map((r) => [r.kind, r.status, r.lastError])).toEqual([
      ['mark', 'failed', 'Bad Request: chat not found'],
      ['digest', 'failed', 'no renderer for kind digest'],
    ]);
    expect((await rowsOf(chat(5))).map((r) => r.status)).toEqual(['sent', 'failed']);
  });

  it('stops for a chat that blocked the bot and resumes when its user writes again', async () => {
    await mark();
    later(30);
    sender.failNext(chat(6), new RecipientBlocked());
    const d = dispatcher();
    await d.runOnce();
    const account = await t.orm.em.fork().findOneOrFail(TelegramAccount, chat(6));
    expect(account.blockedAt).toEqual(clock);
    expect((await rowsOf(chat(6)))[0]).toMatchObject({ status: 'pending', lastError: 'recipient blocked the bot' });
    await mark();
    later(60);
    await d.runOnce();
    expect(sender.to(chat(6))).toEqual([]);
    expect(sender.calls.filter((c) => c === chat(6))).toHaveLength(1);

    // The user writes to the bot: the bot's locale middleware touches the account.
    await t.core.unitOfWork(() => new TelegramAccounts(() => t.orm.em).touch(chat(6)));
    await d.runOnce();
    expect(sender.to(chat(6))).toHaveLength(1);
    expect(sender.to(chat(6))[0]!.text).toContain('2 новые записи');
    expect((await rowsOf(chat(6))).every((r) => r.status === 'sent')).toBe(true);
  });

  it('serves the chats it can while a blocked chat has a backlog', async () => {
    const em = t.orm.em.fork();
    await em.nativeUpdate(TelegramAccount, { id: chat(9) }, { blockedAt: clock });
    for (let i = 0; i < 100; i++) {
      em.create(Notification, { school: s.school.id, telegramAccountId: chat(9), personKind: 'guardian', personId: 1, kind: 'mark', payload: markPayload(), eventKey: `backlog:${i}`, notBefore: new Date(clock.getTime() - 3600_000) });
    }
    await em.flush();
    await mark();
    later(30);
    // Four chats at a time, from the oldest 80 due rows: all of them the blocked chat's, were it not left out.
    expect(await dispatcher({ globalPerSecond: 1 }).runOnce()).toBe(4);
    expect(sender.to(chat(9))).toEqual([]);
  });

  it('skips what waited more than a week for a chat that blocked the bot', async () => {
    await mark();
    later(30);
    sender.failNext(chat(7), new RecipientBlocked());
    const d = dispatcher();
    await d.runOnce();
    later(6 * 24 * 3600);
    await d.runOnce();
    expect((await rowsOf(chat(7)))[0]!.status).toBe('pending');
    // The row was written on the dispatcher's clock: a week and a bit after it, it is abandoned.
    later(24 * 3600 + 60);
    await d.runOnce();
    expect((await rowsOf(chat(7)))[0]).toMatchObject({ status: 'skipped', lastError: 'recipient blocked the bot' });
    expect(sender.to(chat(7))).toEqual([]);
  });

  it('holds a due row while the recipient is in quiet hours', async () => {
    await mark();
    clock = new Date(clock.getTime() - 9 * 3600_000 + 20 * 3600_000); // 23:00 in Moscow
    await dispatcher().runOnce();
    expect(sender.sent).toEqual([]);
    const [row] = await rowsOf(chat(0));
    expect(row!.notBefore.toISOString()).toMatch(/T05:00:00\.000Z$/);
  });

  it('lets several dispatchers share the outbox: every row sent exactly once', async () => {
    for (let i = 0; i < 5; i++) await mark({ kind: i % 2 ? 'mark' : 'homework', payload: markPayload() });
    later(30);
    await Promise.all([dispatcher().runOnce(), dispatcher().runOnce(), dispatcher().runOnce()]);
    await Promise.all([dispatcher().runOnce(), dispatcher().runOnce()]);
    const rows = await t.orm.em.fork().find(Notification, {});
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const perChat = new Map<number, number>();
    for (const m of sender.sent) perChat.set(m.chatId, (perChat.get(m.chatId) ?? 0) + 1);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
    expect(perChat.size).toBe(GUARDIANS);
  });

  it('gives a crashed dispatcher\'s rows to another once its lease ends', async () => {
    await mark();
    later(30);
    const taken = await claimDue(t.orm.em.fork(), randomUUID(), clock, new Date(clock.getTime() + 120_000), 1000, []);
    expect(taken).toHaveLength(GUARDIANS);
    const d = dispatcher();
    expect(await d.runOnce()).toBe(0);
    later(121);
    expect(await d.runOnce()).toBe(GUARDIANS);
    expect(sender.sent).toHaveLength(GUARDIANS);
  });

  it('runs as a loop and stops gracefully', async () => {
    await mark();
    later(30);
    const d = dispatcher({ pollIntervalMs: 20 });
    d.start();
    for (let i = 0; i < 200 && sender.sent.length < GUARDIANS; i++) await new Promise((r) => setTimeout(r, 25));
    await d.stop();
    expect(sender.sent).toHaveLength(GUARDIANS);
  });
});
