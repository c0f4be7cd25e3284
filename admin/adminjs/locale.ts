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
  return withItemLabels(merge(merge(base, read), labels));
}

/** Properties whose value is a list of choices: an item of the list is looked up under its index. */
const LIST_CHOICES: Record<string, string> = { Staff: 'roles' };

/**
 * A list's item is edited as one select whose path is `<prop>.<index>`, and AdminJS looks its options' names
 * up under `[resources.<Kind>.]labels.<prop>.<index>.<value>`. The show page and the filter look under
 * `resources.<Kind>.labels.<prop>.<value>`, and AdminJS sends the words to the browser flattened and
 * unflattened again: an object whose keys are all indexes comes back as an array, and one with both kinds of
 * key loses the names (the show page then said «Administrator»). So the names by index go to the top-level
 * `labels.<prop>`, the fallback key, and the resource's own keep the names by value.
 */
function withItemLabels(tree: Tree): Tree {
  let out = tree;
  for (const [kind, prop] of Object.entries(LIST_CHOICES)) {
    const resource = (out.resources as Tree | undefined)?.[kind] as Tree | undefined;
    const names = (resource?.labels as Tree | undefined)?.[prop];
    if (typeof names !== 'object') continue;
    const items = Object.fromEntries(Object.keys(names).map((_, index) => [String(index), names]));
    out = merge(out, { labels: { [prop]: items } });
  }
  return out;
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
