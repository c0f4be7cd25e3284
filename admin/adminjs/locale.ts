import type { Locale } from 'adminjs';
import en from './locale/en.json' with { type: 'json' };
import enLabels from './locale/labels.en.json' with { type: 'json' };
import ru from './locale/ru.json' with { type: 'json' };
import ruLabels from './locale/labels.ru.json' with { type: 'json' };
import ruReports from '../../core/i18n/locales/ru/reports.json' with { type: 'json' };
import enReports from '../../core/i18n/locales/en/reports.json' with { type: 'json' };
import { readResourceNames } from './read-resources.js';
import { PANEL_LANGUAGE_COOKIE } from './request-language.js';

type Tree = { [key: string]: string | Tree };

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}

/** A language's words for the panel: AdminJS's, ours, and what «Журнал доступа к ПДн» says was read. */
function words(base: Tree, labels: Tree, reports: { kind: Record<string, { title: string }> }): Tree {
  const read = { resources: { PersonalDataRead: { labels: { resource: readResourceNames(labels as never, reports.kind) } } } };
  return merge(merge(base, read), labels);
}

/**
 * AdminJS's own UI strings (it ships no Russian) plus our resource, property and value names. The language
 * picked in the top bar is kept in a cookie by i18next's browser detector and read back on every full load
 * (and by the server: request-language.ts); without the cookie the panel is Russian, whatever the browser says.
 */
export const panelLocale: Locale = {
  language: 'ru',
  availableLanguages: ['ru', 'en'],
  localeDetection: true,
  detection: {
    order: ['cookie'],
    lookupCookie: PANEL_LANGUAGE_COOKIE,
    caches: ['cookie'],
    cookieMinutes: 60 * 24 * 365,
    cookieOptions: { path: '/', sameSite: 'lax' },
  },
  translations: {
    ru: words(ru, ruLabels, ruReports),
    en: words(en, enLabels, enReports),
  },
};
