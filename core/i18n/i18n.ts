import i18next, { type i18n, type TFunction } from 'i18next';
import enBot from './locales/en/bot.json' with { type: 'json' };
import enCommon from './locales/en/common.json' with { type: 'json' };
import enErrors from './locales/en/errors.json' with { type: 'json' };
import enJournal from './locales/en/journal.json' with { type: 'json' };
import ruBot from './locales/ru/bot.json' with { type: 'json' };
import ruCommon from './locales/ru/common.json' with { type: 'json' };
import ruErrors from './locales/ru/errors.json' with { type: 'json' };
import ruJournal from './locales/ru/journal.json' with { type: 'json' };
import enDiary from './locales/en/diary.json' with { type: 'json' };
import enNotify from './locales/en/notify.json' with { type: 'json' };
import enMessages from './locales/en/messages.json' with { type: 'json' };
import enStatement from './locales/en/statement.json' with { type: 'json' };
import enSandbox from './locales/en/sandbox.json' with { type: 'json' };
import ruDiary from './locales/ru/diary.json' with { type: 'json' };
import ruNotify from './locales/ru/notify.json' with { type: 'json' };
import ruMessages from './locales/ru/messages.json' with { type: 'json' };
import ruStatement from './locales/ru/statement.json' with { type: 'json' };
import ruSandbox from './locales/ru/sandbox.json' with { type: 'json' };
import enAccess from './locales/en/access.json' with { type: 'json' };
import ruAccess from './locales/ru/access.json' with { type: 'json' };
import enJournalPage from './locales/en/journal-page.json' with { type: 'json' };
import ruJournalPage from './locales/ru/journal-page.json' with { type: 'json' };
import enSummary from './locales/en/summary.json' with { type: 'json' };
import ruSummary from './locales/ru/summary.json' with { type: 'json' };
import enReports from './locales/en/reports.json' with { type: 'json' };
import ruReports from './locales/ru/reports.json' with { type: 'json' };
import enArchive from './locales/en/archive.json' with { type: 'json' };
import ruArchive from './locales/ru/archive.json' with { type: 'json' };
import enIntegrity from './locales/en/integrity.json' with { type: 'json' };
import ruIntegrity from './locales/ru/integrity.json' with { type: 'json' };
import enMiniApp from './locales/en/miniApp.json' with { type: 'json' };
import ruMiniApp from './locales/ru/miniApp.json' with { type: 'json' };
import type { Problem } from '../base/errors.js';
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.js';
import { nestedQuotes } from './nested-quotes.js';

export type { TFunction };

export const resources = {
  ru: { common: ruCommon, bot: ruBot, errors: ruErrors, journal: ruJournal, diary: ruDiary, notify: ruNotify, messages: ruMessages, statement: ruStatement, sandbox: ruSandbox,
    access: ruAccess, journalPage: ruJournalPage, summary: ruSummary, reports: ruReports, integrity: ruIntegrity, archive: ruArchive, miniApp: ruMiniApp },
  en: { common: enCommon, bot: enBot, errors: enErrors, journal: enJournal, diary: enDiary, notify: enNotify, messages: enMessages, statement: enStatement, sandbox: enSandbox,
    access: enAccess, journalPage: enJournalPage, summary: enSummary, reports: enReports, integrity: enIntegrity, archive: enArchive, miniApp: enMiniApp },
} as const;

export const NAMESPACES = Object.keys(resources.ru) as (keyof typeof resources.ru)[];

/** One i18next instance per core (no global state), shared by the bot, notifications and reports. */
export async function createI18n(): Promise<i18n> {
  const instance = i18next.createInstance().use(nestedQuotes);
  await instance.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    ns: NAMESPACES,
    defaultNS: 'common',
    interpolation: { escapeValue: false },
    returnNull: false,
    postProcess: ['nestedQuotes'],
  });
  return instance;
}

/**
 * `i18n.t` in `language`, as `i18n.getFixedT(language)` translates, without its cost: getFixedT's function
 * copies all of i18next's options into a new object on every call (for key selectors and key prefixes, which
 * we do not use), and V8 moved a third of those copies into old space (400,000 calls in a loop: 7.0 KB allocated
 * and 2.3 KB promoted a call, against 2.9 KB and 0.06 KB here). The bot and the dispatcher translate a few dozen
 * texts an update, so it was tens of KB of old space a journal tap, the bulk of the heap's sawtooth under load.
 */
export function translator(i18n: i18n, language: Language): TFunction {
  const t = (key: unknown, options?: unknown, ...rest: unknown[]) => {
    // A default value or description in place of the options: turned into options as getFixedT does.
    const given = (typeof options === 'object' && options !== null
      ? options
      : i18n.options.overloadTranslationOptionHandler?.([key, options, ...rest] as never) ?? {}) as { lng?: string };
    return i18n.t(key as string, { ...given, lng: given.lng || language });
  };
  return t as unknown as TFunction;
}

/** A problem in words, in the language of `t`. */
export function describeProblem(t: TFunction, problem: Problem): string {
  return t(`errors:${problem.key}`, problem.params ?? {});
}
