import type { MetadataStorage } from '@mikro-orm/core';
import { columnTitle, valueTitle } from '../exports/column-titles.js';
import { resources } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';

/** One value of an audit snapshot in words of `language`: the panel's names of values, yes/no, «—» for none. */
export function shownValue(kind: string, field: string, value: unknown, language: Language = DEFAULT_LANGUAGE): string {
  const words = resources[language].common.audit;
  return value === null || value === undefined ? '—'
    : typeof value === 'boolean' ? (value ? words.yes : words.no)
    : typeof value === 'string' ? valueTitle(kind, field, value, language)
    : Array.isArray(value) ? value.map((x) => valueTitle(kind, field, String(x), language)).join(', ')
    : JSON.stringify(value);
}

/**
 * An audit line's before or after (a JSON column, stored as the entity's fields and values) as text for a
 * reader of `language`: one «field: value» line per field, in the order of the entity's properties, with the
 * panel's names of fields and values in that language. Worded when read, so each reader gets their own.
 */
export function auditText(metadata: MetadataStorage, entityName: unknown, value: unknown, language: Language = DEFAULT_LANGUAGE): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const kind = typeof entityName === 'string' ? entityName : '';
  const order = (kind && metadata.find(kind)?.props.map((p) => p.name)) || [];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.entries(value)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, v]) => `${columnTitle(kind, field, language)}: ${shownValue(kind, field, v, language)}`)
    .join('\n');
}
