import type { TFunction } from '../i18n/i18n.js';
import { renderDiary } from './diary-renderer.js';
import { renderAnnouncements } from '../messages/renderers/announcement-renderer.js';
import { renderDigests } from '../messages/renderers/digest-renderer.js';
import { renderMessages } from '../messages/renderers/message-renderer.js';
import type { Notification, NotificationKind } from './notification.entity.js';
import type { OutgoingMessage } from './sender.js';

/**
 * Turns the rows of one chat into one message, in the recipient's language (`t`). An empty text means
 * that nothing is left to say (a mark given and removed within the coalescing window): the rows are
 * skipped. The dispatcher hands a coalesced kind's renderer every coalesced row of the chat due together,
 * and any other kind's renderer one row at a time.
 */
export type Renderer = (t: TFunction, rows: Notification[]) => OutgoingMessage;

/** Kinds merged into one message per chat: the journal's news about a child (D10). */
export const COALESCED: ReadonlySet<NotificationKind> = new Set<NotificationKind>(['mark', 'markChanged', 'markRemoved', 'absence', 'homework', 'schedule']);

/**
 * Every kind the dispatcher can send. A row whose kind has no renderer here is marked failed with the
 * reason, never dropped silently.
 */
export const renderers: Partial<Record<NotificationKind, Renderer>> = {
  // The journal (core/notifications/diary-renderer.ts): one message for everything a chat got together.
  mark: renderDiary,
  markChanged: renderDiary,
  markRemoved: renderDiary,
  absence: renderDiary,
  homework: renderDiary,
  schedule: renderDiary,

  // Not coalesced, one message per row, may carry buttons: each registered by one line below.
  announcement: renderAnnouncements,
  message: renderMessages,
  digest: renderDigests,
};
