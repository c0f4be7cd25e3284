import type { EntityManager } from '@mikro-orm/postgresql';
import { Notification } from './notification.entity.js';

// The dispatcher's statements on the outbox. Each runs on its own (a short transaction of one statement),
// so that no lock is held while a message is on its way to Telegram. Every time written (updated_at too)
// is the dispatcher's clock, `now`, never the database's; except a chat's next_message_at, an interval
// that every instance measures alike on the database's clock (markSent, chatWaits).

/** Reasons stored in last_error: short, and never quoting a message or a person. */
export const BLOCKED = 'recipient blocked the bot';

/**
 * Claims the due rows of up to `maxChats` chats for the dispatcher `claimer`: chats with a row due, not
 * blocked, not in `exclude` (those this dispatcher is still busy with) and not claimed by another dispatcher.
 * Of those chats it takes every row due (the outbox put a chat's events of one batch on one due time),
 * locked FOR UPDATE SKIP LOCKED, and sets `notBefore = leaseUntil`; it closes their batch too
 * (`openUntil = null`): later events of the chat open a new one instead of moving these rows.
 * The chat itself is claimed until `leaseUntil` (notification_chat_claim): a row of it that falls due while
 * the claimer is still sending is left to the claimer's next pass, after releaseChat, and is not sent by
 * another instance at the same moment (a second message to the chat within Telegram's interval). If the
 * claimer dies, its rows and its chats come back when the lease ends.
 */
export async function claimDue(em: EntityManager, claimer: string, now: Date, leaseUntil: Date, maxChats: number, exclude: number[]): Promise<Notification[]> {
  // Candidates are read from the due rows (the status/not_before index), leaving out blocked, claimed and
  // excluded chats there, so that a backlog waiting for those never hides the chats that can be served.
  const excluded = exclude.length ? 'and not (n.telegram_account_id = any(?::bigint[]))' : '';
  // Each claim is decided by INSERT … ON CONFLICT on the newest version of the chat's claim: the candidates
  // come from this statement's snapshot, which may predate the claim of another dispatcher committed since.
  // Chats are claimed in id order, so that two statements claiming some of the same chats never deadlock.
  const rows = await em.execute<Record<string, unknown>[]>(
    `with chats as (
       select a.id from telegram_account a
        where a.id in (select n.telegram_account_id from notification n join telegram_account b on b.id = n.telegram_account_id
                        where n.status = 'pending' and n.not_before <= ?::timestamptz and b.blocked_at is null ${excluded}
                          and not exists (select 1 from notification_chat_claim c where c.telegram_account_id = n.telegram_account_id and c.claimed_until > ?::timestamptz)
                        order by n.not_before limit ?)
          and a.blocked_at is null
        limit ?
        for update of a skip locked
     ), due as (
       select n.id, n.telegram_account_id from notification n join chats c on c.id = n.telegram_account_id
        where n.status = 'pending' and n.not_before <= ?::timestamptz
        for update of n skip locked
     ), won as (
       insert into notification_chat_claim as c (telegram_account_id, claimed_by, claimed_until)
       select distinct telegram_account_id, ?::uuid, ?::timestamptz from due order by telegram_account_id
       on conflict (telegram_account_id) do update set claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
        where c.claimed_until <= ?::timestamptz
       returning c.telegram_account_id
     )
     update notification n set not_before = ?::timestamptz, open_until = null, updated_at = ?::timestamptz
       from due join won on won.telegram_account_id = due.telegram_account_id where n.id = due.id
     returning n.*`,
    [now, ...(exclude.length ? [`{${exclude.join(',')}}`] : []), now, maxChats * 20, maxChats, now, claimer, leaseUntil, now, leaseUntil, now],
  );
  return rows.map((row) => em.map(Notification, row));
}

/** `claimer` is done with the chat (its rows sent, closed or back in the queue): any dispatcher may claim it again. */
export async function releaseChat(em: EntityManager, claimer: string, chatId: number): Promise<void> {
  await em.execute(`delete from notification_chat_claim where telegram_account_id = ? and claimed_by = ?::uuid`, [chatId, claimer]);
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
