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
  if (chatIds.length || lessonIds.length) {
    const rows = await em.execute<OpenBatchRow[]>(openBatchesSql('?::timestamptz', '?::bigint[]', '?::int[]'), [now, list(chatIds), now, list(lessonIds)]);
    addOpenBatches(batches, rows);
  }
  const chats = new Set(chatIds);
  const lessons = new Set(lessonIds);
  const unflushed = unflushedRows(em).filter((r) => isOpen(r, now));
  const lessonChats = new Set(unflushed.filter((r) => r.lessonId !== null && r.lessonId !== undefined && lessons.has(r.lessonId)).map((r) => r.telegramAccountId));
  for (const row of unflushed) {
    if (chats.has(row.telegramAccountId) || lessonChats.has(row.telegramAccountId)) addBatch(batches, row.telegramAccountId, row.school.id, row.openUntil!);
  }
  return batches;
}

/** A row of openBatchesSql: a chat's open rows of one school, and the earliest cap among them. */
export interface OpenBatchRow {
  chat: string | number;
  school: number;
  cap: Date | string;
}

/**
 * The select of the open batches of the chats `chats` (an SQL bigint[] expression) and of every chat with
 * an open row of a lesson in `lessons` (int[]), at `now` (timestamptz), as OpenBatchRow rows; `now` is
 * named twice. For openBatches, and for a change that reads them with the rest of what it needs.
 */
export function openBatchesSql(now: string, chats: string, lessons: string): string {
  return `select telegram_account_id as chat, school_id as school, min(open_until) as cap from notification
        where status = 'pending' and open_until > ${now}
          and (telegram_account_id = any(${chats})
               or telegram_account_id in (select telegram_account_id from notification where open_until > ${now} and status = 'pending' and lesson_id = any(${lessons})))
        group by telegram_account_id, school_id`;
}

export function addOpenBatches(batches: Batches, rows: readonly OpenBatchRow[]): void {
  for (const row of rows) addBatch(batches, Number(row.chat), row.school, new Date(row.cap));
}

function addBatch(batches: Batches, chat: number, school: number, cap: Date): void {
  const batch = batches.get(chat);
  if (!batch) batches.set(chat, { cap, schools: new Set([school]) });
  else {
    batch.schools.add(school);
    if (cap < batch.cap) batch.cap = cap;
  }
}

/**
 * A batch is open, that is later events of its chat join it, until its cap (or until the lesson's entry
 * ended, which brings the cap to that moment) and while no dispatcher claimed it. Past its cap it is due.
 */
const isOpen = (row: Pick<Notification, 'status' | 'openUntil'>, now: Date) => row.status === 'pending' && row.openUntil !== null && row.openUntil !== undefined && row.openUntil > now;

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

/** What scheduling needs of a school: its quiet hours, in its time zone. */
export type SchoolQuiet = Pick<School, 'id' | 'timeZone' | 'quietHoursStart' | 'quietHoursEnd'>;

/** What the outbox needs of a chat's preferences: the kinds it turned off and its own quiet hours. */
export type ChatPreference = Pick<NotificationPreference, 'telegramAccountId' | 'disabledKinds' | 'quietHoursStart' | 'quietHoursEnd'>;

/** Rows read already: the preferences of `preferenceChats` (a chat without a row has none), and schools. */
export interface Known {
  preferenceChats: ReadonlySet<number>;
  preferences: ReadonlyMap<number, ChatPreference>;
  schools: ReadonlyMap<number, SchoolQuiet>;
}

/** When each batch (by `chat:school`) is due, and the cap it keeps. */
export type Schedule = Map<string, { due: Date; cap: Date }>;

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
  const planned = planSchedule(batches, due, closeAt, preferenceOf, schoolOf);
  for (const row of unflushedRows(em)) applySchedule(planned, row, now);
  const { ctes, params } = scheduleCtes(planned, now);
  await em.execute(`with ${ctes} select count(*) as n from scheduled`, params);
}

/** When each batch is due: `due(cap)` (with `closeAt`, the cap comes down to it first), past the recipient's quiet hours. */
export function planSchedule(batches: Batches, due: (cap: Date) => Date, closeAt: Date | undefined, preferenceOf: ReadonlyMap<number, ChatPreference>, schoolOf: ReadonlyMap<number, SchoolQuiet>): Schedule {
  const planned: Schedule = new Map();
  for (const [chat, batch] of batches) {
    const cap = closeAt && closeAt < batch.cap ? closeAt : batch.cap;
    const at = due(cap);
    for (const schoolId of batch.schools) {
      const school = schoolOf.get(schoolId);
      if (school) planned.set(`${chat}:${schoolId}`, { due: afterQuietHours(at, effectiveQuietHours(school, preferenceOf.get(chat)), school.timeZone), cap });
    }
  }
  return planned;
}

/** A row written in this change (not yet in the database) takes its batch's schedule, while the batch is open. */
export function applySchedule(planned: Schedule, row: Pick<Notification, 'telegramAccountId' | 'status' | 'openUntil' | 'notBefore' | 'updatedAt'> & { school: { id: number } | number }, now: Date): void {
  const schoolId = typeof row.school === 'number' ? row.school : row.school.id;
  const plan = isOpen(row, now) ? planned.get(`${row.telegramAccountId}:${schoolId}`) : undefined;
  if (plan) Object.assign(row, { notBefore: plan.due, openUntil: plan.cap, updatedAt: now });
}

/**
 * The statement's part that moves the open batches already in the database to their schedule, as common
 * table expressions ending in `scheduled` (the rows updated), so that a change can send it with its own writes.
 * `when`: a further condition (SQL) for doing it at all. Leaves alone rows a dispatcher claimed meanwhile
 * (no longer open) or is claiming now (locked: SKIP LOCKED, no waiting).
 */
export function scheduleCtes(planned: Schedule, now: Date, when = 'true'): { ctes: string; params: unknown[] } {
  const entries = [...planned].map(([key, plan]) => ({ chat: key.split(':')[0]!, school: key.split(':')[1]!, ...plan }));
  return {
    ctes: `plan as (select * from unnest(?::bigint[], ?::int[], ?::timestamptz[], ?::timestamptz[]) as p(chat, school, due, cap)),
     open as (select n.id, plan.due, plan.cap from notification n join plan on n.telegram_account_id = plan.chat and n.school_id = plan.school
               where n.status = 'pending' and n.open_until > ?::timestamptz and ${when}
               for update of n skip locked),
     scheduled as (update notification n set not_before = open.due, open_until = least(n.open_until, open.cap), updated_at = ?::timestamptz
       from open where n.id = open.id returning n.id)`,
    params: [list(entries.map((e) => e.chat)), list(entries.map((e) => e.school)), list(entries.map((e) => e.due.toISOString())), list(entries.map((e) => e.cap.toISOString())), now, now],
  };
}
