import type { EntityManager } from '@mikro-orm/postgresql';
import type { NameParts } from '../people/display-name.js';
import { namePattern, scrubJson, scrubText } from './name-scrub.js';

/** Whom a withdrawal pseudonymises: the row's kind and id, its name as it was, and the code replacing it. */
export interface Pseudonymised {
  kind: 'student' | 'guardian';
  id: number;
  schoolId: number;
  name: NameParts;
  code: string;
}

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
 * The rows whose free text or JSON may name the person, found through its links rather than by searching the
 * school (a namesake's rows stay as they are, and nothing scans a year of marks): its letters, the consent
 * registry of it (or of its child's guardians), a student's movements, mark comments and own homework, the
 * school's announcements, the outbox about it (or about the guardian's children), and the audit lines of
 * those rows. `$s` is the student ids, `$g` the guardian ids the text is about.
 */
const LINKED: readonly { table: string; column: string; json?: true; rows: string }[] = [
  { table: 'thread_message', column: 'text', rows: 'select m.id from thread_message m join message_thread t on t.id = m.thread_id where t.student_id = any($s) or t.guardian_id = any($g)' },
  { table: 'consent', column: 'note', rows: 'select c.id from consent c where c.guardian_id = any($g) or c.guardian_id in (select guardian_id from student_guardian where student_id = any($s))' },
  { table: 'student_movement', column: 'note', rows: 'select id from student_movement where student_id = any($s)' },
  { table: 'mark', column: 'comment', rows: 'select id from mark where student_id = any($s) and comment is not null' },
  { table: 'homework', column: 'text', rows: 'select id from homework where student_id = any($s)' },
  { table: 'announcement', column: 'title', rows: 'select id from announcement where school_id = $school' },
  { table: 'announcement', column: 'text', rows: 'select id from announcement where school_id = $school' },
  { table: 'notification', column: 'payload', json: true, rows: `select id from notification where school_id = $school and (student_id = any($s)
      or student_id in (select student_id from student_guardian where guardian_id = any($g)))` },
  { table: 'audit_entry', column: 'before', json: true, rows: AUDIT_ROWS('before') },
  { table: 'audit_entry', column: 'after', json: true, rows: AUDIT_ROWS('after') },
];

function AUDIT_ROWS(column: 'before' | 'after'): string {
  return `select id from audit_entry where school_id = $school and ${column} is not null and (entity = 'Announcement'
      or (entity in ('Mark', 'Homework', 'StudentMovement', 'Attendance', 'PeriodMark') and (${column}->>'student')::int = any($s))
      or (entity = 'Consent' and ((${column}->>'guardian')::int = any($g) or (${column}->>'guardian')::int in (select guardian_id from student_guardian where student_id = any($s)))))`;
}

/**
 * Every text and JSON value linked to the people (LINKED) that names one of them in full (name-scrub.ts)
 * names it by its code instead. Returns how many values changed.
 */
export async function scrubNamesInTexts(em: EntityManager, people: readonly Pseudonymised[]): Promise<number> {
  const patterns = people.flatMap((p) => { const pattern = namePattern(p.name); return pattern ? [{ pattern, code: p.code }] : []; });
  if (patterns.length === 0) return 0;
  const schoolId = people[0]!.schoolId;
  const ids = (kind: Pseudonymised['kind']) => `{${people.filter((p) => p.kind === kind).map((p) => p.id).join(',')}}`;
  let changed = 0;
  for (const { table, column, json, rows } of LINKED) {
    const where = rows.replaceAll('$school', '?').replaceAll('$s', '?::int[]').replaceAll('$g', '?::int[]');
    const found = await em.execute<{ id: number; value: unknown }[]>(`select id, ${column} as value from ${table} where ${column} is not null and id in (${where})`,
      bind(rows, schoolId, ids('student'), ids('guardian')));
    for (const row of found) {
      let value: unknown = row.value;
      for (const { pattern, code } of patterns) value = json ? scrubJson(value, pattern, code) : scrubText(String(value), pattern, code);
      if (JSON.stringify(value) === JSON.stringify(row.value)) continue;
      await em.execute(`update ${table} set ${column} = ?${json ? '::jsonb' : ''} where id = ?`, [json ? JSON.stringify(value) : value, row.id]);
      changed++;
    }
  }
  return changed;
}

/** The parameters of a LINKED query, in the order its placeholders stand. */
function bind(rows: string, schoolId: number, students: string, guardians: string): unknown[] {
  return [...rows.matchAll(/\$(school|s|g)\b/g)].map((m) => (m[1] === 'school' ? schoolId : m[1] === 's' ? students : guardians));
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
