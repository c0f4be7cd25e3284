import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Notification } from '../../core/notifications/notification.entity.js';
import { claimDue } from '../../core/notifications/outbox-store.js';
import { Outbox, type OutboxEvent } from '../../core/notifications/outbox.js';
import { fixedClock } from '../../core/time/clock.js';
import { DEFAULT_COALESCING, addGuardian, bindTelegram, enqueueAt, recordConsent } from '../support/notification-fixture.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

// 12:00 in Moscow (UTC+3), outside the school's quiet hours (21:00–08:00).
const NOON = new Date('2026-11-20T09:00:00Z');
const CHAT = { guardianA: 7101, studentA: 7102, guardianB: 7103 };
const LESSON = 501;
const OTHER_LESSON = 502;
const at = (seconds: number, from = NOON) => new Date(from.getTime() + seconds * 1000);

describe('the outbox\'s batches: one message per lesson entry, soon after it ends, the window as the bound (issue 18)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let key = 0;

  const event = (studentId: number, lessonId: number | null = LESSON): OutboxEvent => ({
    schoolId: s.school.id, kind: 'mark', studentId, lessonId, payload: { value: 5 }, eventKey: `batch:${++key}`,
  });
  const write = (e: OutboxEvent, when: Date) => t.orm.em.fork().transactional((em) => enqueueAt(em, e, when));
  const outbox = (when: Date) => new Outbox(DEFAULT_COALESCING, fixedClock(when));
  const endEntry = (lessonId: number, when: Date) => t.orm.em.fork().transactional((em) => outbox(when).endLessonEntry(em, lessonId));
  const goesOn = (lessonId: number, when: Date) => t.orm.em.fork().transactional((em) => outbox(when).continueLessonEntry(em, lessonId));
  /** The due times of a chat's pending rows, in seconds after `from`. */
  const dueOf = async (chat: number, from = NOON) => {
    const rows = await t.orm.em.fork().find(Notification, { telegramAccountId: chat, status: 'pending' }, { orderBy: { id: 'asc' } });
    return rows.map((r) => (r.notBefore.getTime() - from.getTime()) / 1000);
  };

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
    const em = t.orm.em.fork();
    await recordConsent(em, s.school.id, s.guardianA.id, 'given');
    await bindTelegram(em, s.school.id, 'guardian', s.guardianA.id, CHAT.guardianA);
    await bindTelegram(em, s.school.id, 'student', s.studentA.id, CHAT.studentA);
    const ofB = await addGuardian(em, s.school.id, s.studentB.id, 'Борисова');
    await bindTelegram(em, s.school.id, 'guardian', ofB.id, CHAT.guardianB);
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    await t.orm.em.fork().nativeDelete(Notification, {});
  });

  it('makes a chat\'s batch due the idle time after its last event, and never later than the window after its first', async () => {
    await write(event(s.studentA.id, null), NOON);
    expect(await dueOf(CHAT.guardianA)).toEqual([10]);
    // Events 8 s apart, without a pause of 10 s: the batch waits for the next, up to its 120 s.
    for (let second = 8; second <= 112; second += 8) await write(event(s.studentA.id, null), at(second));
    expect(await dueOf(CHAT.guardianA)).toEqual(Array(15).fill(120));
    // Past the window the batch is due and closed: the next event opens a batch of its own.
    await write(event(s.studentA.id, null), at(121));
    expect(await dueOf(CHAT.guardianA)).toEqual([...Array(15).fill(120), 131]);
  });

  it('keeps every chat of a lesson waiting while the lesson\'s entry goes on, whoever the news is about; another lesson\'s entry does not', async () => {
    await write(event(s.studentA.id), NOON);
    await write(event(s.studentB.id, OTHER_LESSON), at(2));
    // The teacher marks B in the first lesson 8 s later: A's chats wait too, B's batch (both lessons) slides with it.
    await write(event(s.studentB.id), at(8));
    expect(await dueOf(CHAT.guardianA)).toEqual([18]);
    expect(await dueOf(CHAT.studentA)).toEqual([18]);
    expect(await dueOf(CHAT.guardianB)).toEqual([18, 18]);
    // News of the other lesson moves B's batch only.
    await write(event(s.studentB.id, OTHER_LESSON), at(14));
    expect(await dueOf(CHAT.guardianA)).toEqual([18]);
    expect(await dueOf(CHAT.guardianB)).toEqual([24, 24, 24]);
  });

  it('keeps a lesson\'s batches waiting while the teacher taps on its screens without news, within the window', async () => {
    await write(event(s.studentA.id), NOON);
    await write(event(s.studentB.id, OTHER_LESSON), NOON);
    await goesOn(LESSON, at(7));
    expect(await dueOf(CHAT.guardianA)).toEqual([17]);
    expect(await dueOf(CHAT.guardianB)).toEqual([10]);
    await goesOn(LESSON, at(115));
    expect(await dueOf(CHAT.guardianA)).toEqual([120]);
  });

  it('sends a lesson\'s batches at once when its entry ends; what comes after opens new batches', async () => {
    await write(event(s.studentA.id), NOON);
    await write(event(s.studentB.id, OTHER_LESSON), at(1));
    await endEntry(LESSON, at(5));
    expect(await dueOf(CHAT.guardianA)).toEqual([5]);
    expect(await dueOf(CHAT.studentA)).toEqual([5]);
    // Not a chat of that lesson: it keeps its idle time.
    expect(await dueOf(CHAT.guardianB)).toEqual([11]);
    // A later entry does not hold back the batch whose lesson was done: it gets its own.
    await write(event(s.studentA.id), at(6));
    expect(await dueOf(CHAT.guardianA)).toEqual([5, 16]);
    // Ending an entry twice, or one with nothing waiting, changes nothing else.
    await endEntry(LESSON, at(7));
    await endEntry(999_999, at(7));
    expect(await dueOf(CHAT.guardianA)).toEqual([5, 7]);
    expect(await dueOf(CHAT.guardianB)).toEqual([11]);
  });

  it('still holds quiet hours: an entry ended or idle in the evening goes out at 08:00', async () => {
    const evening = new Date('2026-11-20T17:59:58Z'); // 20:59:58 in Moscow
    await write(event(s.studentA.id), evening);
    const late = new Date('2026-11-20T18:10:00Z'); // 21:10
    await write(event(s.studentB.id), late);
    await endEntry(LESSON, at(30, late));
    const morning = new Date('2026-11-21T05:00:00Z').getTime();
    for (const chat of Object.values(CHAT)) {
      const rows = await t.orm.em.fork().find(Notification, { telegramAccountId: chat });
      expect(rows.map((r) => r.notBefore.getTime()), `chat ${chat}`).toEqual(rows.map(() => morning));
    }
  });

  it('leaves a batch a dispatcher claimed alone: new events neither join nor move it', async () => {
    await write(event(s.studentA.id), NOON);
    const lease = at(130);
    const claimed = await claimDue(t.orm.em.fork(), randomUUID(), at(10), lease, 10, []);
    expect(claimed.map((r) => r.telegramAccountId).sort()).toEqual([CHAT.guardianA, CHAT.studentA]);
    expect(claimed.every((r) => r.openUntil === null)).toBe(true);
    await write(event(s.studentA.id), at(11));
    await endEntry(LESSON, at(12));
    expect(await dueOf(CHAT.guardianA)).toEqual([130, 12]);
  });

  it('skips rows another transaction holds (a dispatcher claiming them) instead of waiting for it', async () => {
    await write(event(s.studentA.id), NOON);
    await t.orm.em.fork().transactional(async (claiming) => {
      await claiming.execute('select id from notification where telegram_account_id = ? for update', [CHAT.guardianA]);
      // Without SKIP LOCKED this would wait for the transaction it runs inside of: the test would hang.
      await write(event(s.studentA.id), at(5));
      await endEntry(LESSON, at(6));
    });
    expect(await dueOf(CHAT.guardianA)).toEqual([10, 6]);
    expect(await dueOf(CHAT.studentA)).toEqual([6, 6]);
  });
});
