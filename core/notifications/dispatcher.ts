import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import type { NotificationSettings } from '../base/config.js';
import { translator } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, isLanguage } from '../i18n/languages.js';
import type { Logger } from '../base/logger.js';
import type { Clock } from '../time/clock.js';
import { School } from '../school/school.entity.js';
import { TelegramAccount } from '../telegram/telegram-account.entity.js';
import { composeMessages, type Outgoing } from './compose.js';
import type { Renderers } from './renderers.js';
import type { Notification } from './notification.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { databaseErrorReason, isDatabaseUnavailable } from '../base/database-errors.js';
import { BLOCKED, chatWaits, claimDue, close, markBlocked, markSent, releaseChat, reschedule, skipAbandoned } from './outbox-store.js';
import { sleep } from '../base/sleep.js';
import { Pacer } from './pacer.js';
import { SharedSlots } from './send-slots.js';
import { afterQuietHours, effectiveQuietHours } from './quiet-hours.js';
import { MessageRejected, RecipientBlocked, RetryAfter, TransientFailure, type NotificationSender } from './sender.js';

export interface DispatcherDeps {
  orm: MikroORM;
  i18n: i18n;
  log: Logger;
  settings: NotificationSettings;
  sender: NotificationSender;
  /** How each kind becomes a message. */
  renderers: Renderers;
  /** The clock of due times, leases, back-off and the rows' stamps; pacing and the lease's own deadline use performance.now(). */
  clock: Clock;
}

/** Rows of a chat blocked for this long are skipped (H2: the user is gone). */
const ABANDONED_AFTER_MS = 7 * 24 * 3600_000;
const SWEEP_EVERY_MS = 60_000;
/**
 * A claimed row is sent only while its lease outlasts the send (its time-out) by this much, the time to
 * record the outcome: otherwise another dispatcher could take the rows while the message is on its way.
 */
const RECORD_MARGIN_MS = 2_000;

interface Chat {
  chatId: number;
  rows: Notification[];
  /** When the lease ends, on the process's own monotonic clock (performance.now()). */
  sendBy: number;
}

/**
 * Delivers the outbox (DESIGN "Notifications", H2): claims due rows chat by chat, coalesces each chat's
 * journal news into one message, sends through the NotificationSender port within Telegram's limits, and
 * records every outcome on the rows. Several instances may run at once (see claimDue); they pace to
 * Telegram's limits together, through a schedule and the chats' last messages kept in PostgreSQL (Pacer).
 */
export class Dispatcher {
  private readonly pacer: Pacer;
  private readonly active = new Map<number, Promise<void>>();
  private readonly abort = new AbortController();
  private loopDone: Promise<void> | undefined;
  /** performance.now() of the last sweep (none yet: -Infinity). */
  private lastSweep = Number.NEGATIVE_INFINITY;
  private recent429 = Number.NEGATIVE_INFINITY;
  /** The database is away: said once, and once again when it is back (not at every pass). */
  private databaseAway = false;
  /** Telegram is away (5xx, time-outs, cut connections): since when (performance.now()) and how many sends failed. */
  private telegramAway: { since: number; failures: number } | undefined;
  private readonly maxChats: number;
  /** This dispatcher's name on the chats it claims. */
  private readonly claimer = randomUUID();

  constructor(private readonly deps: DispatcherDeps) {
    this.pacer = new Pacer(deps.settings, new SharedSlots(() => deps.orm.em.fork()));
    // Every chat waiting for its turn listens for the stop.
    setMaxListeners(0, this.abort.signal);
    // Enough chats in hand to keep the global rate busy for a few seconds, even while chats wait out their interval.
    this.maxChats = Math.min(500, Math.max(4, Math.ceil(deps.settings.globalPerSecond * 4)));
  }

  /** Send moments of the shared schedule this dispatcher came to too late to use (the process was busy). */
  get momentsLetGo(): number {
    return this.pacer.momentsLetGo;
  }

  private now(): Date {
    return this.deps.clock.now();
  }

  /** Runs the loop until stop(). */
  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Stops claiming, lets messages on their way finish and gives back the rows not yet sent. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loopDone;
    await Promise.allSettled([...this.active.values()]);
  }

  /** One pass: claims what is due now and delivers it, returning how many chats it took. For tests and the benchmark. */
  async runOnce(): Promise<number> {
    await this.sweep(true);
    const chats = await this.claim(this.maxChats);
    await Promise.all(chats.map((chat) => this.deliver(chat)));
    return chats.length;
  }

  private async loop(): Promise<void> {
    const { signal } = this.abort;
    // The database away: the first reservation reads the clock instead, and the loop says the database is away.
    await this.pacer.calibrate().catch(() => undefined);
    while (!signal.aborted) {
      try {
        await this.sweep();
        const free = this.maxChats - this.active.size;
        const chats = free > 0 ? await this.claim(free) : [];
        for (const chat of chats) {
          const run = this.deliver(chat).finally(() => this.active.delete(chat.chatId));
          this.active.set(chat.chatId, run);
        }
        if (free > 0 && chats.length < free) await sleep(this.deps.settings.pollIntervalMs, signal);
        // Busy: claim again once a quarter of the chats in hand are done (or the poll interval passed), not after each one.
        else {
          const target = Math.floor(this.maxChats * 0.75);
          const polled = sleep(this.deps.settings.pollIntervalMs, signal).then(() => 'polled' as const);
          while (this.active.size > target && !signal.aborted) {
            if ((await Promise.race([polled, ...this.active.values()])) === 'polled') break;
          }
        }
        if (this.databaseAway) {
          this.databaseAway = false;
          this.deps.log.info('notification dispatcher: database back, delivering again');
        }
      } catch (err) {
        if (!isDatabaseUnavailable(err)) this.deps.log.error({ err }, 'notification dispatcher: pass failed');
        else if (!this.databaseAway) {
          this.databaseAway = true;
          this.deps.log.warn({ reason: databaseErrorReason(err) }, 'notification dispatcher: database unavailable, waiting for it');
        }
        await sleep(this.deps.settings.pollIntervalMs, signal);
      }
    }
  }

  private async sweep(now = false): Promise<void> {
    if (!now && performance.now() - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = performance.now();
    const at = this.now();
    const skipped = await skipAbandoned(this.deps.orm.em.fork(), new Date(at.getTime() - ABANDONED_AFTER_MS), at);
    if (skipped) this.deps.log.warn({ skipped }, 'notifications skipped: recipients blocked the bot over a week ago');
  }

  private async claim(maxChats: number): Promise<Chat[]> {
    const now = this.now();
    const leaseMs = this.deps.settings.leaseSeconds * 1000;
    const sendBy = performance.now() + leaseMs;
    const rows = await claimDue(this.deps.orm.em.fork(), this.claimer, now, new Date(now.getTime() + leaseMs), maxChats, [...this.active.keys()]);
    const byChat = new Map<number, Notification[]>();
    for (const row of rows) byChat.set(row.telegramAccountId, [...(byChat.get(row.telegramAccountId) ?? []), row]);
    // A chat may come here from another instance that sent it a message a moment ago: its interval holds here too.
    if (byChat.size > 0) {
      const waits = await chatWaits(this.deps.orm.em.fork(), [...byChat.keys()]);
      const at = performance.now();
      for (const [chatId, ms] of waits) this.pacer.holdChat(chatId, at + ms);
    }
    return [...byChat].map(([chatId, chatRows]) => ({ chatId, rows: chatRows.sort((a, b) => a.id - b.id), sendBy }));
  }

  /** Everything claimed for one chat, in order; whatever is not delivered goes back to the queue. */
  private async deliver(chat: Chat): Promise<void> {
    const em = this.deps.orm.em.fork();
    let pending: Notification[] = chat.rows;
    let back: { at: Date; error?: string } = { at: this.now() };
    try {
      const { language, held } = await this.recipient(chat);
      if (held) {
        back = { at: held };
        return;
      }
      const { messages, unrenderable } = composeMessages(translator(this.deps.i18n, language), pending, this.deps.renderers);
      for (const { reason, rows } of unrenderable) {
        this.deps.log.error({ reason, notificationIds: ids(rows) }, 'notifications cannot be rendered: marked failed');
        await close(em, ids(rows), 'failed', reason, this.now());
      }
      for (const [i, message] of messages.entries()) {
        pending = messages.slice(i).flatMap((m) => m.rows);
        if (message.message.text === '') {
          await close(em, ids(message.rows), 'skipped', 'nothing left to say', this.now());
          continue;
        }
        const outcome = await this.send(chat, message);
        if (outcome === 'done') continue;
        // This message's rows are recorded; the chat's later messages wait as long, so as not to overtake it.
        if (outcome.recorded) pending = messages.slice(i + 1).flatMap((m) => m.rows);
        back = outcome;
        return;
      }
      pending = [];
    } catch (err) {
      this.deps.log.error({ err, notificationIds: ids(pending) }, 'notification delivery failed');
    } finally {
      if (pending.length) await reschedule(em, ids(pending), back.at, this.now(), { error: back.error }).catch(() => undefined);
      // Not released (the database away): the chat waits for the lease to end, as after a crash.
      await releaseChat(em, this.claimer, chat.chatId).catch(() => undefined);
    }
  }

  /** The recipient's language, and the end of its quiet hours if they hold the chat's messages now. */
  private async recipient(chat: Chat): Promise<{ language: typeof DEFAULT_LANGUAGE; held?: Date }> {
    const em = this.deps.orm.em.fork();
    const [account, preference, schools] = await Promise.all([
      em.findOne(TelegramAccount, chat.chatId),
      em.findOne(NotificationPreference, chat.chatId),
      em.find(School, { id: { $in: [...new Set(chat.rows.map((r) => r.school.id))] } }),
    ]);
    const language = account && isLanguage(account.language) ? account.language : DEFAULT_LANGUAGE;
    const now = this.now();
    for (const school of schools) {
      const until = afterQuietHours(now, effectiveQuietHours(school, preference), school.timeZone);
      if (until > now) return { language, held: until };
    }
    return { language };
  }

  /**
   * Sends one message and records the outcome: 'done', or when the chat's remaining messages may be tried
   * again (`recorded`: this message's rows are already rescheduled or closed).
   */
  private async send(chat: Chat, outgoing: Outgoing): Promise<'done' | { at: Date; error?: string; recorded: boolean }> {
    let previousDone: number;
    try {
      ({ previousDone } = await this.pacer.acquire(chat.chatId, this.abort.signal));
    } catch {
      return { at: this.now(), recorded: false };
    }
    const startedAt = performance.now();
    let result: { messageId: number } | Error;
    try {
      // Stopping, or the lease too near its end for another dispatcher not to take these rows: give them back.
      if (this.abort.signal.aborted || startedAt > chat.sendBy - this.deps.settings.sendTimeoutMs - RECORD_MARGIN_MS) return { at: this.now(), recorded: false };
      result = await this.deps.sender.send(chat.chatId, outgoing.message).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err))));
    } finally {
      this.pacer.done(chat.chatId);
    }
    return this.record(chat, outgoing, result, this.pacer.keptChatInterval(previousDone, startedAt));
  }

  /** Writes what became of a message; `keptChatInterval`: our pacing left the chat its full interval. */
  private async record(chat: Chat, outgoing: Outgoing, result: { messageId: number } | Error, keptChatInterval: boolean): Promise<'done' | { at: Date; error?: string; recorded: boolean }> {
    const em = this.deps.orm.em.fork();
    const rowIds = ids(outgoing.rows);
    if (!(result instanceof Error)) {
      await markSent(em, rowIds, result.messageId, this.now(), { chatId: chat.chatId, intervalMs: this.pacer.chatIntervalMs });
      if (this.telegramAway) {
        const { since, failures } = this.telegramAway;
        this.telegramAway = undefined;
        this.deps.log.info({ failedSends: failures, awaySeconds: Math.round((performance.now() - since) / 1000) }, 'Telegram answers again: notifications are delivered');
      }
      return 'done';
    }
    const err = result;
    const now = this.now();
    if (err instanceof RetryAfter) {
      const ms = err.seconds * 1000;
      // Our pacing kept this chat within its limit, or another chat was refused just now: the whole bot floods.
      const wholeBot = keptChatInterval || performance.now() - this.recent429 < 1000;
      this.recent429 = performance.now();
      if (wholeBot) {
        // The other instances learn of the pause from the database; if it cannot be written, this one pauses alone.
        await this.pacer.pauseAll(performance.now() + ms).catch((err: unknown) => {
          this.deps.log.warn({ reason: databaseErrorReason(err) }, 'Telegram asked to slow down (429), and the pause could not be shared with other instances');
        });
      }
      this.deps.log.warn({ notificationIds: rowIds, retryAfter: err.seconds, wholeBot }, 'Telegram asked to slow down (429)');
      return { at: new Date(now.getTime() + ms), error: err.message, recorded: false };
    }
    if (err instanceof RecipientBlocked) {
      await markBlocked(em, chat.chatId, now);
      this.deps.log.info({ notificationIds: rowIds }, 'recipient blocked the bot: its notifications wait until it writes again');
      return { at: now, error: BLOCKED, recorded: false };
    }
    const reason = err.message;
    const attempts = Math.max(...outgoing.rows.map((r) => r.attempts)) + 1;
    if (err instanceof MessageRejected || attempts >= this.deps.settings.maxAttempts) {
      await close(em, rowIds, 'failed', reason, now, true);
      this.deps.log.error({ notificationIds: rowIds, attempts, reason }, 'notification failed: given up');
      return 'done';
    }
    const delay = Math.min(3600, this.deps.settings.retryBaseSeconds * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
    const at = new Date(now.getTime() + delay * 1000);
    await reschedule(em, rowIds, at, now, { countAttempt: true, error: reason });
    const details = { notificationIds: rowIds, attempts, reason, retryInSeconds: Math.round(delay) };
    if (!(err instanceof TransientFailure)) this.deps.log.warn(details, 'notification will be retried');
    // Telegram away: one line when it starts and one when it answers again, not one per try of every chat.
    else if (this.telegramAway) {
      this.telegramAway.failures++;
      this.deps.log.debug(details, 'notification will be retried');
    } else {
      this.telegramAway = { since: performance.now(), failures: 1 };
      this.deps.log.warn(details, 'Telegram does not answer: notifications are retried until it does');
    }
    return { at, recorded: true };
  }
}

const ids = (rows: Notification[]) => rows.map((r) => r.id);
