import type { EntityManager } from '@mikro-orm/postgresql';
import { Notification } from './notification.entity.js';

// The dispatcher's statements on the outbox. Each runs on its own (a short transaction of one statement),
// so that no lock is held while a message is on its way to Telegram. Every time written (updated_at too)
// is the dispatcher's clock, `now`, never the database's; except a chat's next_message_at, an interval
// that every instance measures alike on the database's clock (markSent, chatWaits).

/** Reasons stored in last_error: short, and never quoting a message or a person. */
export const BLOCKED = 'recipient blocked the bot';

/**
 * Claims the due rows of up to `maxChats` chats: chats with a row due, not blocked, not in `exclude` (those
 * this dispatcher is still busy with), and not being claimed by another dispatcher (their account rows are
 * locked, SKIP LOCKED). Of those chats it takes every row due (the outbox put a chat's events of one
 * batch on one due time), locked FOR UPDATE SKIP LOCKED, and sets `notBefore = leaseUntil`.
 * That lease keeps other dispatchers off them; if this one dies, they come back when it ends. It closes their
 * batch too (`openUntil = null`): later events of the chat open a new one instead of moving these rows.
 */
export async function claimDue(em: EntityManager, now: Date, leaseUntil: Date, maxChats: number, exclude: number[]): Promise<Notification[]> {
  // Candidates are read from the due rows (the status/not_before index), leaving out blocked and excluded chats
  // there, so that a backlog waiting for blocked chats never hides the chats that can be served.
  const excluded = exclude.length ? 'and not (n.telegram_account_id = any(?::bigint[]))' : '';
  const rows = await em.execute<Record<string, unknown>[]>(
    `with chats as (
       select a.id from telegram_account a
        where a.id in (select n.telegram_account_id from notification n join telegram_account b on b.id = n.telegram_account_id
                        where n.status = 'pending' and n.not_before <= ?::timestamptz and b.blocked_at is null ${excluded}
                        order by n.not_before limit ?)
          and a.blocked_at is null
        limit ?
        for update of a skip locked
     ), due as (
       select n.id from notification n join chats c on c.id = n.telegram_account_id
        where n.status = 'pending' and n.not_before <= ?::timestamptz
        for update of n skip locked
     )
     update notification n set not_before = ?::timestamptz, open_until = null, updated_at = ?::timestamptz
       from due where n.id = due.id
     returning n.*`,
    [now, ...(exclude.length ? [`{${exclude.join(',')}}`] : []), maxChats * 20, maxChats, now, leaseUntil, now],
  );
  return rows.map((row) => em.map(Notification, row));
}

/**
 * Delivered as message `messageId`; with `chat`, its next message waits `intervalMs` from now (the database's
 * clock: whichever instance claims the chat next reads it, see chatWaits).
 */
export async function markSent(em: EntityManager, ids: number[], messageId: number, now: Date, chat?: { chatId: number; intervalMs: number }): Promise<void> {
  const paced = chat
    ? `with paced as (update telegram_account set next_message_at = clock_timestamp() + ?::float8 * interval '1 millisecond' where id = ?) `
    : '';
  await em.execute(
    `${paced}update notification set status = 'sent', sent_at = ?::timestamptz, message_id = ?, attempts = attempts + 1, last_error = null, updated_at = ?::timestamptz
      where id in (?)`,
    [...(chat ? [chat.intervalMs, chat.chatId] : []), now, messageId, now, ids],
  );
}

/** How long each of `chatIds` must still wait for its next message (ms; chats free now are left out). */
export async function chatWaits(em: EntityManager, chatIds: number[]): Promise<Map<number, number>> {
  const rows = await em.execute<{ id: string | number; wait_ms: string }[]>(
    `select id, extract(epoch from next_message_at - clock_timestamp()) * 1000 as wait_ms
       from telegram_account where id = any(?::bigint[]) and next_message_at > clock_timestamp()`,
    [`{${chatIds.join(',')}}`],
  );
  return new Map(rows.map((r) => [Number(r.id), Math.max(0, Number(r.wait_ms))]));
}

/** Back to the queue from `at`, counting an attempt or not, with the reason (or keeping the last one). */
export async function reschedule(em: EntityManager, ids: number[], at: Date, now: Date, options: { countAttempt?: boolean; error?: string } = {}): Promise<void> {
  if (ids.length === 0) return;
  await em.execute(
    `update notification set not_before = ?::timestamptz, attempts = attempts + ?, last_error = coalesce(?, last_error), updated_at = ?::timestamptz
      where id in (?) and status = 'pending'`,
    [at, options.countAttempt ? 1 : 0, options.error ?? null, now, ids],
  );
}

/** Given up (failed) or nothing to send (skipped), with the reason. */
export async function close(em: EntityManager, ids: number[], status: 'failed' | 'skipped', reason: string, now: Date, countAttempt = false): Promise<void> {
  if (ids.length === 0) return;
  await em.execute(
    `update notification set status = ?, last_error = ?, attempts = attempts + ?, updated_at = ?::timestamptz where id in (?) and status = 'pending'`,
    [status, reason.slice(0, 255), countAttempt ? 1 : 0, now, ids],
  );
}

/** The chat answered 403: nothing goes to it until its user writes to the bot again (TelegramAccounts.touch). */
export async function markBlocked(em: EntityManager, chatId: number, now: Date): Promise<void> {
  await em.execute(`update telegram_account set blocked_at = ?::timestamptz, updated_at = ?::timestamptz where id = ? and blocked_at is null`, [now, now, chatId]);
}

/**
 * Rows of blocked chats pending since before `cutoff` are skipped: the user is not coming back for them.
 * created_at is written by enqueue from the same clock as `cutoff`.
 */
export async function skipAbandoned(em: EntityManager, cutoff: Date, now: Date): Promise<number> {
  const rows = await em.execute<{ id: number }[]>(
    `update notification set status = 'skipped', last_error = ?, open_until = null, updated_at = ?::timestamptz
      where status = 'pending' and created_at < ?::timestamptz
        and telegram_account_id in (select id from telegram_account where blocked_at is not null)
      returning id`,
    [BLOCKED, now, cutoff],
  );
  return rows.length;
}
