import type { Filter } from 'adminjs';
import type { FilterValue, RecordFilters } from '../../core/panel/record-filter.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

/** AdminJS's filter as the core's: each field's text, or its date range (`from`/`to`). The core decides what they mean. */
export function recordFilters(filter: Filter | undefined): RecordFilters {
  const filters: Record<string, FilterValue> = {};
  for (const [name, { value }] of Object.entries(filter?.filters ?? {})) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const range = value as { from?: unknown; to?: unknown };
      const from = text(range.from);
      const to = text(range.to);
      filters[name] = { ...(from ? { from } : {}), ...(to ? { to } : {}) };
    } else {
      filters[name] = text(value) ?? '';
    }
  }
  return filters;
}
