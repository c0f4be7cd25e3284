import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { AccessDenied } from '../errors.js';
import { Guardian } from '../people/guardian.entity.js';
import { Student } from '../people/student.entity.js';

/**
 * A guardian as the server established it (the bot's binding in force), never as a client claims it.
 * Guardians are not Actors: they hold no grants, only their links to their own children.
 */
export interface GuardianRef {
  guardianId: number;
  schoolId: number;
}

/** Who reads or writes a thread: its guardian, or a member of staff. */
export type Participant = { kind: 'guardian'; guardian: GuardianRef } | { kind: 'staff'; actor: Actor };

export const asGuardian = (guardian: GuardianRef): Participant => ({ kind: 'guardian', guardian });
export const asStaff = (actor: Actor): Participant => ({ kind: 'staff', actor });

/** Students still at school: the ones a guardian may act about. */
export const CURRENT_STATUSES = ['studying', 'academic_leave'] as const;

/**
 * The child, if `guardian` is linked to it now and it is still at school; otherwise AccessDenied, the same
 * for a child of another family, of another school or one that does not exist.
 */
export async function requireOwnChild(em: EntityManager, guardian: GuardianRef, studentId: number): Promise<Student> {
  const rows = await em.execute<{ id: number }[]>(
    `select s.id from student s join student_guardian l on l.student_id = s.id join guardian g on g.id = l.guardian_id
      where s.id = ? and g.id = ? and g.school_id = ? and s.school_id = ? and s.status in ('studying', 'academic_leave')`,
    [studentId, guardian.guardianId, guardian.schoolId, guardian.schoolId],
  );
  if (!rows.length) throw new AccessDenied('messages.child');
  return em.findOneOrFail(Student, studentId);
}

export async function guardianOf(em: EntityManager, guardian: GuardianRef): Promise<Guardian> {
  const found = await em.findOne(Guardian, { id: guardian.guardianId, school: guardian.schoolId });
  if (!found) throw new AccessDenied('messages.guardian');
  return found;
}

/** The groups a student is in on `date` (open stretches). */
export async function groupsOfStudent(em: EntityManager, studentId: number, date: string): Promise<number[]> {
  const rows = await em.execute<{ group_id: number }[]>(
    `select distinct group_id from enrollment where student_id = ? and start_date <= ? and (end_date is null or end_date >= ?)`,
    [studentId, date, date],
  );
  return rows.map((r) => r.group_id);
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
      where a.group_id in (?) and st.active
        and (a.subgroup_id is null or exists (select 1 from subgroup_member m where m.subgroup_id = a.subgroup_id and m.student_id = ?))`,
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
