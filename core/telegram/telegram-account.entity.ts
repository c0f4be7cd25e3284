import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';
import { LANGUAGES } from '../i18n/languages.js';

/**
 * A Telegram account that has talked to the bot. Only the numeric id and the chosen language are kept:
 * names and usernames from Telegram are personal data the journal does not need.
 */
export const TelegramAccount = defineEntity({
  name: 'TelegramAccount',
  tableName: 'telegram_account',
  properties: {
    id: p.bigint('number').primary().autoincrement(false),
    language: p.enum([...LANGUAGES]).default('ru'),
    languageChosen: p.boolean().default(false),
    ...timestamps,
  },
});
export type TelegramAccount = InferEntity<typeof TelegramAccount>;
