import type { RecordField } from '../records/record-fields.js';

/** A list filter's value: text as typed or chosen, or a range of dates. */
export type FilterValue = string | { from?: string; to?: string };
export type RecordFilters = Readonly<Record<string, FilterValue>>;
export type Where = Record<string, unknown>;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
const contains = (text: string) => ({ $ilike: `%${escapeLike(text)}%` });
const text = (value: FilterValue) => (typeof value === 'string' ? value : '');

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
    if (typeof value === 'object') {
      where.push({ [name]: { ...(value.from ? { $gte: value.from } : {}), ...(value.to ? { $lte: value.to } : {}) } });
    } else if (field.type === 'boolean') where.push({ [name]: value === 'true' });
    else if (field.type === 'integer' || field.type === 'decimal') where.push({ [name]: Number(value) });
    else if (field.array) where.push({ [name]: { $contains: [value] } });
    else if (field.type === 'reference' || field.values || field.type === 'date' || field.type === 'datetime') where.push({ [name]: value });
    else where.push({ [name]: contains(value) });
  }
  return where.length ? { $and: where } : {};
}
