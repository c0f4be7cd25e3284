import { FlushMode, helper } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { guardiansWithConsent, withConsent } from '../access/relations.js';
import { TelegramBinding } from '../invites/telegram-binding.entity.js';
import { School } from '../school/school.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { Notification, type NotificationKind } from './notification.entity.js';
import { afterQuietHours, effectiveQuietHours } from './quiet-hours.js';

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

export interface EnqueueOptions {
  /** Overrides the coalescing window set from the configuration (NOTIFY_COALESCE_SECONDS). */
  coalesceSeconds?: number;
}

const defaults = { coalesceSeconds: 30 };

/** Called once at start-up (createCore) with the configured coalescing window. */
export function configureOutbox(settings: { coalesceSeconds: number }): void {
  defaults.coalesceSeconds = settings.coalesceSeconds;
}

/**
 * Writes the notification rows of one event in the caller's unit of work (they are persisted by the
 * caller's flush, in the transaction of the change they report): one row per chat of each recipient, that
 * is per Telegram binding in force now. Returns how many rows were added.
 */
export async function enqueue(em: EntityManager, event: OutboxEvent, now: Date, options: EnqueueOptions = {}): Promise<number> {
  return enqueueMany(em, [event], now, options);
}

/** `enqueue` for several events at once, with a handful of queries whatever their number. */
export async function enqueueMany(em: EntityManager, events: readonly OutboxEvent[], now: Date, options: EnqueueOptions = {}): Promise<number> {
  if (events.length === 0) return 0;
  // Reads only: the caller's pending changes are the caller's to flush.
  const read = { flushMode: FlushMode.COMMIT } as const;
  const coalesceMs = (options.coalesceSeconds ?? defaults.coalesceSeconds) * 1000;

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
  const existing = await em.find(Notification, { telegramAccountId: { $in: chatIds }, eventKey: { $in: keys } }, { ...read, fields: ['telegramAccountId', 'eventKey'] });
  const schools = await em.find(School, { id: { $in: schoolIds } }, read);
  const preferenceOf = new Map(preferences.map((p) => [p.telegramAccountId, p]));
  const schoolOf = new Map(schools.map((s) => [s.id, s]));
  const taken = new Set(existing.map((n) => `${n.telegramAccountId}|${n.eventKey}`));
  for (const pending of em.getUnitOfWork().getPersistStack()) {
    if (helper(pending).__meta.className !== 'Notification') continue;
    const row = pending as Notification;
    taken.add(`${row.telegramAccountId}|${row.eventKey}`);
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
        taken.add(key);
        const due = new Date(now.getTime() + coalesceMs);
        em.create(Notification, {
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
        added++;
      }
    }
  });
  return added;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
