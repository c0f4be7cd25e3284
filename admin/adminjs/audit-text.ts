import type { MikroORM } from '@mikro-orm/postgresql';
import { columnTitle, valueTitle } from '../../core/exports/column-titles.js';

/**
 * An audit line's before or after (a JSON column) as the show page's text: one «field: value» line per
 * field, in the order of the entity's properties, with the panel's Russian names of fields and values.
 */
export function auditText(orm: MikroORM, entityName: unknown, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return JSON.stringify(value);
  const kind = typeof entityName === 'string' ? entityName : '';
  const order = (kind && orm.getMetadata().find(kind)?.props.map((p) => p.name)) || [];
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  return Object.entries(value)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, v]) => {
      const text =
        v === null ? '—'
        : typeof v === 'boolean' ? (v ? 'да' : 'нет')
        : typeof v === 'string' ? valueTitle(kind, field, v)
        : Array.isArray(v) ? v.map((x) => valueTitle(kind, field, String(x))).join(', ')
        : JSON.stringify(v);
      return `${columnTitle(kind, field)}: ${text}`;
    })
    .join('\n');
}
