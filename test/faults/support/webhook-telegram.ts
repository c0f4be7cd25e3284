import type { Update } from 'telegraf/types';

/** How one update fared on its way to the product's webhook. */
export interface Delivery {
  update: Update;
  /** The HTTP status of each try (0: no answer: the connection failed or timed out). */
  statuses: number[];
  /** Resolves once the product answered 2xx. */
  done: Promise<void>;
  /** When it did (Date.now()). */
  takenAt?: number;
}

export const WEBHOOK_SECRET = 'fault-suite-webhook-secret';

/**
 * Telegram's side of a webhook: POSTs an update to `url` with the secret header, and, as Telegram does,
 * delivers it again after a wait while the answer is not a 2xx (or there is none). Gives up after
 * `giveUpMs` (Telegram keeps trying for hours; a scenario does not).
 */
export function deliverByWebhook(url: string, update: Update, options: { retryMs?: number; giveUpMs?: number; timeoutMs?: number } = {}): Delivery {
  const statuses: number[] = [];
  const delivery = { update, statuses } as Delivery;
  const until = Date.now() + (options.giveUpMs ?? 120_000);
  const done = (async () => {
    for (;;) {
      const status = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      }).then(async (res) => {
        await res.arrayBuffer();
        return res.status;
      }, () => 0);
      statuses.push(status);
      if (status >= 200 && status < 300) {
        delivery.takenAt = Date.now();
        return;
      }
      if (Date.now() > until) throw new Error(`update ${update.update_id} not taken: ${statuses.join(', ')}`);
      await new Promise((r) => setTimeout(r, options.retryMs ?? 1000));
    }
  })();
  done.catch(() => undefined);
  delivery.done = done;
  return delivery;
}
