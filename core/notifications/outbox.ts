import { FlushMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { guardiansWithConsent, withConsent } from '../access/relations.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { School } from '../school/school.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { Notification, type NotificationKind } from './notification.entity.js';
import { applySchedule, joinBatch, openBatches, planSchedule, scheduleBatches, unflushedRows, type Batches, type CoalescingSettings, type Known, type Schedule } from './coalescing.js';
import type { Clock } from '../time/clock.js';

export type RecipientKind = 'guardian' | 'student' | 'staff';

export interface OutboxEvent {
  schoolId: number;
  kind: NotificationKind;
  /** The child concerned: by default the recipients are its guardians (with consent given, bound in Telegram) and the student itself. */
  studentId?: number | null;
  /** Explicit recipients instead (e.g. an announcement to a class, a message to one guardian or to a teacher). */
  to?: { personKind: RecipientKind; personId: number }[];
  /** The lesson whose entry this is part of (a mark, an absence, homework): the entry goes on while its events come. */
  lessonId?: number | null;
  payload: Record<string, unknown>;
  /** Stable per event (e.g. `mark:123:v1`): the same event enqueued twice is stored once per chat. */
  eventKey: string;
}

/**
 * The transactional outbox (D10): services write the notification rows of an event in the caller's unit of
 * work, so they are persisted by the caller's flush, in the transaction of the change they report; a
 * refused or rolled-back change leaves none. One row per chat of each recipient, that is per Telegram
 * binding in force now.
 *
 * Coalescing happens here and only here (coalescing.ts), so that a guardian hears of a lesson's entry once,
 * soon after the teacher is done with it. A chat's first event opens a batch, capped at `coalesceSeconds`
 * after it; its later events join the batch until a dispatcher claims it. The batch is due `idleSeconds`
 * after the last event of the chat or of the lessons its rows belong to (whoever they are about: the teacher
 * is still entering that lesson) or the teacher's last tap on that lesson (`continueLessonEntry`), at most at
 * its cap, and at once when the lesson's entry ends (`endLessonEntry`: the teacher left the lesson, or set
 * its homework). Quiet hours move every due time on.
 * The dispatcher sends whatever is due, a chat's due rows as one message.
 */
export class Outbox {
  constructor(
    private readonly settings: CoalescingSettings,
    private readonly clock: Clock,
  ) {}

  /** Writes the rows of `events`, with a handful of queries whatever their number; returns how many rows. */
  async enqueue(em: EntityManager, events: OutboxEvent | readonly OutboxEvent[]): Promise<number> {
    return enqueueAll(em, Array.isArray(events) ? events : [events as OutboxEvent], this.clock.now(), this.settings);
  }

  /**
   * enqueue's work for a change that read what enqueue reads itself (OutboxReads, at `now`) and writes with
   * its own statement: the rows of `events`, scheduled, and when the batches they join (and the other open
   * batches read) are due; the latter for scheduleCtes, which moves the rows already in the database.
   */
  plan(events: readonly OutboxEvent[], reads: OutboxReads, now: Date): { rows: OutboxRow[]; schedule: Schedule } {
    const rows = planRows(events, reads, now, this.settings);
    const schedule = planSchedule(reads.batches, entryGoesOn(now, this.settings), undefined, reads.known.preferences, reads.known.schools);
    for (const row of rows) applySchedule(schedule, row, now);
    return { rows, schedule };
  }

  /**
   * When the open batches of a lesson's entry (`batches`, read at `now`) are due, the entry having ended (at
   * once, their caps brought down to now) or going on (the idle time again): endLessonEntry's and
   * continueLessonEntry's plan, for a change that read the batches itself and moves them with scheduleCtes.
   */
  entrySchedule(batches: Batches, known: Omit<Known, 'preferenceChats'>, now: Date, ended: boolean): Schedule {
    return ended
      ? planSchedule(batches, (cap) => cap, now, known.preferences, known.schools)
      : planSchedule(batches, entryGoesOn(now, this.settings), undefined, known.preferences, known.schools);
  }

  /** The teacher's entry of the lesson is over: the open batches holding its events are due now (quiet hours still hold). */
  async endLessonEntry(em: EntityManager, lessonId: number): Promise<void> {
    const now = this.clock.now();
    await scheduleBatches(em, await openBatches(em, now, [], [lessonId]), now, (cap) => cap, now);
  }

  /** The teacher is still at the lesson (a tap on its screens, no news yet): its open batches wait the idle time again. */
  async continueLessonEntry(em: EntityManager, lessonId: number): Promise<void> {
    const now = this.clock.now();
    await scheduleBatches(em, await openBatches(em, now, [], [lessonId]), now, entryGoesOn(now, this.settings));
  }
}

async function enqueueAll(em: EntityManager, events: readonly OutboxEvent[], now: Date, settings: CoalescingSettings): Promise<number> {
  if (events.length === 0) return 0;
  // Reads only: the caller's pending changes are the caller's to flush.
  const read = { flushMode: FlushMode.COMMIT } as const;
  const lessonIds = unique(events.flatMap((e) => (e.lessonId ? [e.lessonId] : [])));

  const childIds = unique(events.flatMap((e) => (!e.to && e.studentId ? [e.studentId] : [])));
  // No consent, no guardian account (G2): a child's guardians are told only while their consent is in force.
  const guardiansOf = await guardiansWithConsent(em, childIds);
  const recipients = recipientsOf(events, guardiansOf);

  // Guardians named explicitly (a message, a digest) are held to the same rule.
  const named = unique(events.flatMap((e) => e.to ?? []).filter((r) => r.personKind === 'guardian').map((r) => r.personId));
  const consented = new Set([...[...guardiansOf.values()].flat(), ...(await withConsent(em, named))]);

  const byKind = (kind: RecipientKind) => unique(recipients.flat().filter((r) => r.personKind === kind && (kind !== 'guardian' || consented.has(r.personId))).map((r) => r.personId));
  const or = (['guardian', 'student', 'staff'] as const).flatMap((kind) => {
    const ids = byKind(kind);
    return ids.length ? [{ personKind: kind, personId: { $in: ids } }] : [];
  });
  const schoolIds = unique(events.map((e) => e.schoolId));
  const bindings = or.length ? await em.find(TelegramBinding, { revokedAt: null, school: { $in: schoolIds }, $or: or }, read) : [];

  const chatIds = unique(bindings.map((b) => b.telegramAccount.id));
  const keys = unique(events.map((e) => e.eventKey));
  // One after another: in a transaction they share one connection.
  const preferences = chatIds.length ? await em.find(NotificationPreference, { telegramAccountId: { $in: chatIds } }, read) : [];
  // The chats' rows of these events (duplicates), and the open batches they and the lessons' other chats have.
  const existing = chatIds.length ? await em.find(Notification, { telegramAccountId: { $in: chatIds }, eventKey: { $in: keys } }, { ...read, fields: ['telegramAccountId', 'eventKey'] }) : [];
  const batches = await openBatches(em, now, chatIds, lessonIds);
  const schools = await em.find(School, { id: { $in: schoolIds } }, read);
  const reads: OutboxReads = {
    recipients,
    consented,
    bindings: bindings.map((b) => ({ school: b.school.id, personKind: b.personKind, personId: b.personId, chat: b.telegramAccount.id })),
    known: { preferenceChats: new Set(chatIds), preferences: new Map(preferences.map((p) => [p.telegramAccountId, p])), schools: new Map(schools.map((s) => [s.id, s])) },
    taken: new Set([...existing, ...unflushedRows(em)].map((row) => `${row.telegramAccountId}|${row.eventKey}`)),
    batches,
  };
  const rows = planRows(events, reads, now, settings);
  for (const row of rows) em.create(Notification, row);
  // The chats told now, and every chat waiting for news of these lessons: the entries go on, so their batches wait.
  await scheduleBatches(em, batches, now, entryGoesOn(now, settings), undefined, reads.known);
  return rows.length;
}

/** A notification row as the outbox writes it. */
export interface OutboxRow {
  school: number;
  telegramAccountId: number;
  personKind: RecipientKind;
  personId: number;
  studentId: number | null;
  lessonId: number | null;
  kind: NotificationKind;
  payload: Record<string, unknown>;
  eventKey: string;
  status: 'pending';
  notBefore: Date;
  openUntil: Date;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What enqueue reads before it writes, however it was read: each event's recipients (recipientsOf), the
 * guardians among them whose consent is in force, their live bindings, the chats' preferences and their
 * schools (`known`), the rows there are already (`chat|eventKey`), and the open batches of the chats and of
 * the events' lessons (added to as rows join them).
 */
export interface OutboxReads {
  recipients: readonly (readonly Recipient[])[];
  consented: ReadonlySet<number>;
  bindings: readonly { school: number; personKind: RecipientKind; personId: number; chat: number }[];
  known: Known;
  taken: Set<string>;
  batches: Batches;
}

export interface Recipient {
  personKind: RecipientKind;
  personId: number;
}

/** Each event's recipients: the ones it names, or the child's guardians (`guardiansOf`, with consent) and the child. */
export function recipientsOf(events: readonly OutboxEvent[], guardiansOf: ReadonlyMap<number, readonly number[]>): Recipient[][] {
  return events.map((e) => e.to ?? (e.studentId
    ? [...(guardiansOf.get(e.studentId) ?? []).map((id) => ({ personKind: 'guardian' as const, personId: id })), { personKind: 'student' as const, personId: e.studentId }]
    : []));
}

/** How a batch a change joins is due: the idle time after now, at most at its cap (the entry goes on). */
export function entryGoesOn(now: Date, settings: CoalescingSettings): (cap: Date) => Date {
  const idleUntil = new Date(now.getTime() + settings.idleSeconds * 1000);
  return (cap) => (idleUntil < cap ? idleUntil : cap);
}

/**
 * The rows of `events`, one per chat of each recipient, each joining its chat's batch (or opening one): none
 * for a chat that has the event already or turned its kind off. Marks what it plans as taken.
 */
export function planRows(events: readonly OutboxEvent[], reads: OutboxReads, now: Date, settings: CoalescingSettings): OutboxRow[] {
  const chatsOf = new Map<string, number[]>();
  for (const b of reads.bindings) {
    const key = `${b.school}:${b.personKind}:${b.personId}`;
    chatsOf.set(key, [...(chatsOf.get(key) ?? []), b.chat]);
  }
  const rows: OutboxRow[] = [];
  const opensAt = new Date(now.getTime() + settings.coalesceSeconds * 1000);
  events.forEach((event, i) => {
    if (!reads.known.schools.has(event.schoolId)) return;
    for (const person of reads.recipients[i]!) {
      if (person.personKind === 'guardian' && !reads.consented.has(person.personId)) continue;
      for (const chatId of chatsOf.get(`${event.schoolId}:${person.personKind}:${person.personId}`) ?? []) {
        const key = `${chatId}|${event.eventKey}`;
        if (reads.taken.has(key) || reads.known.preferences.get(chatId)?.disabledKinds.includes(event.kind)) continue;
        reads.taken.add(key);
        const cap = joinBatch(reads.batches, chatId, event.schoolId, opensAt);
        rows.push({
          school: event.schoolId,
          telegramAccountId: chatId,
          personKind: person.personKind,
          personId: person.personId,
          studentId: event.studentId ?? null,
          lessonId: event.lessonId ?? null,
          kind: event.kind,
          payload: { ...event.payload },
          eventKey: event.eventKey,
          status: 'pending',
          // Set with the rest of its batch (scheduleBatches).
          notBefore: cap,
          openUntil: cap,
          // From the caller's clock: the dispatcher skips rows of blocked chats by their age on that clock.
          createdAt: now,
          updatedAt: now,
        });
      }
    }
  });
  return rows;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
