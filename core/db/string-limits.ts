import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { problem, type Problem } from '../base/errors.js';

/**
 * Limits of the text columns, which PostgreSQL would take at any length: a topic says what was studied in
 * a line, a comment on a mark in a sentence or two, homework in a paragraph; a message or an announcement
 * fits one Telegram message with its header (core/messages/text-rules.ts checks those first).
 */
export const TEXT_LIMITS: Readonly<Record<string, number>> = {
  'Lesson.topic': 500,
  'ThematicPlanTopic.title': 500,
  'Mark.comment': 500,
  'Homework.text': 2000,
  'Announcement.text': 3000,
  'ThreadMessage.text': 3000,
};
/** Any other text column. */
export const DEFAULT_TEXT_LIMIT = 4000;

const VARCHAR = /^(?:varchar|character varying)\((\d+)\)$/;
const DATE_OR_TIME = /^(date|time|timestamp)/;

/** The longest string the property may hold, from its column (varchar(n), or text with the limits above); undefined for a non-string. */
export function maxLength(meta: EntityMetadata, prop: EntityProperty): number | undefined {
  if (prop.kind !== ReferenceKind.SCALAR || prop.enum) return undefined;
  const column = String(prop.columnTypes?.[0] ?? '').toLowerCase();
  const varchar = VARCHAR.exec(column);
  if (varchar) return Number(varchar[1]);
  if (column === 'text' || column === 'text[]') return TEXT_LIMITS[`${meta.className}.${prop.name}`] ?? DEFAULT_TEXT_LIMIT;
  if (typeof prop.length === 'number' && !DATE_OR_TIME.test(column)) return prop.length;
  return undefined;
}

/**
 * What is wrong with the strings among `values` (property name → value) for their columns, before
 * PostgreSQL sees them: longer than the column allows (tooLong, counted in characters as PostgreSQL
 * counts them), or holding NUL, which PostgreSQL cannot store in text at all (textInvalid). Arrays are
 * checked item by item.
 */
export function stringProblems(meta: EntityMetadata, values: Readonly<Record<string, unknown>>): Problem[] {
  const problems: Problem[] = [];
  for (const [name, value] of Object.entries(values)) {
    const prop = meta.properties[name as never] as EntityProperty | undefined;
    if (!prop) continue;
    const max = maxLength(meta, prop);
    const items = Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (typeof item !== 'string') continue;
      if (item.includes('\u0000')) problems.push(problem('textInvalid', name));
      else if (max !== undefined && [...item].length > max) problems.push(problem('tooLong', name, { max, length: [...item].length }));
      else continue;
      break;
    }
  }
  return problems;
}
