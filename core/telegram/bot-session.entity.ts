import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';

/**
 * A Telegram user's state between updates (DESIGN: never in process memory, so several instances can
 * serve one bot): `key` 'input' holds the text the bot waits for (a topic, homework, a comment), 'undo' the
 * last journal action that can be undone, 'lesson' the lesson whose card a teacher is in (leaving it ends
 * the lesson's entry). The payload is only a wish: handlers re-check every id in it.
 */
export const BotSession = defineEntity({
  name: 'BotSession',
  tableName: 'bot_session',
  properties: {
    id: p.integer().primary(),
    telegramUserId: p.bigint('number'),
    key: p.string(),
    payload: p.json<Record<string, unknown>>(),
    expiresAt: p.datetime(),
    ...timestamps,
  },
  uniques: [{ properties: ['telegramUserId', 'key'] }],
});
export type BotSession = InferEntity<typeof BotSession>;
