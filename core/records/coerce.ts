import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { stringProblems } from '../db/string-limits.js';
import { problem, type Problem } from '../base/errors.js';

const isArray = (prop: EntityMetadata['props'][number]) => Boolean(prop.array) || prop.columnTypes?.[0]?.endsWith('[]') === true;

/** A cell or form value as text (objects, which forms never send for scalars, as JSON). */
const text = (raw: unknown): string => (typeof raw === 'string' ? raw : typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : JSON.stringify(raw));

const isDate = (prop: EntityMetadata['props'][number]) => prop.columnTypes?.[0] === 'date';

// Set by the system, never by whoever sends the data (a pseudonym only by a withdrawal of consent, G3).
const SYSTEM_FIELDS = new Set(['id', 'school', 'createdAt', 'updatedAt', 'version', 'pseudonymNo']);

// Control characters other than tab and line breaks: never typed into a form or a spreadsheet cell.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Turns loosely typed input (form fields, spreadsheet cells: everything a string) into the entity's
 * types, keeping only the entity's own editable fields. Values that cannot be read become problems, and
 * so do strings too long for their column or holding control characters: all of them before anything is
 * saved, each next to its field.
 */
export function coerceInput(meta: EntityMetadata, input: Record<string, unknown>): { data: Record<string, unknown>; problems: Problem[] } {
  const data: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const prop of meta.props) {
    if (SYSTEM_FIELDS.has(prop.name) || !(prop.name in input)) continue;
    const raw = input[prop.name];
    const empty = raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
    if (empty) {
      if (prop.kind === ReferenceKind.SCALAR && prop.runtimeType === 'boolean') data[prop.name] = false;
      else if (isArray(prop)) data[prop.name] = [];
      else data[prop.name] = null;
      continue;
    }
    if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
      const id = Number(raw);
      if (Number.isSafeInteger(id) && id > 0) data[prop.name] = id;
      else problems.push(problem('referenceInvalid', prop.name));
      continue;
    }
    if (prop.kind !== ReferenceKind.SCALAR) continue;
    if (isArray(prop)) {
      data[prop.name] = Array.isArray(raw) ? raw.map(String) : text(raw).split(',').map((s) => s.trim()).filter(Boolean);
    } else if (prop.enum && prop.items && !prop.items.includes(text(raw))) {
      problems.push(problem('valueNotAllowed', prop.name, { value: text(raw) }));
    } else if (prop.runtimeType === 'number') {
      const value = Number(text(raw).replace(',', '.'));
      if (Number.isFinite(value)) data[prop.name] = value;
      else problems.push(problem('numberInvalid', prop.name, { value: text(raw) }));
    } else if (prop.runtimeType === 'boolean') {
      data[prop.name] = raw === true || ['true', '1', 'да', 'yes'].includes(text(raw).trim().toLowerCase());
    } else if (isDate(prop)) {
      // Forms send dates as midnight UTC timestamps ("2026-09-01T00:00:00.000Z"); the day is the first ten characters.
      const value = raw instanceof Date ? raw.toISOString() : text(raw).trim();
      data[prop.name] = /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
    } else {
      data[prop.name] = typeof raw === 'string' ? raw.trim() : text(raw);
    }
  }
  for (const [name, value] of Object.entries(data)) {
    if (typeof value === 'string' && CONTROL.test(value)) problems.push(problem('textInvalid', name));
  }
  const unreadable = new Set(problems.map((p) => p.field));
  problems.push(...stringProblems(meta, data).filter((p) => !unreadable.has(p.field)));
  return { data, problems };
}

/** A field the person filling the form must give: not null in the database, no default, not the system's to set. */
export function isRequiredInput(prop: EntityProperty): boolean {
  return !SYSTEM_FIELDS.has(prop.name) && !prop.nullable && prop.default === undefined && prop.defaultRaw === undefined && !prop.primary
    && (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.MANY_TO_ONE);
}

/** Which required fields the data leaves empty on creation. */
export function missingRequired(meta: EntityMetadata, data: Record<string, unknown>): Problem[] {
  return meta.props
    .filter((p) => isRequiredInput(p) && (data[p.name] === undefined || data[p.name] === null))
    .map((p) => problem('required', p.name));
}

/** Fills the fields the input leaves out with the entity's declared defaults, so rules see real values. */
export function withDefaults(meta: EntityMetadata, data: Record<string, unknown>): Record<string, unknown> {
  for (const prop of meta.props) {
    if (data[prop.name] !== undefined || SYSTEM_FIELDS.has(prop.name) || prop.primary) continue;
    if (prop.kind !== ReferenceKind.SCALAR) {
      if (prop.nullable && prop.kind === ReferenceKind.MANY_TO_ONE) data[prop.name] = null;
    } else if (isArray(prop)) data[prop.name] = [];
    else if (prop.default !== undefined && prop.default !== null) data[prop.name] = prop.default;
    else if (prop.nullable) data[prop.name] = null;
  }
  return data;
}
