import type { FastifyRequest } from 'fastify';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '../../core/i18n/languages.js';

/**
 * The cookie the panel's language selector keeps its choice in (i18next's browser detector writes it, see
 * locale.ts): read back by the browser on every full load and by the server for what it words itself.
 */
export const PANEL_LANGUAGE_COOKIE = 'klassny_lang';

const cookieValue = (req: FastifyRequest, name: string): string | undefined => {
  const parsed = (req as { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed) return parsed[name];
  const match = new RegExp(`(?:^|;\\s*)${name}=([^;]*)`).exec(req.headers.cookie ?? '');
  return match?.[1];
};

/**
 * The language a panel request asks for: `?lang=`, else the panel's chosen language (its cookie), Russian
 * by default; its refusals are answered in it too.
 */
export function requestLanguage(req: FastifyRequest): Language {
  const { lang } = (req.query ?? {}) as { lang?: unknown };
  if (isLanguage(lang)) return lang;
  const chosen = cookieValue(req, PANEL_LANGUAGE_COOKIE);
  return isLanguage(chosen) ? chosen : DEFAULT_LANGUAGE;
}
