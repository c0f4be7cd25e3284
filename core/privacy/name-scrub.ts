import type { NameParts } from '../people/display-name.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const word = (text: string) => `(?<![\\p{L}\\p{N}])${text}(?![\\p{L}\\p{N}])`;

/**
 * The ways a text names a person, as a pattern: «Иванова Мария (Петровна)», «Иванова М. П.», «Мария
 * (Петровна) Иванова», «Мария Петровна», «М. П. Иванова». Never a single word or a single initial: a
 * surname is often also a relative's (a father and his son, both «Иванов П.»), a first name anybody's.
 * Declined forms («Ивановой») are not recognised: free text is scrubbed as far as it can be, the records
 * themselves completely.
 */
export function namePattern(person: NameParts): RegExp | undefined {
  const last = person.lastName?.trim();
  const first = person.firstName?.trim();
  if (!last || !first) return undefined;
  const middle = person.middleName?.trim();
  const L = escape(last);
  const F = escape(first);
  const M = middle ? escape(middle) : undefined;
  const Fi = `${escape(first.charAt(0))}\\.`;
  const Mi = middle ? `${escape(middle.charAt(0))}\\.` : undefined;
  const s = '\\s+';
  const forms = [
    ...(M ? [`${L}${s}${F}${s}${M}`, `${F}${s}${M}${s}${L}`, `${L}${s}${Fi}\\s*${Mi}`, `${Fi}\\s*${Mi}${s}${L}`, `${F}${s}${M}`] : []),
    `${L}${s}${F}`, `${F}${s}${L}`,
  ];
  return new RegExp(forms.map((f) => word(f)).join('|'), 'giu');
}

/** `text` with every naming of the person replaced by `code`. */
export function scrubText(text: string, pattern: RegExp, code: string): string {
  return text.replace(pattern, code);
}

/** A JSON value with every string in it scrubbed (keys stay). */
export function scrubJson<T>(value: T, pattern: RegExp, code: string): T {
  if (typeof value === 'string') return scrubText(value, pattern, code) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubJson(v, pattern, code)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrubJson(v, pattern, code)])) as T;
  }
  return value;
}
