import { FlushMode, helper } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { School } from '../school/school.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import type { Notification } from './notification.entity.js';
import { afterQuietHours, effectiveQuietHours } from './quiet-hours.js';

/** How the outbox batches a chat's events (NOTIFY_COALESCE_SECONDS, NOTIFY_IDLE_SECONDS). */
export interface CoalescingSettings {
  /** The upper bound: a batch is due at the latest this long after its first event. */
  coalesceSeconds: number;
  /** A batch is due this long after the last event of its lessons' entries (or of its chat), within the bound. */
  idleSeconds: number;
}

/**
 * The batches being scheduled in one call, by chat: the latest each may be due (`cap`: its first event plus
 * the window), and the schools its rows belong to (quiet hours are the school's, or the recipient's own).
 */
export type Batches = Map<number, { cap: Date; schools: Set<number> }>;

const read = { flushMode: FlushMode.COMMIT } as const;
const list = (values: readonly (number | string)[]) => `{${values.join(',')}}`;

/** This unit of work's outbox rows not yet flushed (written by an earlier enqueue of the same change). */
export function unflushedRows(em: EntityManager): Notification[] {
  return [...em.getUnitOfWork().getPersistStack()].filter((e) => helper(e).__meta.className === 'Notification') as Notification[];
}

/**
 * The open batches (rows written, not yet claimed) of the chats in `chatIds`, and of every chat with an open
 * batch holding an event of a lesson in `lessonIds`: the recipients of that lesson's entry so far.
 */
export async function openBatches(em: EntityManager, now: Date, chatIds: readonly number[], lessonIds: readonly number[]): Promise<Batches> {
  const batches: Batches = new Map();
  const add = (chat: number, school: number, cap: Date) => {
    const batch = batches.get(chat);
    if (!batch) batches.set(chat, { cap, schools: new Set([school]) });
    else {
      batch.schools.add(school);
      if (cap < batch.cap) batch.cap = cap;
    }
  };
  if (chatIds.length || lessonIds.length) {
    const rows = await em.execute<{ chat: string | number; school: number; cap: Date }[]>(
      `select telegram_account_id as chat, school_id as school, min(open_until) as cap from notification
        where status = 'pending' and open_until > ?::timestamptz
          and (telegram_account_id = any(?::bigint[])
               or telegram_account_id in (select telegram_account_id from notification where open_until > ?::timestamptz and status = 'pending' and lesson_id = any(?::int[])))
        group by telegram_account_id, school_id`,
      [now, list(chatIds), now, list(lessonIds)],
    );
    for (const row of rows) add(Number(row.chat), row.school, new Date(row.cap));
  }
  const chats = new Set(chatIds);
  const lessons = new Set(lessonIds);
  const unflushed = unflushedRows(em).filter((r) => isOpen(r, now));
  const lessonChats = new Set(unflushed.filter((r) => r.lessonId !== null && r.lessonId !== undefined && lessons.has(r.lessonId)).map((r) => r.telegramAccountId));
  for (const row of unflushed) {
    if (chats.has(row.telegramAccountId) || lessonChats.has(row.telegramAccountId)) add(row.telegramAccountId, row.school.id, row.openUntil!);
  }
  return batches;
}

/**
 * A batch is open, that is later events of its chat join it, until its cap (or until the lesson's entry
 * ended, which brings the cap to that moment) and while no dispatcher claimed it. Past its cap it is due.
 */
const isOpen = (row: Notification, now: Date) => row.status === 'pending' && row.openUntil !== null && row.openUntil !== undefined && row.openUntil > now;

/** Adds a row just written to its chat's batch (opening one, capped at `cap`, if the chat has none). */
export function joinBatch(batches: Batches, chat: number, school: number, cap: Date): Date {
  const batch = batches.get(chat);
  if (batch) {
    batch.schools.add(school);
    return batch.cap;
  }
  batches.set(chat, { cap, schools: new Set([school]) });
  return cap;
}

/** Rows read already: the preferences of `preferenceChats` (a chat without a row has none), and schools. */
export interface Known {
  preferenceChats: ReadonlySet<number>;
  preferences: Map<number, NotificationPreference>;
  schools: Map<number, School>;
}

/**
 * Sets when each batch is due: `due(cap)` (at most the cap), moved past the recipient's quiet hours; with
 * `closeAt`, the cap comes down to it as well, so that events joining the batch later do not hold it back.
 * Rows of this unit of work are set in memory, the others with one statement that leaves alone rows a
 * dispatcher claimed meanwhile (no longer open) or is claiming now (locked: SKIP LOCKED, no waiting).
 */
export async function scheduleBatches(em: EntityManager, batches: Batches, now: Date, due: (cap: Date) => Date, closeAt?: Date, known?: Known): Promise<void> {
  if (batches.size === 0) return;
  // What the caller read in this unit of work already (the chats' preferences, the schools) is not read again.
  const preferenceOf = new Map(known?.preferences);
  const schoolOf = new Map(known?.schools);
  const chatIds = [...batches.keys()].filter((id) => !known?.preferenceChats.has(id));
  const schoolIds = [...new Set([...batches.values()].flatMap((b) => [...b.schools]))].filter((id) => !schoolOf.has(id));
  if (chatIds.length) for (const p of await em.find(NotificationPreference, { telegramAccountId: { $in: chatIds } }, read)) preferenceOf.set(p.telegramAccountId, p);
  if (schoolIds.length) for (const s of await em.find(School, { id: { $in: schoolIds } }, read)) schoolOf.set(s.id, s);
  const planned = new Map<string, { due: Date; cap: Date }>();
  for (const [chat, batch] of batches) {
    const cap = closeAt && closeAt < batch.cap ? closeAt : batch.cap;
    const at = due(cap);
    for (const schoolId of batch.schools) {
      const school = schoolOf.get(schoolId);
      if (school) planned.set(`${chat}:${schoolId}`, { due: afterQuietHours(at, effectiveQuietHours(school, preferenceOf.get(chat)), school.timeZone), cap });
    }
  }
  for (const row of unflushedRows(em)) {
    const plan = isOpen(row, now) ? planned.get(`${row.telegramAccountId}:${row.school.id}`) : undefined;
    if (plan) Object.assign(row, { notBefore: plan.due, openUntil: plan.cap, updatedAt: now });
  }
  const entries = [...planned].map(([key, plan]) => ({ chat: key.split(':')[0]!, school: key.split(':')[1]!, ...plan }));
  await em.execute(
    `with plan as (select * from unnest(?::bigint[], ?::int[], ?::timestamptz[], ?::timestamptz[]) as p(chat, school, due, cap)),
     open as (select n.id, plan.due, plan.cap from notification n join plan on n.telegram_account_id = plan.chat and n.school_id = plan.school
               where n.status = 'pending' and n.open_until > ?::timestamptz
               for update of n skip locked)
     update notification n set not_before = open.due, open_until = least(n.open_until, open.cap), updated_at = ?::timestamptz
       from open where n.id = open.id`,
    [list(entries.map((e) => e.chat)), list(entries.map((e) => e.school)), list(entries.map((e) => e.due.toISOString())), list(entries.map((e) => e.cap.toISOString())), now, now],
  );
}
