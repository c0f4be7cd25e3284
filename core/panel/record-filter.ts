import type { RecordField } from '../records/record-fields.js';

/** A list filter's value: text as typed or chosen, or a range of dates. */
export type FilterValue = string | { from?: string; to?: string };
export type RecordFilters = Readonly<Record<string, FilterValue>>;
export type Where = Record<string, unknown>;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (text: string) => ({ $ilike: `%${escapeLike(text)}%` });
// PostgreSQL refuses NUL in text, and no stored value holds a control character: a filter never needs them.
const text = (value: FilterValue) => (typeof value === 'string' ? value.replace(/[\u0000-\u001f\u007f]/g, '') : '');
/** Matches no row: a filter whose value cannot be one of the column (`abc` for a number, `13.13.2026` for a date). */
const NOTHING = { $in: [] };
const isNumber = (value: string) => value.trim() !== '' && Number.isFinite(Number(value));
const isDateText = (value: string) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));

/**
 * A list's filters as a MikroORM where, case-insensitive for text («иванов» finds «Иванов»). Two names are
 * not columns: `fullName` of a person searches surname, name and patronymic word by word; `title` of a
 * teaching assignment its subject and class. Names that are no field of the kind are ignored.
 */
export function filterWhere(fields: readonly RecordField[], filters: RecordFilters, virtual: { fullName: boolean; assignmentTitle: boolean }): Where {
  const where: Where[] = [];
  for (const [name, value] of Object.entries(filters)) {
    if (name === 'title' && virtual.assignmentTitle) {
      const like = contains(text(value).trim());
      where.push({ $or: [{ subject: { name: like } }, { group: { name: like } }] });
      continue;
    }
    if (name === 'fullName' && virtual.fullName) {
      for (const word of text(value).trim().split(/\s+/).filter(Boolean)) {
        const like = contains(word);
        where.push({ $or: [{ lastName: like }, { firstName: like }, { middleName: like }] });
      }
      continue;
    }
    const field = fields.find((f) => f.path === name);
    if (!field) continue;
    // Whatever the browser sends is checked against the column's type first: a value the column cannot hold
    // matches nothing, and never reaches PostgreSQL to fail there.
    const dated = field.type === 'date' || field.type === 'datetime';
    if (typeof value === 'object') {
      const from = value.from === undefined ? undefined : text(value.from);
      const to = value.to === undefined ? undefined : text(value.to);
      if ((from && dated && !isDateText(from)) || (to && dated && !isDateText(to))) where.push({ [name]: NOTHING });
      else where.push({ [name]: { ...(from ? { $gte: from } : {}), ...(to ? { $lte: to } : {}) } });
      continue;
    }
    const typed = text(value);
    if (field.type === 'boolean') where.push({ [name]: typed === 'true' });
    else if (field.type === 'integer' || field.type === 'decimal' || field.type === 'reference') {
      where.push({ [name]: isNumber(typed) && (field.type === 'decimal' || Number.isSafeInteger(Number(typed))) ? Number(typed) : NOTHING });
    } else if (dated) where.push({ [name]: isDateText(typed) ? typed : NOTHING });
    else if (field.array || field.values) where.push(field.array ? { [name]: { $contains: [typed] } } : { [name]: typed });
    else where.push({ [name]: contains(typed) });
  }
  return where.length ? { $and: where } : {};
}
