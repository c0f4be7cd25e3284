import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';
import type { Bot } from '../bot/create-bot.js';
import { WEBHOOK_PATH } from '../bot/launch.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Equal-length digests make the comparison constant-time whatever the header's length. */
export function secretMatches(expected: string, received: unknown): boolean {
  return typeof received === 'string' && timingSafeEqual(digest(expected), digest(received));
}

/** Telegram's webhook: a request without the right secret is refused before anything is read from it. */
export function telegramWebhook(app: FastifyInstance, bot: Bot, secret: string): void {
  app.post(WEBHOOK_PATH, async (req, reply) => {
    if (!secretMatches(secret, req.headers['x-telegram-bot-api-secret-token'])) {
      return reply.code(401).send({ ok: false });
    }
    const update = req.body as Partial<Update> | undefined;
    if (!update || typeof update !== 'object' || !Number.isSafeInteger(update.update_id)) {
      return reply.code(400).send({ ok: false });
    }
    await bot.handleUpdate(update as Update);
    return { ok: true };
  });
}
