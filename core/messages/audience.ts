import type { EntityManager } from '@mikro-orm/postgresql';
import { relationSql, studentsOf } from '../access/relations.js';

/** A person a notification goes to, as the outbox takes it. */
export interface Recipient {
  personKind: 'guardian' | 'student' | 'staff';
  personId: number;
}

/** Who an announcement reaches: guardians and students, or guardians alone (a class teacher's letter to parents). */
export type Audience = 'all' | 'guardians';

const BOUND = (kind: string, alias: string) =>
  `exists (select 1 from telegram_binding b where b.person_kind = '${kind}' and b.person_id = ${alias}.id and b.revoked_at is null and b.school_id = ${alias}.school_id)`;
const CURRENT = relationSql.current('s');

/**
 * The guardians and students of the whole school who can be told anything: those with a Telegram binding
 * in force, students still at school, guardians of such students.
 */
export async function schoolAudience(em: EntityManager, schoolId: number, audience: Audience): Promise<Recipient[]> {
  const guardians = await em.execute<{ id: number }[]>(
    `select distinct g.id from guardian g join student_guardian l on l.guardian_id = g.id join student s on s.id = l.student_id
      where g.school_id = ? and ${CURRENT} and ${BOUND('guardian', 'g')} order by g.id`,
    [schoolId],
  );
  const students = audience === 'all'
    ? await em.execute<{ id: number }[]>(`select s.id from student s where s.school_id = ? and ${CURRENT} and ${BOUND('student', 's')} order by s.id`, [schoolId])
    : [];
  return [
    ...guardians.map((r) => ({ personKind: 'guardian' as const, personId: r.id })),
    ...students.map((r) => ({ personKind: 'student' as const, personId: r.id })),
  ];
}

/** The same for one class on `date`: its students (open stretches) and their guardians. */
export async function groupAudience(em: EntityManager, groupId: number, date: string, audience: Audience): Promise<Recipient[]> {
  const inGroup = await studentsOf(em, [groupId], date);
  if (inGroup.length === 0) return [];
  const guardians = await em.execute<{ id: number }[]>(
    `select distinct g.id from guardian g join student_guardian l on l.guardian_id = g.id join student s on s.id = l.student_id
      where s.id in (?) and ${CURRENT} and ${BOUND('guardian', 'g')} order by g.id`,
    [inGroup],
  );
  const students = audience === 'all'
    ? await em.execute<{ id: number }[]>(`select s.id from student s where s.id in (?) and ${CURRENT} and ${BOUND('student', 's')} order by s.id`, [inGroup])
    : [];
  return [
    ...guardians.map((r) => ({ personKind: 'guardian' as const, personId: r.id })),
    ...students.map((r) => ({ personKind: 'student' as const, personId: r.id })),
  ];
}
