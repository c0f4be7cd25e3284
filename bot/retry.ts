import { TelegramError } from 'telegraf';
import { sleep } from '../core/base/sleep.js';

/** «setWebhook 429», «getMe ECONNREFUSED»: what failed, by method and code (never the request or the message). */
export function describeFailure(method: string, err: unknown): string {
  if (err instanceof TelegramError) return `${method} ${err.code}`;
  const code = (err as { code?: unknown } | null)?.code;
  return `${method} ${typeof code === 'string' ? code : err instanceof Error ? err.name : 'error'}`;
}

export interface RetryOptions {
  /** The first wait; each further one doubles it, up to maxMs. */
  baseMs: number;
  maxMs: number;
  signal: AbortSignal;
  /** Told of each failure and how long until the next try. */
  onFailure(err: unknown, waitMs: number): void;
}

/**
 * Calls `call` until it succeeds or `signal` aborts (then it rejects with the signal's reason): after a
 * failure it waits as Telegram asked (429's retry_after) or with exponential backoff. Start-up calls go
 * through here, so a Telegram that is briefly away during a deploy delays the bot instead of leaving it off.
 */
export async function retrying<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    options.signal.throwIfAborted();
    try {
      return await call();
    } catch (err) {
      options.signal.throwIfAborted();
      const retryAfter = err instanceof TelegramError ? err.parameters?.retry_after : undefined;
      const waitMs = retryAfter !== undefined ? retryAfter * 1000 : Math.min(options.maxMs, options.baseMs * 2 ** attempt);
      options.onFailure(err, waitMs);
      // Aborted during the wait: the next turn rejects with the signal's reason.
      await sleep(waitMs, options.signal);
    }
  }
}
