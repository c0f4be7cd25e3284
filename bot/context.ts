import type { Context } from 'telegraf';
import type { TFunction } from '../core/i18n/i18n.js';
import type { Language } from '../core/i18n/languages.js';

/** What every handler gets besides Telegraf's own context: the user's language and its translator. */
export interface BotContext extends Context {
  language: Language;
  t: TFunction;
}
