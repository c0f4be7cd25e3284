import type { EntityManager } from '@mikro-orm/postgresql';
import { DateTime } from 'luxon';

export interface NotificationFigures {
  /** Waiting in the outbox now: held for coalescing or quiet hours, or not delivered yet. */
  waiting: number;
  /** Written on the day and given up on (the chat unreachable, Telegram refusing). */
  failed: number;
}

/**
 * The outbox (D10) of the school, or of the families of `studentIds` (a class teacher's classes: the rows
 * about those children, or to them or their guardians). One statement.
 */
export async function notificationFigures(em: EntityManager, schoolId: number, timeZone: string, day: string, studentIds: readonly number[] | 'all'): Promise<NotificationFigures> {
  if (studentIds !== 'all' && studentIds.length === 0) return { waiting: 0, failed: 0 };
  const start = DateTime.fromISO(day, { zone: timeZone }).startOf('day');
  const about = aboutStudents(studentIds);
  const [row] = await em.execute<{ waiting: number; failed: number }[]>(
    `select count(*) filter (where n.status = 'pending')::int as waiting,
            count(*) filter (where n.status = 'failed' and n.created_at >= ? and n.created_at < ?)::int as failed
       from notification n
      where n.school_id = ? and n.status in ('pending', 'failed') and ${about.sql}`,
    [start.toJSDate(), start.plus({ days: 1 }).toJSDate(), schoolId, ...about.bindings],
  );
  return { waiting: row?.waiting ?? 0, failed: row?.failed ?? 0 };
}

/**
 * The rows of the outbox `n` that concern `studentIds`: about one of them, to one of them, or to one of their
 * guardians ('all': no condition). With its bindings.
 */
export function aboutStudents(studentIds: readonly number[] | 'all'): { sql: string; bindings: unknown[] } {
  if (studentIds === 'all') return { sql: 'true', bindings: [] };
  if (studentIds.length === 0) return { sql: 'false', bindings: [] };
  const ids = [...studentIds];
  return {
    sql: `(n.student_id in (?)
      or (n.person_kind = 'student' and n.person_id in (?))
      or (n.person_kind = 'guardian' and exists (select 1 from student_guardian l where l.guardian_id = n.person_id and l.student_id in (?))))`,
    bindings: [ids, ids, ids],
  };
}
