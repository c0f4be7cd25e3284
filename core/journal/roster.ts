import type { EntityManager } from '@mikro-orm/postgresql';
import { Enrollment } from '../people/enrollment.entity.js';
import { SubgroupMember } from '../people/subgroup.entity.js';
import { Student } from '../people/student.entity.js';
import type { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import type { Lesson } from './lesson.entity.js';

/** A student as the journal lists them: by surname, then first name. */
export interface RosterStudent {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
}

/**
 * The students of an assignment at any time from `from` to `to`: in its group (and in its subgroup, when
 * the assignment is for one), in the journal's order. A student who left meanwhile keeps a place for the
 * part studied, so past lessons and periods stay as they were.
 */
export async function assignmentStudents(em: EntityManager, assignment: TeachingAssignment, from: string, to: string): Promise<Student[]> {
  const enrollments = await em.find(Enrollment, {
    group: assignment.group.id,
    startDate: { $lte: to },
    $or: [{ endDate: null }, { endDate: { $gte: from } }],
  });
  let ids = [...new Set(enrollments.map((e) => e.student.id))];
  if (assignment.subgroup && ids.length) {
    const members = await em.find(SubgroupMember, { subgroup: assignment.subgroup.id, student: { $in: ids } });
    const inSubgroup = new Set(members.map((m) => m.student.id));
    ids = ids.filter((id) => inSubgroup.has(id));
  }
  if (ids.length === 0) return [];
  const students = await em.find(Student, { id: { $in: ids } });
  // Sorted here, not in SQL: the database's collation may not know Russian order (ё after е).
  const by = (s: Student) => [s.lastName, s.firstName, s.middleName ?? ''].join(' ');
  return students.sort((a, b) => collator.compare(by(a), by(b)) || a.id - b.id);
}

const collator = new Intl.Collator('ru');

/** The students of a lesson: those of its assignment on the lesson's date. */
export async function lessonRoster(em: EntityManager, lesson: Lesson): Promise<RosterStudent[]> {
  const students = await assignmentStudents(em, lesson.assignment, lesson.date, lesson.date);
  return students.map((s) => ({ id: s.id, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName ?? null }));
}
