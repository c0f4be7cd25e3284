import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { LANGUAGES } from '../i18n/languages.js';

/**
 * A Telegram account that has talked to the bot. Only the numeric id and the chosen language are kept:
 * names and usernames from Telegram are personal data the journal does not need. The current choice of the
 * person (which binding acts, which child a guardian looks at) is only a preference: it is checked against
 * the bindings in force and the guardian's children on every update (core/telegram/bot-identity.ts).
 */
export const TelegramAccount = defineEntity({
  name: 'TelegramAccount',
  tableName: 'telegram_account',
  properties: {
    id: p.bigint('number').primary().autoincrement(false),
    language: p.enum([...LANGUAGES]).default('ru'),
    languageChosen: p.boolean().default(false),
    activeBindingId: p.integer().nullable(),
    activeChildId: p.integer().nullable(),
    /** Set when Telegram answered 403 (the user blocked the bot); cleared when the user writes again. */
    blockedAt: p.datetime().nullable(),
    /**
     * No notification goes to the chat before this (the database's clock): its last one was answered less
     * than Telegram's per-chat interval before. Written by whichever dispatcher instance sent it.
     */
    nextMessageAt: p.datetime().nullable(),
    ...timestamps,
  },
});
export type TelegramAccount = InferEntity<typeof TelegramAccount>;
