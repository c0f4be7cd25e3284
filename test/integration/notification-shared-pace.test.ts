import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher } from '../../core/notifications/dispatcher.js';
import { Notification } from '../../core/notifications/notification.entity.js';
import type { OutboxEvent } from '../../core/notifications/outbox.js';
import { claimDue } from '../../core/notifications/outbox-store.js';
import { Pacer } from '../../core/notifications/pacer.js';
import { PacerState } from '../../core/notifications/pacer-state.entity.js';
import { SharedSlots } from '../../core/notifications/send-slots.js';
import { RetryAfter, type NotificationSender, type OutgoingMessage } from '../../core/notifications/sender.js';
import { renderers } from '../../core/notification-renderers.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';
import { clockFrom } from '../../core/time/clock.js';
import { FloodControl, type Limits } from '../../telegram-emulator/flood-control.js';
import { addGuardian, bindTelegram, enqueueAt } from '../support/notification-fixture.js';
import { RecordingSender, markPayload } from '../support/notification-sender.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const GUARDIANS = 6;
const FIRST_CHAT = 8300;

/**
 * Telegram as the project's Bot API emulator models its limits (telegram-emulator/flood-control.ts: a bucket
 * of one second's messages for the bot, one message a second per chat): a send over a limit is refused
 * with a 429 and counted; every send is recorded with its moment (performance.now()).
 */
class JudgedSender implements NotificationSender {
  readonly sent: { chatId: number; at: number }[] = [];
  readonly refused: { chatId: number; at: number }[] = [];
  private readonly flood: FloodControl;
  private nextId = 1;

  constructor(limits: Limits, private readonly refuseFirstOf?: number) {
    this.flood = new FloodControl(limits, () => performance.now());
  }

  send(chatId: number, _message: OutgoingMessage): Promise<{ messageId: number }> {
    const at = performance.now();
    if (this.refuseFirstOf === chatId && !this.refused.some((r) => r.chatId === chatId)) {
      this.refused.push({ chatId, at });
      return Promise.reject(new RetryAfter(1));
    }
    const wait = this.flood.take(String(chatId));
    if (wait !== undefined) {
      this.refused.push({ chatId, at });
      return Promise.reject(new RetryAfter(wait));
    }
    this.sent.push({ chatId, at });
    return Promise.resolve({ messageId: this.nextId++ });
  }
}

/** A RecordingSender whose first send to one chat waits until the test lets it go: that chat's claimer is busy with it. */
class HeldSender extends RecordingSender {
  private release!: () => void;
  private readonly released = new Promise<void>((resolve) => { this.release = resolve; });
  readonly entered: Promise<void>;
  private enter!: () => void;
  private heldOnce = false;
  private inFlight = 0;
  /** Sends to the held chat that were on their way at once (two instances serving it together make 2). */
  mostInFlight = 0;

  constructor(private readonly held: number) {
    super();
    this.entered = new Promise<void>((resolve) => { this.enter = resolve; });
  }

  override async send(chatId: number, message: OutgoingMessage): Promise<{ messageId: number }> {
    if (chatId !== this.held) return super.send(chatId, message);
    const first = !this.heldOnce;
    this.heldOnce = true;
    this.mostInFlight = Math.max(this.mostInFlight, ++this.inFlight);
    try {
      // Only the first send is held: a second one would be another instance's, answered at once.
      if (first) {
        this.enter();
        await this.released;
      }
      return await super.send(chatId, message);
    } finally {
      this.inFlight--;
    }
  }

  letGo(): void {
    this.release();
  }
}

describe('dispatchers of several instances pace together through PostgreSQL (issue 17)', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let clock: Date;
  let key = 0;
  const chat = (i: number) => FIRST_CHAT + i;

  const dispatcher = (sender: NotificationSender, over: Partial<TestCore['core']['config']['notifications']> = {}) => new Dispatcher({
    renderers, orm: t.orm, i18n: t.core.i18n, log: t.core.log, sender, clock: clockFrom(() => clock),
    settings: { ...t.core.config.notifications, globalPerSecond: 500, perChatPerSecond: 1, ...over },
  });
  const mark = async () => {
    const event: OutboxEvent = { schoolId: s.school.id, kind: 'mark', studentId: s.studentB.id, payload: markPayload(), eventKey: `shared:${++key}` };
    await t.orm.em.fork().transactional((em) => enqueueAt(em, event, clock));
  };
  const later = (seconds: number) => { clock = new Date(clock.getTime() + seconds * 1000); };

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
    const em = t.orm.em.fork();
    for (let i = 0; i < GUARDIANS; i++) {
      const guardian = await addGuardian(em, s.school.id, s.studentB.id, `Сергеева${'а'.repeat(i % 3)}`);
      await bindTelegram(em, s.school.id, 'guardian', guardian.id, chat(i));
    }
  });
  afterAll(async () => {
    await t?.close();
  });
  beforeEach(async () => {
    clock = new Date(`2026-11-${20 + (key % 7)}T09:00:00Z`);
    await t.orm.em.fork().nativeDelete(Notification, {});
    await t.orm.em.fork().nativeDelete(PacerState, {});
    await t.orm.em.fork().nativeUpdate(TelegramAccount, {}, { nextMessageAt: null });
    await t.orm.em.fork().execute('delete from notification_chat_claim');
  });

  it('keeps three instances together within the bot\'s limit, each sending as fast as it is let', async () => {
    const limits = { globalPerSecond: 40, perChatPerSecond: 1 };
    const judge = new FloodControl(limits, () => performance.now());
    const sends: { instance: number; at: number }[] = [];
    let refused = 0;
    // Three instances, each with its own pacer on the one database, each with 40 chats to serve at once.
    const instances = [0, 1, 2].map((instance) => ({ instance, pacer: new Pacer(limits, new SharedSlots(() => t.orm.em.fork())) }));
    await Promise.all(instances.flatMap(({ instance, pacer }) => Array.from({ length: 40 }, async (_, i) => {
      const chatId = 100_000 * (instance + 1) + i;
      await pacer.acquire(chatId);
      if (judge.take(String(chatId)) === undefined) sends.push({ instance, at: performance.now() });
      else refused++;
      pacer.done(chatId);
    })));
    expect(refused).toBe(0);
    expect(sends).toHaveLength(120);
    // They did send side by side: each instance had sent by the time a third of all messages had gone.
    sends.sort((a, b) => a.at - b.at);
    expect(new Set(sends.slice(0, 40).map((x) => x.instance)).size).toBe(3);
  });

  it('keeps a chat\'s interval when its next message is sent by another instance', async () => {
    const sender = new JudgedSender({ globalPerSecond: 500, perChatPerSecond: 1 });
    await mark();
    later(30);
    expect(await dispatcher(sender).runOnce()).toBe(GUARDIANS);
    // The chats' next news, due at once, is taken by another instance with a pacer of its own.
    await mark();
    later(30);
    expect(await dispatcher(sender).runOnce()).toBe(GUARDIANS);
    expect(sender.refused).toEqual([]);
    for (let i = 0; i < GUARDIANS; i++) expect(sender.sent.filter((m) => m.chatId === chat(i))).toHaveLength(2);
  });

  it('pauses every instance when one of them is told the whole bot floods', async () => {
    const limits = { globalPerSecond: 500, perChatPerSecond: 1 };
    // Another instance is busy sending, a chat at a time.
    const other = new Pacer(limits, new SharedSlots(() => t.orm.em.fork()));
    const otherSends: number[] = [];
    let sending = true;
    const busy = (async () => {
      for (let i = 0; sending; i++) {
        await other.acquire(200_000 + i);
        otherSends.push(performance.now());
        other.done(200_000 + i);
      }
    })();
    // This one gets a 429 for a chat it had left its interval: the whole bot floods.
    const sender = new JudgedSender({ globalPerSecond: 500, perChatPerSecond: 1 }, chat(0));
    await mark();
    later(30);
    await dispatcher(sender).runOnce();
    const floodAt = sender.refused[0]!.at;
    await new Promise((r) => setTimeout(r, Math.max(0, floodAt + 1300 - performance.now())));
    sending = false;
    await busy;
    const [state] = await t.orm.em.fork().find(PacerState, {});
    expect(state!.pausedUntil).not.toBeNull();
    // The other instance sent the moments it held already (a few), then nothing for the second asked: nothing
    // from half a second in (time enough, on a busy machine, to write the pause and use up those moments).
    expect(otherSends.filter((at) => at > floodAt + 500 && at < floodAt + 1000)).toEqual([]);
    expect(otherSends.some((at) => at >= floodAt + 1000)).toBe(true);
    // This instance's other chats not yet sent waited out the pause too.
    expect(sender.sent.filter((m) => m.at > floodAt && m.at < floodAt + 1000)).toEqual([]);
  });
  it('serves a chat with one instance at a time: its row falling due while another holds the chat waits for that one', async () => {
    // One Telegram for both instances: what it was sent, and how many sends to the held chat were under way at once.
    const telegram = new HeldSender(chat(0));
    const fast = { perChatPerSecond: 100 };
    await mark();
    later(30);
    // Instance A claims every chat; its message to chat 0 is on its way (Telegram slow to answer).
    const a = dispatcher(telegram, fast).runOnce();
    await telegram.entered;
    // Its other chats are done and let go; only chat 0 is still claimed.
    while (Number((await t.orm.em.fork().execute<{ n: string }[]>('select count(*) n from notification_chat_claim'))[0]!.n) > 1) await new Promise((r) => setTimeout(r, 10));
    // The chat's next news falls due meanwhile; instance B serves every other chat, and not chat 0.
    await mark();
    later(30);
    const b = dispatcher(telegram, fast);
    expect(await b.runOnce()).toBe(GUARDIANS - 1);
    expect(telegram.to(chat(0))).toHaveLength(0);
    expect((await t.orm.em.fork().find(Notification, { telegramAccountId: chat(0) }, { orderBy: { id: 'asc' } })).map((r) => r.status)).toEqual(['pending', 'pending']);
    // A is done with the chat: B takes its news now.
    telegram.letGo();
    expect(await a).toBe(GUARDIANS);
    expect(await b.runOnce()).toBe(1);
    expect(telegram.mostInFlight).toBe(1);
    for (let i = 0; i < GUARDIANS; i++) expect(telegram.to(chat(i))).toHaveLength(2);
    expect(await t.orm.em.fork().count(Notification, { status: { $ne: 'sent' } })).toBe(0);
  });

  it('gives the chats of an instance that died to another once its lease ends, news that came since included', async () => {
    const sender = new RecordingSender();
    await mark();
    later(30);
    // An instance claims every chat and dies before sending anything.
    expect(await claimDue(t.orm.em.fork(), randomUUID(), clock, new Date(clock.getTime() + 120_000), 100, [])).toHaveLength(GUARDIANS);
    await mark();
    later(30);
    const other = dispatcher(sender, { perChatPerSecond: 100 });
    expect(await other.runOnce()).toBe(0);
    later(91);
    expect(await other.runOnce()).toBe(GUARDIANS);
    // The claimed rows and the news that fell due meanwhile went out together, one message a chat.
    expect(sender.sent).toHaveLength(GUARDIANS);
    expect(await t.orm.em.fork().count(Notification, { status: 'sent' })).toBe(2 * GUARDIANS);
  });
});
