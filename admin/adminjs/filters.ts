import type { Filter } from 'adminjs';

type Where = Record<string, unknown>;

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * AdminJS filter → MikroORM where, case-insensitively for text (the MikroORM adapter's own is case
 * sensitive, so «иванов» would not find «Иванов»). `fullName` searches surname, name and patronymic;
 * `title` (of a teaching assignment) its subject and class.
 */
export function toWhere(filter: Filter | undefined): Where {
  const where: Where[] = [];
  for (const [name, element] of Object.entries(filter?.filters ?? {})) {
    const { value, property } = element;
    const type = property.type();
    if (name === 'title') {
      // An assignment's title: found by its subject or its class.
      const like = { $ilike: `%${escapeLike(typeof value === 'string' ? value.trim() : '')}%` };
      where.push({ $or: [{ subject: { name: like } }, { group: { name: like } }] });
    } else if (name === 'fullName') {
      for (const word of (typeof value === 'string' ? value : '').trim().split(/\s+/).filter(Boolean)) {
        const like = { $ilike: `%${escapeLike(word)}%` };
        where.push({ $or: [{ lastName: like }, { firstName: like }, { middleName: like }] });
      }
    } else if (typeof value === 'object' && value !== null) {
      const range = value as { from?: string; to?: string };
      where.push({ [name]: { ...(range.from ? { $gte: range.from } : {}), ...(range.to ? { $lte: range.to } : {}) } });
    } else if (type === 'boolean') where.push({ [name]: value === 'true' });
    else if (type === 'number' || type === 'float') where.push({ [name]: Number(value) });
    else if (type === 'reference' || property.availableValues()) where.push({ [name]: value });
    else if (type === 'date' || type === 'datetime') where.push({ [name]: value });
    else where.push({ [name]: { $ilike: `%${escapeLike(typeof value === 'string' ? value : '')}%` } });
  }
  return where.length ? { $and: where } : {};
}
