import type { EntityManager } from '@mikro-orm/postgresql';
import type { NameParts } from '../people/display-name.js';
import { likeFirstName, namePattern, scrubJson, scrubText } from './name-scrub.js';

/** Whom a withdrawal pseudonymises: the row's kind and id, its name as it was, and the code replacing it. */
export interface Pseudonymised {
  kind: 'student' | 'guardian';
  id: number;
  schoolId: number;
  name: NameParts;
  code: string;
}

// Free text a school's people write, where a name may stand: letters, notes, comments, homework for one student.
const TEXT_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'thread_message', column: 'text' },
  { table: 'consent', column: 'note' },
  { table: 'student_movement', column: 'note' },
  { table: 'announcement', column: 'title' },
  { table: 'announcement', column: 'text' },
  { table: 'mark', column: 'comment' },
  { table: 'homework', column: 'text' },
];

// JSON the system wrote: the audit log's before and after, the outbox's payloads (sent or waiting).
const JSON_COLUMNS: readonly { table: string; columns: readonly string[] }[] = [
  { table: 'audit_entry', columns: ['before', 'after'] },
  { table: 'notification', columns: ['payload'] },
];

const ENTITY = { student: 'Student', guardian: 'Guardian' } as const;

/**
 * The person's own audit lines (its row as created, changed, deleted) keep the change but not the name:
 * the name fields become the code, a guardian's contacts empty.
 */
export async function scrubOwnAuditLines(em: EntityManager, person: Pseudonymised): Promise<number> {
  const rows = await em.execute<{ id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[]>(
    'select id, before, after from audit_entry where entity = ? and entity_id = ?', [ENTITY[person.kind], String(person.id)]);
  const blank = (snapshot: Record<string, unknown> | null) => {
    if (!snapshot) return null;
    const out: Record<string, unknown> = { ...snapshot };
    if ('lastName' in out) out.lastName = person.code;
    if ('firstName' in out) out.firstName = '';
    if ('middleName' in out) out.middleName = null;
    if (person.kind === 'guardian') {
      if ('phone' in out) out.phone = null;
      if ('email' in out) out.email = null;
    }
    return out;
  };
  for (const row of rows) {
    await em.execute('update audit_entry set before = ?::jsonb, after = ?::jsonb where id = ?', [json(blank(row.before)), json(blank(row.after)), row.id]);
  }
  return rows.length;
}

const json = (value: unknown) => (value === null ? null : JSON.stringify(value));

/**
 * Every text and JSON value of the school that names the person in full (name-scrub.ts) names it by its code
 * instead. Rows are found by the first name (in every form of the name), then rewritten only where the
 * pattern matched. Returns how many values changed.
 */
export async function scrubNamesInTexts(em: EntityManager, person: Pseudonymised): Promise<number> {
  const pattern = namePattern(person.name);
  if (!pattern) return 0;
  const like = likeFirstName(person.name);
  let changed = 0;
  for (const { table, column } of TEXT_COLUMNS) {
    const rows = await em.execute<{ id: number; value: string }[]>(
      `select id, ${column} as value from ${table} where school_id = ? and ${column} ilike ?`, [person.schoolId, like]);
    for (const row of rows) {
      const value = scrubText(row.value, pattern, person.code);
      if (value === row.value) continue;
      await em.execute(`update ${table} set ${column} = ? where id = ?`, [value, row.id]);
      changed++;
    }
  }
  for (const { table, columns } of JSON_COLUMNS) {
    for (const column of columns) {
      const rows = await em.execute<{ id: string; value: unknown }[]>(
        `select id, ${column} as value from ${table} where school_id = ? and ${column}::text ilike ?`, [person.schoolId, like]);
      for (const row of rows) {
        const value = scrubJson(row.value, pattern, person.code);
        if (JSON.stringify(value) === JSON.stringify(row.value)) continue;
        await em.execute(`update ${table} set ${column} = ?::jsonb where id = ?`, [json(value), row.id]);
        changed++;
      }
    }
  }
  return changed;
}

/**
 * The outbox forgets the person: whatever was sent or waits for it goes, and so does whatever waits for a
 * family about a pseudonymised student (nobody in that family may still be told). How many rows went.
 */
export async function dropNotifications(em: EntityManager, person: Pseudonymised): Promise<number> {
  const own = await em.execute<{ id: string }[]>(
    'delete from notification where person_kind = ? and person_id = ? and school_id = ? returning id', [person.kind, person.id, person.schoolId]);
  if (person.kind !== 'student') return own.length;
  const about = await em.execute<{ id: string }[]>(
    `delete from notification where student_id = ? and school_id = ? and status = 'pending' and person_kind in ('guardian', 'student') returning id`,
    [person.id, person.schoolId]);
  return own.length + about.length;
}
