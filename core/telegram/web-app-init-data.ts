import { createHmac, timingSafeEqual } from 'node:crypto';

/** The Telegram user a Mini App was opened by, as Telegram signed it (only what the product reads). */
export interface WebAppUser {
  id: number;
  languageCode: string | undefined;
}

/** initData that passed the check: whose, when it was signed, and its hash (the launch's fingerprint). */
export interface VerifiedInitData {
  user: WebAppUser;
  /** When Telegram signed it (unix seconds). */
  authDate: number;
  queryId: string | undefined;
  hash: string;
}

/** Why initData was refused: unreadable, not signed with this bot's token, too old, from the future, or nobody's. */
export type InitDataFault = 'malformed' | 'signature' | 'expired' | 'future' | 'noUser';

export type InitDataCheck = { ok: true; data: VerifiedInitData } | { ok: false; fault: InitDataFault };

/** Telegram's limit for how long a launch's initData is accepted here (issue 19: one hour). */
export const INIT_DATA_MAX_AGE_SECONDS = 3600;
/** A client's clock may run a little ahead of ours; more than this is not a clock, it is a forgery. */
const FUTURE_SKEW_SECONDS = 60;

/**
 * Telegram's check of a Mini App's initData ("Validating data received via the Mini App"): the key is
 * HMAC-SHA-256 of the bot token keyed with "WebAppData"; the hash is HMAC-SHA-256, under that key, of every
 * field but `hash`, sorted by name, as `name=value` lines. Compared in constant time. A field given twice is
 * refused rather than guessed at (URLSearchParams would keep both, Telegram never sends two).
 */
export function checkInitData(raw: string, botToken: string, now: Date, maxAgeSeconds = INIT_DATA_MAX_AGE_SECONDS): InitDataCheck {
  const fields = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(raw)) {
    if (fields.has(name)) return { ok: false, fault: 'malformed' };
    fields.set(name, value);
  }
  const hash = fields.get('hash');
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, fault: 'malformed' };
  fields.delete('hash');
  const expected = initDataHash(fields, botToken);
  if (!timingSafeEqual(Buffer.from(hash, 'hex'), expected)) return { ok: false, fault: 'signature' };

  const authDate = Number(fields.get('auth_date'));
  if (!Number.isSafeInteger(authDate) || authDate <= 0) return { ok: false, fault: 'malformed' };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (authDate > nowSeconds + FUTURE_SKEW_SECONDS) return { ok: false, fault: 'future' };
  if (nowSeconds - authDate > maxAgeSeconds) return { ok: false, fault: 'expired' };

  const user = userOf(fields.get('user'));
  if (!user) return { ok: false, fault: 'noUser' };
  return { ok: true, data: { user, authDate, queryId: fields.get('query_id'), hash } };
}

/** The hash Telegram puts in initData for `fields` (without `hash`), signed for the bot of `botToken`. */
export function initDataHash(fields: ReadonlyMap<string, string>, botToken: string): Buffer {
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const dataCheckString = [...fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('\n');
  return createHmac('sha256', secret).update(dataCheckString).digest();
}

function userOf(json: string | undefined): WebAppUser | undefined {
  if (!json) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { id, language_code: languageCode } = parsed as { id?: unknown; language_code?: unknown };
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return undefined;
  return { id, languageCode: typeof languageCode === 'string' ? languageCode : undefined };
}
