import { FlushMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { guardiansWithConsent, withConsent } from '../access/relations.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { School } from '../school/school.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { Notification, type NotificationKind } from './notification.entity.js';
import { joinBatch, openBatches, scheduleBatches, unflushedRows, type CoalescingSettings } from './coalescing.js';
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

  /** The teacher's entry of the lesson is over: the open batches holding its events are due now (quiet hours still hold). */
  async endLessonEntry(em: EntityManager, lessonId: number): Promise<void> {
    const now = this.clock.now();
    await scheduleBatches(em, await openBatches(em, now, [], [lessonId]), now, (cap) => cap, now);
  }

  /** The teacher is still at the lesson (a tap on its screens, no news yet): its open batches wait the idle time again. */
  async continueLessonEntry(em: EntityManager, lessonId: number): Promise<void> {
    const now = this.clock.now();
    const idleUntil = new Date(now.getTime() + this.settings.idleSeconds * 1000);
    await scheduleBatches(em, await openBatches(em, now, [], [lessonId]), now, (cap) => (idleUntil < cap ? idleUntil : cap));
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

  const recipientsOf = events.map((e) => e.to ?? (e.studentId
    ? [...(guardiansOf.get(e.studentId) ?? []).map((id) => ({ personKind: 'guardian' as const, personId: id })), { personKind: 'student' as const, personId: e.studentId }]
    : []));

  // Guardians named explicitly (a message, a digest) are held to the same rule.
  const named = unique(events.flatMap((e) => e.to ?? []).filter((r) => r.personKind === 'guardian').map((r) => r.personId));
  const consented = new Set([...[...guardiansOf.values()].flat(), ...(await withConsent(em, named))]);

  const byKind = (kind: RecipientKind) => unique(recipientsOf.flat().filter((r) => r.personKind === kind && (kind !== 'guardian' || consented.has(r.personId))).map((r) => r.personId));
  const or = (['guardian', 'student', 'staff'] as const).flatMap((kind) => {
    const ids = byKind(kind);
    return ids.length ? [{ personKind: kind, personId: { $in: ids } }] : [];
  });
  const schoolIds = unique(events.map((e) => e.schoolId));
  const bindings = or.length ? await em.find(TelegramBinding, { revokedAt: null, school: { $in: schoolIds }, $or: or }, read) : [];
  const chatsOf = new Map<string, number[]>();
  for (const b of bindings) {
    const key = `${b.school.id}:${b.personKind}:${b.personId}`;
    chatsOf.set(key, [...(chatsOf.get(key) ?? []), b.telegramAccount.id]);
  }

  const chatIds = unique(bindings.map((b) => b.telegramAccount.id));
  const keys = unique(events.map((e) => e.eventKey));
  // One after another: in a transaction they share one connection.
  const preferences = chatIds.length ? await em.find(NotificationPreference, { telegramAccountId: { $in: chatIds } }, read) : [];
  // The chats' rows of these events (duplicates), and the open batches they and the lessons' other chats have.
  const existing = chatIds.length ? await em.find(Notification, { telegramAccountId: { $in: chatIds }, eventKey: { $in: keys } }, { ...read, fields: ['telegramAccountId', 'eventKey'] }) : [];
  const batches = await openBatches(em, now, chatIds, lessonIds);
  const schools = await em.find(School, { id: { $in: schoolIds } }, read);
  const preferenceOf = new Map(preferences.map((p) => [p.telegramAccountId, p]));
  const schoolOf = new Map(schools.map((s) => [s.id, s]));
  const taken = new Set([...existing, ...unflushedRows(em)].map((row) => `${row.telegramAccountId}|${row.eventKey}`));

  let added = 0;
  const opensAt = new Date(now.getTime() + settings.coalesceSeconds * 1000);
  events.forEach((event, i) => {
    const school = schoolOf.get(event.schoolId);
    if (!school) return;
    for (const person of recipientsOf[i]!) {
      if (person.personKind === 'guardian' && !consented.has(person.personId)) continue;
      for (const chatId of chatsOf.get(`${event.schoolId}:${person.personKind}:${person.personId}`) ?? []) {
        const key = `${chatId}|${event.eventKey}`;
        if (taken.has(key) || preferenceOf.get(chatId)?.disabledKinds.includes(event.kind)) continue;
        taken.add(key);
        const cap = joinBatch(batches, chatId, event.schoolId, opensAt);
        em.create(Notification, {
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
          // Set with the rest of its batch below.
          notBefore: cap,
          openUntil: cap,
          // From the caller's clock: the dispatcher skips rows of blocked chats by their age on that clock.
          createdAt: now,
          updatedAt: now,
        });
        added++;
      }
    }
  });
  // The chats told now, and every chat waiting for news of these lessons: the entries go on, so their batches wait.
  const idleUntil = new Date(now.getTime() + settings.idleSeconds * 1000);
  await scheduleBatches(em, batches, now, (cap) => (idleUntil < cap ? idleUntil : cap), undefined, { preferenceChats: new Set(chatIds), preferences: preferenceOf, schools: schoolOf });
  return added;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
