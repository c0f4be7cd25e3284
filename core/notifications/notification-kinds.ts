/** What a guardian or student is told about (D10), each switchable per recipient. New kinds go at the end: the bot's buttons carry a kind as its position. */
export const NOTIFICATION_KINDS = ['mark', 'markChanged', 'markRemoved', 'absence', 'homework', 'schedule', 'announcement', 'message', 'digest'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
