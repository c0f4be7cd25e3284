import { LANGUAGES } from '../../core/i18n/languages.js';
import { defineCallbackData, oneOf } from './define.js';

/** The language chosen with /language. */
export const languageChoice = defineCallbackData('lang1', { language: oneOf(LANGUAGES) });
