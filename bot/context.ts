import type { Context } from 'telegraf';
import type { TFunction } from '../core/i18n/i18n.js';
import type { Language } from '../core/i18n/languages.js';
import type { BotIdentity } from '../core/telegram/bot-identity.js';
import type { UpdateStart } from '../core/telegram/update-start.js';

/**
 * What every handler gets besides Telegraf's own context: the user's language and its translator, and who
 * the user acts as (undefined when the Telegram account is bound to nobody).
 */
export interface BotContext extends Context {
  language: Language;
  t: TFunction;
  identity?: BotIdentity | undefined;
  /**
   * The update's callback query (middlewares/callback-answer.ts): not answered yet, answered (a later answer
   * cannot reach the user), gone (Telegram no longer takes an answer to it), or held (a webhook update: the
   * answer rides on the webhook's HTTP reply unless the update fails or flushAnswer sends it first).
   */
  callbackAnswer?: 'pending' | 'answered' | 'gone' | 'held';
  /**
   * Sends a held answer now, through the Bot API: for a handler whose toast must show before slow work
   * («Готовлю график…», then the photo). Nothing to do when no answer is held.
   */
  flushAnswer: () => Promise<void>;
  /** Forgets a held answer, so that the query can be answered otherwise (the failure's text, bot/failure.ts). */
  dropHeldAnswer: () => void;
  /**
   * Work to do once the update's transaction has committed (middlewares/unit-of-work.ts): a reply that hands
   * out something only the commit makes real, such as a sign-in link, or the journal's screen after a change,
   * must not reach the user before it. It runs outside the unit of work: Bot API calls, no database.
   */
  afterCommit: (work: () => Promise<unknown>) => void;
  /**
   * What the update's first statement read with its claim (middlewares/unit-of-work.ts): the user's account,
   * and in a private chat its bindings and sessions, for the locale and identity middlewares.
   */
  updateStart?: UpdateStart;
  /** Where Telegram can open the journal grid's Mini App (an HTTPS origin, or the sandbox's); none: no such buttons. */
  miniAppOrigin?: string | undefined;
}
