import type { MetadataStorage } from '@mikro-orm/core';
import { columnTitle, valueTitle } from '../exports/column-titles.js';

/** One value of an audit snapshot in words: the panel's Russian names of values, «да»/«нет», «—» for none. */
export function shownValue(kind: string, field: string, value: unknown): string {
  return value === null || value === undefined ? '—'
    : typeof value === 'boolean' ? (value ? 'да' : 'нет')
    : typeof value === 'string' ? valueTitle(kind, field, value)
    : Array.isArray(value) ? value.map((x) => valueTitle(kind, field, String(x))).join(', ')
    : JSON.stringify(value);
}

/**
 * An audit line's before or after (a JSON column) as text: one «field: value» line per field, in the
 * order of the entity's properties, with the panel's Russian names of fields and values.
 */
export function auditText(metadata: MetadataStorage, entityName: unknown, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const kind = typeof entityName === 'string' ? entityName : '';
  const order = (kind && metadata.find(kind)?.props.map((p) => p.name)) || [];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.entries(value)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, v]) => `${columnTitle(kind, field)}: ${shownValue(kind, field, v)}`)
    .join('\n');
}
