import type { EntityManager } from '@mikro-orm/postgresql';
import type { TFunction } from '../i18n/i18n.js';
import type { PeriodMarkValue } from '../journal/period-mark-values.js';
import { nameColumns, namePartsOf, studentName } from '../people/display-name.js';
import type { AssignmentRow } from './report-context.js';

/** A student of a class during a range: when its last stretch in the class ended (null: it is still there). */
export interface RosterEntry {
  studentId: number;
  groupId: number;
  name: string;
  lastEnd: string | null;
}

const unique = (ids: readonly number[]) => [...new Set(ids)];

/**
 * The students of `groupIds` at any time of the range, by class and name: one set query for the whole
 * school. A student who left the class before `periodEnd` is marked so by its `lastEnd`. Named in the language
 * of `t` (a pseudonym, G3, is said in it).
 */
export async function rosters(em: EntityManager, groupIds: readonly number[], range: { from: string; to: string }, t?: TFunction): Promise<RosterEntry[]> {
  if (groupIds.length === 0) return [];
  const rows = await em.execute<{ student_id: number; group_id: number; last_end: string | null; [column: string]: unknown }[]>(
    `select e.student_id, e.group_id, ${nameColumns('s')},
            case when bool_or(e.end_date is null) then null else to_char(max(e.end_date), 'YYYY-MM-DD') end as last_end
       from enrollment e join student s on s.id = e.student_id
      where e.group_id in (?) and e.start_date <= ? and (e.end_date is null or e.end_date >= ?)
      group by e.student_id, e.group_id, s.last_name, s.first_name, s.middle_name, s.pseudonym_no
      order by e.group_id, s.last_name, s.first_name, s.middle_name, e.student_id`,
    [unique(groupIds), range.to, range.from],
  );
  return rows.map((r) => ({ studentId: r.student_id, groupId: r.group_id, name: studentName(namePartsOf(r), 'full', t), lastEnd: r.last_end }));
}

/** The members of each subgroup of the assignments (a student of an assignment without one is any of its class). */
export async function subgroupMembers(em: EntityManager, assignments: readonly AssignmentRow[]): Promise<Map<number, Set<number>>> {
  const ids = unique(assignments.map((a) => a.subgroupId).filter((id): id is number => id !== null));
  const members = new Map<number, Set<number>>();
  if (ids.length === 0) return members;
  const rows = await em.execute<{ subgroup_id: number; student_id: number }[]>('select subgroup_id, student_id from subgroup_member where subgroup_id in (?)', [ids]);
  for (const r of rows) members.set(r.subgroup_id, (members.get(r.subgroup_id) ?? new Set()).add(r.student_id));
  return members;
}

/** Whether a student of the assignment's class belongs to the assignment (its subgroup, if it has one). */
export const takes = (a: AssignmentRow, studentId: number, members: Map<number, Set<number>>) =>
  a.subgroupId === null || (members.get(a.subgroupId)?.has(studentId) ?? false);

/** Period marks of the assignments in the periods: `assignment:period:student` → value (null: not given yet). */
export async function periodMarks(em: EntityManager, assignmentIds: readonly number[], periodIds: readonly number[]): Promise<Map<string, PeriodMarkValue | null>> {
  const marks = new Map<string, PeriodMarkValue | null>();
  if (assignmentIds.length === 0 || periodIds.length === 0) return marks;
  const rows = await em.execute<{ assignment_id: number; period_id: number; student_id: number; value: PeriodMarkValue | null }[]>(
    'select assignment_id, period_id, student_id, value from period_mark where period_id in (?) and assignment_id in (?)',
    [unique(periodIds), unique(assignmentIds)],
  );
  for (const r of rows) marks.set(`${r.assignment_id}:${r.period_id}:${r.student_id}`, r.value);
  return marks;
}

/** How many marks of each value (2–5) a student has in an assignment; a double mark 5/4 counts once as 5 and once as 4. */
export type MarkHistogram = [n2: number, n3: number, n4: number, n5: number];

/**
 * The current marks of the assignments' lessons in the range, counted by value per student and assignment
 * in one SQL aggregate (`assignment:student` → histogram): what every average of the report is made of. The
 * four counts travel packed in one sum, 16 bits each (a mark of value v adds 1 << 16·(v − 2)): one addition
 * per mark instead of eight filtered counts (a tenth to a sixth less time on a school's year); 65,535 marks of one
 * value for one student in one subject are out of reach.
 */
export async function markHistograms(em: EntityManager, schoolId: number, assignmentIds: readonly number[], range: { from: string; to: string }): Promise<Map<string, MarkHistogram>> {
  const histograms = new Map<string, MarkHistogram>();
  if (assignmentIds.length === 0) return histograms;
  const rows = await em.execute<{ assignment_id: number; student_id: number; n2: number; n3: number; n4: number; n5: number }[]>(
    `select assignment_id, student_id, ${[2, 3, 4, 5].map((v, i) => `((packed >> ${16 * i}) & 65535)::int as n${v}`).join(', ')}
       from (select l.assignment_id, k.student_id,
                    sum(${['k.value', 'k.second'].map((m) => `case when ${m} between 2 and 5 then 1::bigint << (16 * (${m} - 2)) else 0 end`).join(' + ')})::bigint as packed
               from mark k join lesson l on l.id = k.lesson_id
              where l.school_id = ? and l.date between ? and ? and l.assignment_id in (?)
              group by l.assignment_id, k.student_id) counted`,
    [schoolId, range.from, range.to, unique(assignmentIds)],
  );
  for (const r of rows) histograms.set(`${r.assignment_id}:${r.student_id}`, [r.n2, r.n3, r.n4, r.n5]);
  return histograms;
}
