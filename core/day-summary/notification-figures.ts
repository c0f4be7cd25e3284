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
  const ids = studentIds === 'all' ? [] : [[...studentIds]];
  const about = studentIds === 'all' ? 'true' : `(n.student_id in (?)
    or (n.person_kind = 'student' and n.person_id in (?))
    or (n.person_kind = 'guardian' and exists (select 1 from student_guardian l where l.guardian_id = n.person_id and l.student_id in (?))))`;
  const [row] = await em.execute<{ waiting: number; failed: number }[]>(
    `select count(*) filter (where n.status = 'pending')::int as waiting,
            count(*) filter (where n.status = 'failed' and n.created_at >= ? and n.created_at < ?)::int as failed
       from notification n
      where n.school_id = ? and n.status in ('pending', 'failed') and ${about}`,
    [start.toJSDate(), start.plus({ days: 1 }).toJSDate(), schoolId, ...ids, ...ids, ...ids],
  );
  return { waiting: row?.waiting ?? 0, failed: row?.failed ?? 0 };
}
