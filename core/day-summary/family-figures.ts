import type { EntityManager } from '@mikro-orm/postgresql';
import { CURRENT_STUDENT_STATUSES, currentStudents, studentsOf, withConsent } from '../access/relations.js';
import type { SummaryScope } from './summary-scope.js';

export interface GuardianFigures {
  /** Guardians of the scope's students whose consent is in force and who are bound in Telegram. */
  connected: number;
  /** Every guardian of the scope's students. */
  total: number;
}

export interface DigestFigures {
  /** The Monday of the latest week digests were sent for, up to the day; null before the first. */
  weekStart: string | null;
  sent: number;
  acknowledged: number;
}

/** The students the families' figures are about: the school's, or the class teacher's classes' on the day; still at school. */
export async function scopeStudents(em: EntityManager, schoolId: number, day: string, scope: SummaryScope): Promise<number[]> {
  if (scope.schoolWide) {
    const rows = await em.execute<{ id: number }[]>('select id from student where school_id = ? and status in (?)', [schoolId, [...CURRENT_STUDENT_STATUSES]]);
    return rows.map((r) => r.id);
  }
  const inClasses = await studentsOf(em, scope.groupIds, day);
  return [...(await currentStudents(em, schoolId, inClasses))];
}

/** The guardians of `studentIds` (of the school), and which of them can be reached: consent in force, a binding in force. */
export async function guardianFigures(em: EntityManager, schoolId: number, studentIds: readonly number[], day: string): Promise<GuardianFigures> {
  if (studentIds.length === 0) return { connected: 0, total: 0 };
  const guardians = (await em.execute<{ id: number }[]>(
    `select distinct l.guardian_id as id from student_guardian l join guardian g on g.id = l.guardian_id
      where l.student_id in (?) and g.school_id = ?`,
    [[...studentIds], schoolId],
  )).map((r) => r.id);
  const consented = [...(await withConsent(em, guardians, day))];
  const bound = consented.length ? await em.execute<{ n: number }[]>(
    `select count(distinct b.person_id)::int as n from telegram_binding b
      where b.person_kind = 'guardian' and b.person_id in (?) and b.school_id = ? and b.revoked_at is null`,
    [consented, schoolId],
  ) : [];
  return { connected: bound[0]?.n ?? 0, total: guardians.length };
}

/** The latest week's digests about `studentIds` (D11): how many were sent and how many acknowledged. */
export async function digestFigures(em: EntityManager, schoolId: number, studentIds: readonly number[], day: string): Promise<DigestFigures> {
  const [week] = await em.execute<{ week: string | null }[]>(
    `select to_char(max(week_start), 'YYYY-MM-DD') as week from weekly_digest where school_id = ? and week_start <= ? and sent_at is not null`,
    [schoolId, day],
  );
  const weekStart = week?.week ?? null;
  if (!weekStart || studentIds.length === 0) return { weekStart, sent: 0, acknowledged: 0 };
  const [row] = await em.execute<{ sent: number; acknowledged: number }[]>(
    `select count(*)::int as sent, count(acknowledged_at)::int as acknowledged from weekly_digest
      where school_id = ? and week_start = ? and sent_at is not null and student_id in (?)`,
    [schoolId, weekStart, [...studentIds]],
  );
  return { weekStart, sent: row?.sent ?? 0, acknowledged: row?.acknowledged ?? 0 };
}
