import type { EntityManager } from '@mikro-orm/postgresql';
import { inSubgroup, studentsOf } from '../access/relations.js';
import { Student } from '../people/student.entity.js';
import type { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import type { Lesson } from './lesson.entity.js';

/** A student as the journal lists them: by surname, then first name. */
export interface RosterStudent {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** Set once a withdrawal of consent pseudonymised the student (G3): name it with core/people/display-name.ts. */
  pseudonymNo: number | null;
  /** For the wording of texts about the student («Ученица отсутствовала»): core/people/sex-context.ts. */
  sex: 'm' | 'f' | null;
}

/**
 * The students of an assignment at any time from `from` to `to`: in its group (and in its subgroup, when
 * the assignment is for one), in the journal's order. A student who left meanwhile keeps a place for the
 * part studied, so past lessons and periods stay as they were.
 */
export async function assignmentStudents(em: EntityManager, assignment: TeachingAssignment, from: string, to: string): Promise<Student[]> {
  let ids = await studentsOf(em, [assignment.group.id], { from, to });
  if (assignment.subgroup && ids.length) {
    const members = await inSubgroup(em, assignment.subgroup.id, ids);
    ids = ids.filter((id) => members.has(id));
  }
  if (ids.length === 0) return [];
  return inJournalOrder(await em.find(Student, { id: { $in: ids } }));
}

const collator = new Intl.Collator('ru');

/**
 * The journal's order of students: Russian alphabetical by surname, name, patronymic (ICU's `ru`), then by
 * id. Sorted in code, not in SQL: the database's collation may not know Russian order (ё after е).
 */
export function journalOrder(a: { id: number } & RosterName, b: { id: number } & RosterName): number {
  return collator.compare(orderKey(a), orderKey(b)) || a.id - b.id;
}

const orderKey = (s: RosterName) => [s.lastName, s.firstName, s.middleName ?? ''].join(' ');

/** `rows` sorted in the journal's order (journalOrder), each row's key built once rather than at every comparison. */
export function inJournalOrder<T extends { id: number } & RosterName>(rows: readonly T[]): T[] {
  return rows.map((row) => ({ row, key: orderKey(row) }))
    .sort((a, b) => collator.compare(a.key, b.key) || a.row.id - b.row.id)
    .map(({ row }) => row);
}

type RosterName = { lastName: string; firstName: string; middleName?: string | null };

/** The students of a lesson: those of its assignment on the lesson's date. */
export async function lessonRoster(em: EntityManager, lesson: Lesson): Promise<RosterStudent[]> {
  const students = await assignmentStudents(em, lesson.assignment, lesson.date, lesson.date);
  return students.map((s) => ({ id: s.id, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName ?? null, pseudonymNo: s.pseudonymNo ?? null, sex: s.sex ?? null }));
}
