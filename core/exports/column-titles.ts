import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';

type Labels = {
  resources?: Record<string, { properties?: Record<string, string>; labels?: Record<string, Record<string, string>> }>;
};

// The panel's labels (admin/adminjs/locale/labels.<language>.json), read as data: the same place from
// core/exports/*.ts and from dist/core/exports/*.js.
const LOCALE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../admin/adminjs/locale');

const cached = new Map<Language, Labels>();

function labels(language: Language): Labels {
  let found = cached.get(language);
  if (!found) {
    try {
      found = JSON.parse(fs.readFileSync(path.join(LOCALE_DIR, `labels.${language}.json`), 'utf8')) as Labels;
    } catch {
      found = {};
    }
    cached.set(language, found);
  }
  return found;
}

/** The panel's name of a property (`resources.<Kind>.properties.<prop>`) in `language`, else the property's name. */
export function columnTitle(kind: string, property: string, language: Language = DEFAULT_LANGUAGE): string {
  return labels(language).resources?.[kind]?.properties?.[property] ?? property;
}

/** The panel's name of an enum value (`labels.<prop>.<value>` or `properties["<prop>.<value>"]`) in `language`, else the value. */
export function valueTitle(kind: string, property: string, value: string, language: Language = DEFAULT_LANGUAGE): string {
  const resource = labels(language).resources?.[kind];
  return resource?.labels?.[property]?.[value] ?? resource?.properties?.[`${property}.${value}`] ?? value;
}
