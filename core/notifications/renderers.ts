import type { TFunction } from '../i18n/i18n.js';
import type { Notification, NotificationKind } from './notification.entity.js';
import type { OutgoingMessage } from './sender.js';

/**
 * Turns the rows of one chat into one message, in the recipient's language (`t`). An empty text means
 * that nothing is left to say (a mark given and removed within one batch): the rows are
 * skipped. The dispatcher hands a coalesced kind's renderer every coalesced row of the chat due together,
 * and any other kind's renderer one row at a time.
 */
export type Renderer = (t: TFunction, rows: Notification[]) => OutgoingMessage;

/** Kinds merged into one message per chat: the journal's news about a child (D10). */
export const COALESCED: ReadonlySet<NotificationKind> = new Set<NotificationKind>(['mark', 'markChanged', 'markRemoved', 'absence', 'homework', 'schedule', 'cancelled']);

/** Every kind the dispatcher can send, with its renderer; composed where the domain's renderers meet (core/notification-renderers.ts). */
export type Renderers = Partial<Record<NotificationKind, Renderer>>;
