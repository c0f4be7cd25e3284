import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import type { NotificationKind } from './notification.entity.js';

/**
 * A recipient's own choices (D10): the kinds switched off, and quiet hours overriding the school's
 * (both null: the school's). Kept per Telegram account, as the chat is what receives.
 */
export const NotificationPreference = defineEntity({
  name: 'NotificationPreference',
  tableName: 'notification_preference',
  properties: {
    telegramAccountId: p.bigint('number').primary().autoincrement(false),
    disabledKinds: p.json<NotificationKind[]>(),
    quietHoursStart: p.string().length(5).nullable(),
    quietHoursEnd: p.string().length(5).nullable(),
    ...timestamps,
  },
});
export type NotificationPreference = InferEntity<typeof NotificationPreference>;
