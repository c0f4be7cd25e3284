import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { School } from '../school/school.entity.js';
import { NOTIFICATION_KINDS, NOTIFICATION_STATUSES } from './notification-kinds.js';

// The vocabulary lives in its own module (the bot and the panel read it without the entity); still exported from here.
export { NOTIFICATION_KINDS, NOTIFICATION_STATUSES, type NotificationKind, type NotificationStatus } from './notification-kinds.js';

/**
 * The transactional outbox (DESIGN "Notifications"): one row per event and recipient chat, written in the
 * transaction of the change it reports. The dispatcher claims due rows with FOR UPDATE SKIP LOCKED, sends
 * every due row of one chat as one message, and records the outcome. `eventKey` makes a repeated event a
 * duplicate rather than a second message.
 */
export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'notification',
  properties: {
    id: p.bigint('number').primary(),
    school: () => p.manyToOne(School).index(),
    /** The recipient's chat (a Telegram account bound when the event happened). */
    telegramAccountId: p.bigint('number'),
    personKind: p.enum(['guardian', 'student', 'staff']),
    personId: p.integer(),
    /** The child the event is about, if any. */
    studentId: p.integer().nullable(),
    kind: p.enum([...NOTIFICATION_KINDS]),
    payload: p.json<Record<string, unknown>>(),
    eventKey: p.string(),
    status: p.enum([...NOTIFICATION_STATUSES]).default('pending'),
    /** The lesson whose entry the event is part of (a mark, an absence, homework): the entry's end flushes its batches. */
    lessonId: p.integer().nullable(),
    /** Not sent before: the batch's due time (outbox.ts), or the end of the recipient's quiet hours, or a dispatcher's lease or retry. */
    notBefore: p.datetime(),
    /**
     * While the row's batch is open (written, not yet claimed): the latest it may be due, its first event plus
     * the coalescing window. Later events of the chat join the batch only while this is set; a claim clears it.
     */
    openUntil: p.datetime().nullable(),
    attempts: p.integer().default(0),
    lastError: p.string().nullable(),
    sentAt: p.datetime().nullable(),
    /** The Telegram message that carried it (several rows share one when coalesced). */
    messageId: p.bigint('number').nullable(),
    ...timestamps,
  },
  uniques: [{ properties: ['telegramAccountId', 'eventKey'] }],
  indexes: [
    { properties: ['status', 'notBefore'] },
    { properties: ['telegramAccountId', 'status'] },
    // The open batches of a lesson's entry (few rows: only those not yet claimed).
    { name: 'notification_open_lesson_id_index', expression: 'create index "notification_open_lesson_id_index" on "notification" ("lesson_id") where "open_until" is not null' },
  ],
});
export type Notification = InferEntity<typeof Notification>;
