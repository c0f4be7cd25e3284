import { ALWAYS, studentsOf } from '../../access/relations.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { problem, type Problem } from '../../base/errors.js';
import { arrayLiteral } from '../../db/array-parameters.js';
import { isIsoDate } from '../../school/rules/date-ranges.js';
import { checkPersonName } from '../../school/rules/names.js';
import { Enrollment } from '../enrollment.entity.js';
import type { Group } from '../group.entity.js';
import type { Guardian } from '../guardian.entity.js';
import type { Staff } from '../staff.entity.js';
import type { Student } from '../student.entity.js';
import { Subgroup, type SubgroupMember } from '../subgroup.entity.js';
import { checkEnrollmentHistory, type Stretch } from './enrollment-history.js';

/**
 * An e-mail as schools and parents have them: a local part of letters, digits and `._%+-` that starts with
 * a letter, a digit or `_` (never with `=`, `+`, `-` or `@`, which a spreadsheet would read as a formula),
 * no two dots in a row; a domain of letters (Cyrillic too: школа.рф), digits and hyphens, and a top-level
 * domain of letters. RFC 5322 allows more; nobody's school e-mail needs it.
 */
const EMAIL = /^(?!.*\.\.)[\p{L}\p{N}_][\p{L}\p{N}._%+-]{0,63}@(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;
/** A phone number: digits with spaces, brackets and hyphens, a `+` only in front, 10 to 15 digits. */
const PHONE = /^\+?[\d(][\d\s()-]*$/;
const PHONE_DIGITS = { min: 10, max: 15 };

export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}

export function isPhone(value: string): boolean {
  const digits = value.replace(/\D/g, '').length;
  return PHONE.test(value) && digits >= PHONE_DIGITS.min && digits <= PHONE_DIGITS.max;
}

function checkContacts(person: { email?: string | null; phone?: string | null }): Problem[] {
  const problems: Problem[] = [];
  if (person.email && !isEmail(person.email)) problems.push(problem('emailInvalid', 'email', { value: person.email }));
  if (person.phone && !isPhone(person.phone)) problems.push(problem('phoneInvalid', 'phone', { value: person.phone }));
  return problems;
}

export function checkStaff(staff: Staff): Problem[] {
  return [...checkPersonName(staff), ...checkContacts(staff)];
}

/** A pseudonymised person (G3) carries its code, not a ФИО; the record service keeps the code unchanged. */
const checkName = (person: Guardian | Student) => (person.pseudonymNo == null ? checkPersonName(person) : []);

export function checkGuardian(guardian: Guardian): Problem[] {
  return [...checkName(guardian), ...checkContacts(guardian)];
}

/** A student's date of birth is a real date of a child or a young adult (4–30 years old at `now`). */
export function checkStudent(student: Student, now: Date): Problem[] {
  const problems = checkName(student);
  if (!isIsoDate(student.birthDate)) problems.push(problem('dateInvalid', 'birthDate'));
  else {
    const age = (now.getTime() - new Date(`${student.birthDate}T00:00:00Z`).getTime()) / (365.25 * 86400_000);
    if (age < 4 || age > 30) problems.push(problem('birthDateImplausible', 'birthDate', { value: student.birthDate }));
  }
  return problems;
}

export function checkGroup(group: Group): Problem[] {
  const problems: Problem[] = [];
  if (!group.name?.trim()) problems.push(problem('required', 'name'));
  if (!(group.gradeLevel >= 1 && group.gradeLevel <= 11)) problems.push(problem('outOfRange', 'gradeLevel', { min: 1, max: 11 }));
  return problems;
}

/** A subgroup's students belong to its group: they have a stretch in that group. */
export async function checkSubgroupMember(em: EntityManager, member: SubgroupMember): Promise<Problem[]> {
  const subgroup = await em.findOneOrFail(Subgroup, member.subgroup.id);
  const inGroup = await studentsOf(em, [subgroup.group.id], ALWAYS, [member.student.id]);
  return inGroup.length ? [] : [problem('subgroupStudentNotInGroup', 'student')];
}

/** The student's whole history, with this stretch in it, stays without gaps or overlaps (A16). */
export async function checkEnrollment(em: EntityManager, enrollment: Enrollment): Promise<Problem[]> {
  const dates = enrollmentDates(enrollment);
  if (dates.length) return dates;
  const others = await em.find(Enrollment, { student: enrollment.student, id: { $ne: enrollment.id ?? 0 } });
  return checkEnrollmentHistory([...others, enrollment]);
}

/**
 * checkEnrollment for new stretches (an import), with one query for all their students: each stretch is
 * checked against its student's stretches in the database and those before it in the list.
 */
export async function checkNewEnrollments(em: EntityManager, enrollments: readonly Enrollment[]): Promise<Problem[][]> {
  const students = [...new Set(enrollments.map((e) => e.student.id))];
  const history = new Map<number, Stretch[]>();
  for (const e of await em.execute<{ student_id: number; start_date: string; end_date: string | null; end_reason: Enrollment['endReason'] }[]>(
    "select student_id, to_char(start_date, 'YYYY-MM-DD') start_date, to_char(end_date, 'YYYY-MM-DD') end_date, end_reason from enrollment where student_id = any(?::int[])",
    [arrayLiteral(students)],
  )) {
    history.set(e.student_id, [...(history.get(e.student_id) ?? []), { startDate: e.start_date, endDate: e.end_date, endReason: e.end_reason }]);
  }
  return enrollments.map((enrollment) => {
    const dates = enrollmentDates(enrollment);
    if (dates.length) return dates;
    const before = history.get(enrollment.student.id) ?? [];
    const problems = checkEnrollmentHistory([...before, enrollment]);
    // A refused stretch would not have been saved for the next one to meet.
    if (!problems.length) history.set(enrollment.student.id, [...before, enrollment]);
    return problems;
  });
}

function enrollmentDates(enrollment: Enrollment): Problem[] {
  if (!isIsoDate(enrollment.startDate)) return [problem('dateInvalid', 'startDate')];
  if (enrollment.endDate != null && (!isIsoDate(enrollment.endDate) || enrollment.endDate < enrollment.startDate)) {
    return [problem('dateRangeReversed', 'endDate')];
  }
  return [];
}
