import { isLanguage, type Language } from '../../core/i18n/languages.js';

// Versioned so that buttons from an older release are recognised as stale rather than misread.
const PREFIX = 'lang1:';

export const encodeLanguageChoice = (language: Language) => `${PREFIX}${language}`;

export function decodeLanguageChoice(data: string): Language | undefined {
  if (!data.startsWith(PREFIX)) return undefined;
  const language = data.slice(PREFIX.length);
  return isLanguage(language) ? language : undefined;
}

export const languageChoicePattern = /^lang1:/;
