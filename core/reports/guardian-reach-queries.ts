import type { EntityManager } from '@mikro-orm/postgresql';
import { withConsent } from '../access/relations.js';

const unique = (ids: readonly number[]) => [...new Set(ids)];

/** The students of each of `groupIds` on `day` (enrolled that day): `group → students`. */
export async function studentsOnDay(em: EntityManager, groupIds: readonly number[], day: string): Promise<Map<number, Set<number>>> {
  const byGroup = new Map<number, Set<number>>();
  if (groupIds.length === 0) return byGroup;
  const rows = await em.execute<{ group_id: number; student_id: number }[]>(
    `select distinct e.group_id, e.student_id from enrollment e
      where e.group_id in (?) and e.start_date <= ? and (e.end_date is null or e.end_date >= ?)`,
    [unique(groupIds), day, day],
  );
  for (const r of rows) byGroup.set(r.group_id, (byGroup.get(r.group_id) ?? new Set()).add(r.student_id));
  return byGroup;
}

/** A guardian of the school linked to students, and how it stands on a day: consent in force, bound in Telegram. */
export interface GuardianStanding {
  students: number[];
  consent: boolean;
  /** Consent in force and a Telegram binding in force at the end of the day: the guardian the bot can reach. */
  connected: boolean;
}

/**
 * The school's guardians of `studentIds`, each with where it stood at the end of `day` at the school:
 * consent by the registry's latest line dated up to the day (G1), a binding created before the day ended
 * and not revoked by then.
 */
export async function guardianStandings(em: EntityManager, school: { id: number; timeZone: string }, studentIds: readonly number[], day: string): Promise<Map<number, GuardianStanding>> {
  const standings = new Map<number, GuardianStanding>();
  if (studentIds.length === 0) return standings;
  const links = await em.execute<{ student_id: number; guardian_id: number }[]>(
    `select l.student_id, l.guardian_id from student_guardian l join guardian g on g.id = l.guardian_id
      where l.student_id in (?) and g.school_id = ?`,
    [unique(studentIds), school.id],
  );
  const guardians = unique(links.map((l) => l.guardian_id));
  const consented = await withConsent(em, guardians, day);
  const bound = consented.size === 0 ? [] : await em.execute<{ person_id: number }[]>(
    `select distinct b.person_id from telegram_binding b
      where b.person_kind = 'guardian' and b.school_id = ? and b.person_id in (?)
        and b.created_at < (?::date + 1)::timestamp at time zone ? and (b.revoked_at is null or b.revoked_at >= (?::date + 1)::timestamp at time zone ?)`,
    [school.id, [...consented], day, school.timeZone, day, school.timeZone],
  );
  const connected = new Set(bound.map((b) => b.person_id));
  for (const l of links) {
    const standing = standings.get(l.guardian_id) ?? { students: [], consent: consented.has(l.guardian_id), connected: connected.has(l.guardian_id) };
    standing.students.push(l.student_id);
    standings.set(l.guardian_id, standing);
  }
  return standings;
}

export interface DigestTally {
  sent: number;
  acknowledged: number;
}

/**
 * The weekly digests (D11) of the weeks starting within `range`, sent, each counted for the class its
 * student was in on the week's Monday: `group → tally`, and under `total` each digest once.
 */
export async function digestTallies(em: EntityManager, schoolId: number, groupIds: readonly number[], range: { from: string; to: string }): Promise<{ byGroup: Map<number, DigestTally>; total: DigestTally }> {
  const byGroup = new Map<number, DigestTally>();
  let total: DigestTally = { sent: 0, acknowledged: 0 };
  if (groupIds.length === 0) return { byGroup, total };
  // One pass: a row per class, and (grouping set ()) the whole, where a digest is counted once.
  const rows = await em.execute<{ group_id: number | null; sent: number; acknowledged: number }[]>(
    `select e.group_id, count(distinct d.id)::int as sent, count(distinct d.id) filter (where d.acknowledged_at is not null)::int as acknowledged
       from weekly_digest d join enrollment e on e.student_id = d.student_id and e.start_date <= d.week_start and (e.end_date is null or e.end_date >= d.week_start)
      where d.school_id = ? and d.sent_at is not null and d.week_start between ? and ? and e.group_id in (?)
      group by grouping sets ((e.group_id), ())`,
    [schoolId, range.from, range.to, unique(groupIds)],
  );
  for (const r of rows) {
    const tally = { sent: r.sent, acknowledged: r.acknowledged };
    if (r.group_id === null) total = tally;
    else byGroup.set(r.group_id, tally);
  }
  return { byGroup, total };
}
