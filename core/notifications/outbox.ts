import { FlushMode, helper } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { guardiansWithConsent, withConsent } from '../access/relations.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { School } from '../school/school.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { Notification, type NotificationKind } from './notification.entity.js';
import { afterQuietHours, effectiveQuietHours } from './quiet-hours.js';
import type { Clock } from '../time/clock.js';

export type RecipientKind = 'guardian' | 'student' | 'staff';

export interface OutboxEvent {
  schoolId: number;
  kind: NotificationKind;
  /** The child concerned: by default the recipients are its guardians (with consent given, bound in Telegram) and the student itself. */
  studentId?: number | null;
  /** Explicit recipients instead (e.g. an announcement to a class, a message to one guardian or to a teacher). */
  to?: { personKind: RecipientKind; personId: number }[];
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
 * Coalescing happens here and only here: the first event of a chat opens a batch due `coalesceSeconds`
 * later (after the recipient's quiet hours), and every further event of that chat before then joins the
 * batch; the dispatcher sends whatever is due, a chat's due rows as one message.
 */
export class Outbox {
  constructor(
    private readonly settings: { coalesceSeconds: number },
    private readonly clock: Clock,
  ) {}

  /** Writes the rows of `events`, with a handful of queries whatever their number; returns how many rows. */
  async enqueue(em: EntityManager, events: OutboxEvent | readonly OutboxEvent[]): Promise<number> {
    return enqueueAll(em, Array.isArray(events) ? events : [events as OutboxEvent], this.clock.now(), this.settings.coalesceSeconds * 1000);
  }
}

async function enqueueAll(em: EntityManager, events: readonly OutboxEvent[], now: Date, coalesceMs: number): Promise<number> {
  if (events.length === 0) return 0;
  // Reads only: the caller's pending changes are the caller's to flush.
  const read = { flushMode: FlushMode.COMMIT } as const;

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
  if (or.length === 0) return 0;
  const schoolIds = unique(events.map((e) => e.schoolId));
  const bindings = await em.find(TelegramBinding, { revokedAt: null, school: { $in: schoolIds }, $or: or }, read);
  const chatsOf = new Map<string, number[]>();
  for (const b of bindings) {
    const key = `${b.school.id}:${b.personKind}:${b.personId}`;
    chatsOf.set(key, [...(chatsOf.get(key) ?? []), b.telegramAccount.id]);
  }

  const chatIds = unique(bindings.map((b) => b.telegramAccount.id));
  const keys = unique(events.map((e) => e.eventKey));
  // One after another: in a transaction they share one connection.
  const preferences = await em.find(NotificationPreference, { telegramAccountId: { $in: chatIds } }, read);
  // The chats' rows of these events (duplicates), and their batches still open (see the class comment).
  const existing = await em.find(Notification, {
    telegramAccountId: { $in: chatIds },
    $or: [{ eventKey: { $in: keys } }, { status: 'pending', notBefore: { $gt: now } }],
  }, { ...read, fields: ['telegramAccountId', 'eventKey', 'status', 'notBefore', 'createdAt'] });
  const schools = await em.find(School, { id: { $in: schoolIds } }, read);
  const preferenceOf = new Map(preferences.map((p) => [p.telegramAccountId, p]));
  const schoolOf = new Map(schools.map((s) => [s.id, s]));
  const taken = new Set<string>();
  const batchOf = new Map<number, Date>();
  const seen = (row: Pick<Notification, 'telegramAccountId' | 'eventKey' | 'status' | 'notBefore' | 'createdAt'>) => {
    taken.add(`${row.telegramAccountId}|${row.eventKey}`);
    // A batch is open while it waits for its window; a row claimed by a dispatcher waits for its lease instead.
    const due = row.notBefore.getTime();
    const opened = row.status === 'pending' && due > now.getTime() && due <= now.getTime() + coalesceMs && due <= row.createdAt.getTime() + coalesceMs;
    const batch = batchOf.get(row.telegramAccountId);
    if (opened && (!batch || row.notBefore < batch)) batchOf.set(row.telegramAccountId, row.notBefore);
  };
  existing.forEach(seen);
  for (const pending of em.getUnitOfWork().getPersistStack()) {
    if (helper(pending).__meta.className === 'Notification') seen(pending as Notification);
  }

  let added = 0;
  events.forEach((event, i) => {
    const school = schoolOf.get(event.schoolId);
    if (!school) return;
    for (const person of recipientsOf[i]!) {
      if (person.personKind === 'guardian' && !consented.has(person.personId)) continue;
      for (const chatId of chatsOf.get(`${event.schoolId}:${person.personKind}:${person.personId}`) ?? []) {
        const key = `${chatId}|${event.eventKey}`;
        const preference = preferenceOf.get(chatId);
        if (taken.has(key) || preference?.disabledKinds.includes(event.kind)) continue;
        const due = batchOf.get(chatId) ?? new Date(now.getTime() + coalesceMs);
        const row = em.create(Notification, {
          school: event.schoolId,
          telegramAccountId: chatId,
          personKind: person.personKind,
          personId: person.personId,
          studentId: event.studentId ?? null,
          kind: event.kind,
          payload: { ...event.payload },
          eventKey: event.eventKey,
          notBefore: afterQuietHours(due, effectiveQuietHours(school, preference), school.timeZone),
          // From the caller's clock: the dispatcher skips rows of blocked chats by their age on that clock.
          createdAt: now,
          updatedAt: now,
        });
        seen(row);
        added++;
      }
    }
  });
  return added;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
