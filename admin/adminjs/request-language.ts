import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../core/i18n/languages.js';

/** The language a panel request asks for (`?lang=`), Russian by default; its refusals are answered in it too. */
export function requestLanguage(req: FastifyRequest): Language {
  const { lang } = req.query as { lang?: unknown };
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
}
