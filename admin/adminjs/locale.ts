import type { Locale } from 'adminjs';
import en from './locale/en.json' with { type: 'json' };
import enLabels from './locale/labels.en.json' with { type: 'json' };
import ru from './locale/ru.json' with { type: 'json' };
import ruLabels from './locale/labels.ru.json' with { type: 'json' };

/** AdminJS's own UI strings (it ships no Russian) plus our resource and property names. */
export const panelLocale: Locale = {
  language: 'ru',
  availableLanguages: ['ru', 'en'],
  localeDetection: false,
  translations: {
    ru: { ...ru, ...ruLabels },
    en: { ...en, ...enLabels },
  },
};
