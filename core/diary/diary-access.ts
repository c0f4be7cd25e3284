import type { EntityManager } from '@mikro-orm/postgresql';
import { requireStudents } from '../access/access.js';
import type { Actor } from '../access/actor.js';
import { CURRENT_STUDENT_STATUSES } from '../access/relations.js';
import { NotFound } from '../base/errors.js';
import { Student } from '../people/student.entity.js';

/**
 * The diary's door (SPEC role table, S0 §3.2.3, S2 §3.3): the one policy's `diary.view` — a student sees its
 * own diary, a guardian the diaries of the children it is linked to now while its consent is in force (G2);
 * nobody else, staff included. A student of another school, one no longer at school or one that does not
 * exist is NotFound; anyone else's child is AccessDenied.
 */
export async function requireDiaryAccess(em: EntityManager, viewer: Actor, studentId: number, today: string): Promise<Student> {
  if (!Number.isSafeInteger(studentId) || studentId <= 0 || viewer.schoolId === undefined) throw new NotFound('Student');
  const student = await em.findOne(Student, { id: studentId, school: viewer.schoolId });
  if (!student || !(CURRENT_STUDENT_STATUSES as readonly string[]).includes(student.status)) throw new NotFound('Student');
  await requireStudents(em, viewer, 'diary.view', [student.id], today);
  return student;
}
