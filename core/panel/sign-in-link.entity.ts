import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';

/**
 * A one-time link that signs a member of staff into the panel from the bot (sign-in-links.ts). Only the
 * token's SHA-256 is kept. It belongs to the panel account of the person behind the Telegram binding it was
 * asked through, and opens nothing once used, expired, or when that binding no longer holds. The times
 * come from the clock (the limit of links an hour counts them against it).
 */
export const PanelSignInLink = defineEntity({
  name: 'PanelSignInLink',
  tableName: 'panel_sign_in_link',
  properties: {
    id: p.integer().primary(),
    tokenHash: p.string().unique(),
    account: () => p.manyToOne(AdminAccount).index().deleteRule('cascade'),
    binding: () => p.manyToOne(TelegramBinding).deleteRule('cascade'),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
  },
});
export type PanelSignInLink = InferEntity<typeof PanelSignInLink>;
