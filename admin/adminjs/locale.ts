import type { Locale } from 'adminjs';
import en from './locale/en.json' with { type: 'json' };
import enLabels from './locale/labels.en.json' with { type: 'json' };
import ru from './locale/ru.json' with { type: 'json' };
import ruLabels from './locale/labels.ru.json' with { type: 'json' };

type Tree = { [key: string]: string | Tree };

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? merge(current, value) : value;
  }
  return out;
}

/** AdminJS's own UI strings (it ships no Russian) plus our resource, property and value names. */
export const panelLocale: Locale = {
  language: 'ru',
  availableLanguages: ['ru', 'en'],
  localeDetection: false,
  translations: {
    ru: merge(ru, ruLabels),
    en: merge(en, enLabels),
  },
};
