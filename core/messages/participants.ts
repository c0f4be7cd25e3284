import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { groupsOfStudent, relationSql } from '../access/relations.js';
import { AccessDenied } from '../base/errors.js';
import { Guardian } from '../people/guardian.entity.js';

/** The guardian's own record, if the actor is a guardian of that school. */
export async function guardianOf(em: EntityManager, guardian: Actor): Promise<Guardian> {
  const found = guardian.kind === 'guardian' ? await em.findOne(Guardian, { id: guardian.personId ?? 0, school: guardian.schoolId ?? 0 }) : null;
  if (!found) throw new AccessDenied('messages.write');
  return found;
}

/** A teacher a guardian may write to about a child: its class teacher, or one who teaches it a subject. */
export interface ChildTeacher {
  staffId: number;
  lastName: string;
  firstName: string;
  middleName: string | null;
  classTeacher: boolean;
  subjects: string[];
}

/**
 * The class teacher of the child's class and the teachers of its subjects (its group's assignments, and
 * those of its own subgroups) on `date`: whom a guardian may write to about that child (D9), and no one else.
 */
export async function teachersOfChild(em: EntityManager, studentId: number, date: string): Promise<ChildTeacher[]> {
  const groups = await groupsOfStudent(em, studentId, date);
  if (!groups.length) return [];
  const rows = await em.execute<{ staff_id: number; last_name: string; first_name: string; middle_name: string | null; subject: string | null }[]>(
    `select st.id as staff_id, st.last_name, st.first_name, st.middle_name, null as subject
       from school_group g join staff st on st.id = g.class_teacher_id
      where g.id in (?) and st.active
     union all
     select st.id, st.last_name, st.first_name, st.middle_name, sj.name
       from teaching_assignment a join staff st on st.id = a.teacher_id join subject sj on sj.id = a.subject_id
      where a.group_id in (?) and st.active and ${relationSql.inAssignmentSubgroup('?', 'a')}`,
    [groups, groups, studentId],
  );
  const byStaff = new Map<number, ChildTeacher>();
  for (const r of rows) {
    const teacher = byStaff.get(r.staff_id) ?? {
      staffId: r.staff_id, lastName: r.last_name, firstName: r.first_name, middleName: r.middle_name, classTeacher: false, subjects: [],
    };
    if (r.subject === null) teacher.classTeacher = true;
    else if (!teacher.subjects.includes(r.subject)) teacher.subjects.push(r.subject);
    byStaff.set(r.staff_id, teacher);
  }
  for (const t of byStaff.values()) t.subjects.sort((a, b) => a.localeCompare(b, 'ru'));
  // The class teacher first, then by surname.
  return [...byStaff.values()].sort((a, b) => Number(b.classTeacher) - Number(a.classTeacher) || a.lastName.localeCompare(b.lastName, 'ru') || a.staffId - b.staffId);
}
