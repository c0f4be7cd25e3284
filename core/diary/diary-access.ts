import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessDenied, NotFound } from '../errors.js';
import type { PersonKind } from '../invites/invite.entity.js';
import { StudentGuardian } from '../people/guardian.entity.js';
import { Student } from '../people/student.entity.js';
import { Consent } from '../privacy/consent.entity.js';

/**
 * Who looks at a diary, as the server established it (the bot from the Telegram binding in force, never from
 * a button): a student, or a guardian, of one school.
 */
export interface DiaryViewer {
  personKind: PersonKind;
  personId: number;
  schoolId: number;
}

/** The permission named in a refusal. */
export const DIARY_PERMISSION = 'diary.view';

/** A student whose diary can be read: still at school (as the bot's identities see it). */
const CURRENT = new Set(['studying', 'academic_leave']);

/**
 * The one access decision of the diary (SPEC role table, S0 §3.2.3, S2 §3.3): a student sees its own diary,
 * a guardian the diaries of the children it is linked to now, and only while its consent to the processing
 * of personal data is in force (G2); nobody else, staff included, sees a diary through this door. A student
 * of another school, or one that does not exist, is NotFound; anyone else's child is AccessDenied.
 */
export async function requireDiaryAccess(em: EntityManager, viewer: DiaryViewer, studentId: number): Promise<Student> {
  if (!Number.isSafeInteger(studentId) || studentId <= 0) throw new NotFound('Student');
  const student = await em.findOne(Student, { id: studentId, school: viewer.schoolId });
  if (!student || !CURRENT.has(student.status)) throw new NotFound('Student');
  switch (viewer.personKind) {
    case 'student':
      if (viewer.personId !== student.id) throw new AccessDenied(DIARY_PERMISSION);
      return student;
    case 'guardian': {
      const link = await em.findOne(StudentGuardian, { student: student.id, guardian: { id: viewer.personId, school: viewer.schoolId } });
      if (!link) throw new AccessDenied(DIARY_PERMISSION);
      const consent = await em.findOne(Consent, { guardian: viewer.personId }, { orderBy: { date: 'desc', id: 'desc' } });
      if (consent?.status !== 'given') throw new AccessDenied(DIARY_PERMISSION);
      return student;
    }
    case 'staff':
      throw new AccessDenied(DIARY_PERMISSION);
  }
}
