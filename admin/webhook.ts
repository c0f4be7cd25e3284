import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Update } from 'telegraf/types';
import { DatabaseUnavailable } from '../core/base/errors.js';

/**
 * A Bot API method call given as the webhook's HTTP reply: Telegram runs it as if the bot had called it
 * (https://core.telegram.org/bots/api#making-requests-when-getting-updates).
 */
export interface WebhookReply {
  /** The Bot API method; the call's fields sit beside it and are sent as they are. */
  method: string;
}

/**
 * What the webhook hands each update to: the bot's `handleWebhookUpdate`, wired by the composition root.
 * It resolves once the update has been handled, with the call to give as the reply, if any.
 */
export type HandleUpdate = (update: Update) => Promise<WebhookReply | undefined | void>;

export interface TelegramWebhook {
  /** The route's path (the bot registers the same one with Telegram). */
  path: string;
  /** Compared with the `X-Telegram-Bot-Api-Secret-Token` header of every request. */
  secret: string;
  handleUpdate: HandleUpdate;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Equal-length digests make the comparison constant-time whatever the header's length. */
function secretMatches(expected: Buffer, received: unknown): boolean {
  return typeof received === 'string' && timingSafeEqual(expected, digest(received));
}

/** Telegram's webhook: a request without the right secret is refused before anything is read from it. */
export function telegramWebhook(app: FastifyInstance, { path, secret, handleUpdate }: TelegramWebhook): void {
  // The secret's digest once, not once a request.
  const expected = digest(secret);
  app.post(path, async (req, reply) => {
    if (!secretMatches(expected, req.headers['x-telegram-bot-api-secret-token'])) {
      return reply.code(401).send({ ok: false });
    }
    const update = req.body as Partial<Update> | undefined;
    // Telegram numbers updates from 0 up: anything else is no update of its.
    if (!update || typeof update !== 'object' || Array.isArray(update) || !Number.isSafeInteger(update.update_id) || update.update_id! < 0) {
      return reply.code(400).send({ ok: false });
    }
    // An update carries one object besides its id (message, callback_query…). Without one there is nothing
    // to handle: acknowledged and dropped, since an error answer would only make Telegram send it again.
    if (!carriesContent(update)) return { ok: true };
    let call: WebhookReply | undefined | void;
    try {
      call = await handleUpdate(update as Update);
    } catch (err) {
      // The database is away and nothing of the update was kept: Telegram delivers it again after a 5xx.
      if (err instanceof DatabaseUnavailable) return reply.code(503).header('retry-after', '5').send({ ok: false });
      throw err;
    }
    // The button's answer rides on the reply, given only now that the update has ended: a crash before this
    // point leaves Telegram without a 2xx, and it delivers the update again. Telegram's result of the call
    // is not seen, so only a call whose failure changes nothing goes this way.
    return call ?? { ok: true };
  });
}

function carriesContent(update: object): boolean {
  return Object.entries(update).some(([key, value]) => key !== 'update_id' && value !== null && typeof value === 'object' && !Array.isArray(value));
}
