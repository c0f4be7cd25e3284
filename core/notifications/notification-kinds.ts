/**
 * What a guardian or student is told about (D10), each switchable per recipient. New kinds go at the end: the
 * bot's buttons carry a kind as its position. `cancelled`: an entry made through leaked access was undone (B3).
 */
export const NOTIFICATION_KINDS = ['mark', 'markChanged', 'markRemoved', 'absence', 'homework', 'schedule', 'announcement', 'message', 'digest', 'cancelled'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What became of a notification: waiting, delivered, dropped on purpose (a kind switched off), given up on. */
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'skipped', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];
