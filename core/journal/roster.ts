import type { EntityManager } from '@mikro-orm/postgresql';
import { Enrollment } from '../people/enrollment.entity.js';
import { SubgroupMember } from '../people/subgroup.entity.js';
import { Student } from '../people/student.entity.js';
import type { Lesson } from './lesson.entity.js';

/** A student as the journal lists them: by surname, then first name. */
export interface RosterStudent {
  id: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
}

/**
 * The students of a lesson: in the assignment's group on the lesson's date (and in its subgroup, when
 * the assignment is for one), in the journal's order. Former students keep their place in past lessons.
 */
export async function lessonRoster(em: EntityManager, lesson: Lesson): Promise<RosterStudent[]> {
  const enrollments = await em.find(Enrollment, {
    group: lesson.assignment.group.id,
    startDate: { $lte: lesson.date },
    $or: [{ endDate: null }, { endDate: { $gte: lesson.date } }],
  });
  let ids = [...new Set(enrollments.map((e) => e.student.id))];
  if (lesson.assignment.subgroup) {
    const members = await em.find(SubgroupMember, { subgroup: lesson.assignment.subgroup.id, student: { $in: ids } });
    const inSubgroup = new Set(members.map((m) => m.student.id));
    ids = ids.filter((id) => inSubgroup.has(id));
  }
  if (ids.length === 0) return [];
  const students = await em.find(Student, { id: { $in: ids } }, { orderBy: { lastName: 'asc', firstName: 'asc', middleName: 'asc', id: 'asc' } });
  return students.map((s) => ({ id: s.id, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName ?? null }));
}
