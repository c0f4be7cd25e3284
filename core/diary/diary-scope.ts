import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { Lesson } from '../journal/lesson.entity.js';
import { Enrollment } from '../people/enrollment.entity.js';
import { SubgroupMember } from '../people/subgroup.entity.js';
import type { Student } from '../people/student.entity.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { Period } from '../school/period.entity.js';
import type { School } from '../school/school.entity.js';
import { NotFound } from '../base/errors.js';

/** A student's diary as the services read it: whose, which school's rules, and what day it is there. */
export interface DiaryScope {
  student: Student;
  school: School;
  /** The calendar date in the school's time zone. */
  today: string;
  /** The student's stretches in groups, oldest first. */
  enrollments: Enrollment[];
  /** The subgroups the student belongs to. */
  subgroupIds: number[];
}

export async function loadMembership(em: EntityManager, studentId: number): Promise<Pick<DiaryScope, 'enrollments' | 'subgroupIds'>> {
  const [enrollments, members] = await Promise.all([
    em.find(Enrollment, { student: studentId }, { populate: ['group'], orderBy: { startDate: 'asc', id: 'asc' } }),
    em.find(SubgroupMember, { student: studentId }),
  ]);
  return { enrollments, subgroupIds: members.map((m) => m.subgroup.id) };
}

/** The student's stretch in a group on `date`, if any. */
export function enrollmentOn(scope: DiaryScope, date: string): Enrollment | undefined {
  return scope.enrollments.find((e) => e.startDate <= date && (!e.endDate || e.endDate >= date));
}

/** Whether a stretch in a group shares at least a day with `from`–`to`. */
export function enrollmentOverlaps(e: Enrollment, from: string, to: string): boolean {
  return e.startDate <= to && (!e.endDate || e.endDate >= from);
}

/** The group the student is in on `date`, or the last one before it. */
export function groupOn(scope: DiaryScope, date: string): Enrollment | undefined {
  return enrollmentOn(scope, date) ?? [...scope.enrollments].reverse().find((e) => e.startDate <= date);
}

/**
 * The lessons a student was (or will be) taught: lessons of the groups it was in on their dates, for the
 * whole group or one of its subgroups. Undefined when the student was never in any group.
 */
export function lessonsOfStudent(scope: DiaryScope): FilterQuery<Lesson> | undefined {
  if (scope.enrollments.length === 0) return undefined;
  const subgroup = scope.subgroupIds.length ? { $or: [{ subgroup: null }, { subgroup: { $in: scope.subgroupIds } }] } : { subgroup: null };
  return {
    $or: scope.enrollments.map((e) => ({
      assignment: { group: e.group.id, ...subgroup },
      date: e.endDate ? { $gte: e.startDate, $lte: e.endDate } : { $gte: e.startDate },
    })),
  };
}

/** Terms before the whole year: a quarter is preferred to a half-year when both contain the date. */
const TYPE_ORDER = ['quarter', 'trimester', 'half', 'semester', 'year'] as const;

/**
 * The period a diary shows by default: the shortest one containing today; between two (in the holidays) the
 * last one that ended; the whole year when no term is defined. `periodId` picks another period of the school.
 */
export async function periodFor(em: EntityManager, scope: DiaryScope, periodId?: number): Promise<Period | undefined> {
  if (periodId !== undefined) {
    const chosen = await em.findOne(Period, { id: periodId, school: scope.school.id });
    if (!chosen) throw new NotFound('Period');
    return chosen;
  }
  const year = await yearFor(em, scope);
  if (!year) return undefined;
  return defaultPeriod(await em.find(Period, { school: scope.school.id, year: year.id }, { orderBy: { startDate: 'asc', id: 'asc' } }), scope.today);
}

/** What `defaultPeriod` needs of a period. */
export interface DatedPeriod {
  type: Period['type'];
  startDate: string;
  endDate: string;
}

/**
 * `periodFor`'s choice among the periods of today's academic year (by start, then id), without the database:
 * the shortest containing `today`, else the last term that ended, else the year, else the first.
 */
export function defaultPeriod<P extends DatedPeriod>(periods: readonly P[], today: string): P | undefined {
  const rank = (p: P) => TYPE_ORDER.indexOf(p.type);
  const containing = periods.filter((p) => p.startDate <= today && p.endDate >= today).sort((a, b) => rank(a) - rank(b));
  if (containing[0]) return containing[0];
  const ended = periods.filter((p) => p.type !== 'year' && p.endDate < today).sort((a, b) => b.endDate.localeCompare(a.endDate) || rank(a) - rank(b));
  return ended[0] ?? periods.find((p) => p.type === 'year') ?? periods.find((p) => p.type !== 'year');
}

/** The academic year of today, or the last one that began before it. */
export async function yearFor(em: EntityManager, scope: DiaryScope): Promise<AcademicYear | undefined> {
  const found = await em.findOne(AcademicYear, { school: scope.school.id, startDate: { $lte: scope.today } }, { orderBy: { startDate: 'desc' } });
  return found ?? undefined;
}
