import type { EntityManager } from '@mikro-orm/postgresql';
import { Guardian } from '../people/guardian.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import { fullName } from '../people/display-name.js';
import { School } from '../school/school.entity.js';
import { ThreadMessage } from './message-thread.entity.js';
import { knownSex } from '../people/sex-context.js';

export type Side = 'guardian' | 'staff';

/** One conversation in a list: who with, about which child, how many unread for the one who looks. */
export interface ThreadSummary {
  id: number;
  schoolId: number;
  guardian: { id: number; name: string };
  staff: { id: number; name: string };
  /** `sex` for the wording «Ученица: …» (none for a pseudonymised student). */
  student: { id: number; name: string; sex?: 'm' | 'f' };
  messages: number;
  unread: number;
  lastAt: Date | null;
  /** The last message, as it was written. */
  lastText: string | null;
  lastAuthor: Side | null;
}

/** A conversation with its messages, oldest first. */
export interface ThreadView extends ThreadSummary {
  /** The school's time zone, to show when each message was written. */
  timeZone: string;
  items: { id: number; author: Side; text: string; createdAt: Date; readAt: Date | null }[];
  /** Whether older messages were left out. */
  earlier: boolean;
}

export interface ThreadFilter {
  schoolId?: number;
  guardianId?: number;
  staffId?: number;
  studentIds?: readonly number[];
  threadId?: number;
}

interface Row {
  id: number;
  school_id: number;
  guardian_id: number;
  staff_id: number;
  student_id: number;
  messages: string;
  unread: string;
  last_at: Date | null;
}

/**
 * Threads matching `filter`, most recent conversation first, with their unread count for `reader` (the
 * messages of the other side not read yet); `reader` undefined counts none (the panel reads, it does not answer).
 */
export async function findThreads(
  em: EntityManager,
  filter: ThreadFilter,
  reader: Side | undefined,
  page: { limit?: number; offset?: number } = {},
): Promise<{ rows: ThreadSummary[]; total: number }> {
  const where: string[] = ['true'];
  const params: unknown[] = [];
  const add = (sql: string, ...values: unknown[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.schoolId !== undefined) add('t.school_id = ?', filter.schoolId);
  if (filter.guardianId !== undefined) add('t.guardian_id = ?', filter.guardianId);
  if (filter.staffId !== undefined) add('t.staff_id = ?', filter.staffId);
  if (filter.threadId !== undefined) add('t.id = ?', filter.threadId);
  if (filter.studentIds) {
    if (!filter.studentIds.length) return { rows: [], total: 0 };
    add('t.student_id in (?)', filter.studentIds);
  }
  const other: Side | null = reader === 'guardian' ? 'staff' : reader === 'staff' ? 'guardian' : null;
  const sqlWhere = where.join(' and ');
  const [{ total = '0' } = {}] = await em.execute<{ total: string }[]>(`select count(*) as total from message_thread t where ${sqlWhere}`, params);
  const rows = await em.execute<Row[]>(
    `select t.id, t.school_id, t.guardian_id, t.staff_id, t.student_id, count(m.id) as messages,
        count(m.id) filter (where m.author = ? and m.read_at is null) as unread, max(m.created_at) as last_at
       from message_thread t left join thread_message m on m.thread_id = t.id
      where ${sqlWhere}
      group by t.id order by max(m.created_at) desc nulls last, t.id desc
      limit ? offset ?`,
    [other ?? '', ...params, page.limit ?? 1000, page.offset ?? 0],
  );
  return { rows: await summaries(em, rows), total: Number(total) };
}

async function summaries(em: EntityManager, rows: Row[]): Promise<ThreadSummary[]> {
  if (!rows.length) return [];
  const ids = (key: keyof Row) => [...new Set(rows.map((r) => r[key] as number))];
  // One after another: inside a transaction they share one connection.
  const guardians = await em.find(Guardian, { id: { $in: ids('guardian_id') } });
  const staff = await em.find(Staff, { id: { $in: ids('staff_id') } });
  const students = await em.find(Student, { id: { $in: ids('student_id') } });
  const last = await em.execute<{ thread_id: number; text: string; author: Side }[]>(
    `select distinct on (thread_id) thread_id, text, author from thread_message where thread_id in (?) order by thread_id, created_at desc, id desc`,
    [ids('id')],
  );
  const nameOf = (list: ({ id: number } & Parameters<typeof fullName>[0])[], id: number) => {
    const found = list.find((x) => x.id === id);
    return found ? fullName(found) : `№${id}`;
  };
  return rows.map((r) => {
    const latest = last.find((l) => l.thread_id === r.id);
    return {
      id: r.id,
      schoolId: r.school_id,
      guardian: { id: r.guardian_id, name: nameOf(guardians, r.guardian_id) },
      staff: { id: r.staff_id, name: nameOf(staff, r.staff_id) },
      student: { id: r.student_id, name: nameOf(students, r.student_id), ...sexOf(students.find((x) => x.id === r.student_id)) },
      messages: Number(r.messages),
      unread: Number(r.unread),
      lastAt: r.last_at ? new Date(r.last_at) : null,
      lastText: latest?.text ?? null,
      lastAuthor: latest?.author ?? null,
    };
  });
}

const sexOf = (student: Student | undefined) => {
  const sex = student ? knownSex(student) : undefined;
  return sex ? { sex } : {};
};

/** The thread's summary and its last `limit` messages, oldest first. */
export async function threadView(em: EntityManager, summary: ThreadSummary, limit: number): Promise<ThreadView> {
  const items = await em.find(ThreadMessage, { thread: summary.id }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 });
  const earlier = items.length > limit;
  const school = await em.findOneOrFail(School, summary.schoolId);
  return {
    ...summary,
    timeZone: school.timeZone,
    earlier,
    items: items.slice(0, limit).reverse().map((m) => ({ id: m.id, author: m.author, text: m.text, createdAt: m.createdAt, readAt: m.readAt ?? null })),
  };
}

/** Marks the messages `reader` received in the thread as read. */
export async function markRead(em: EntityManager, threadId: number, reader: Side, at: Date): Promise<number> {
  return em.nativeUpdate(ThreadMessage, { thread: threadId, author: reader === 'guardian' ? 'staff' : 'guardian', readAt: null }, { readAt: at });
}

