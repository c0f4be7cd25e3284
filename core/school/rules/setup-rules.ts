import type { EntityManager } from '@mikro-orm/postgresql';
import { IANAZone } from 'luxon';
import { problem, type Problem } from '../../base/errors.js';
import type { WorkType } from '../work-type.entity.js';
import { AcademicYear } from '../academic-year.entity.js';
import type { BellSlot } from '../bell-schedule.entity.js';
import { Holiday } from '../holiday.entity.js';
import { Period } from '../period.entity.js';
import type { School } from '../school.entity.js';
import type { Subject } from '../subject.entity.js';
import { checkRange, contains, overlaps } from './date-ranges.js';
import { checkSubjectName } from './names.js';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export function checkSchool(school: School): Problem[] {
  const problems: Problem[] = [];
  if (!school.name?.trim()) problems.push(problem('required', 'name'));
  if (!IANAZone.isValidZone(school.timeZone)) problems.push(problem('timeZoneInvalid', 'timeZone', { value: school.timeZone }));
  for (const field of ['quietHoursStart', 'quietHoursEnd'] as const) {
    if (!HH_MM.test(school[field])) problems.push(problem('timeInvalid', field));
  }
  if (!(school.roundingThreshold >= 0.5 && school.roundingThreshold <= 0.9)) problems.push(problem('roundingInvalid', 'roundingThreshold'));
  if (!(school.homeworkDeadlineMinutes >= 0 && school.homeworkDeadlineMinutes <= 24 * 60)) problems.push(problem('outOfRange', 'homeworkDeadlineMinutes', { min: 0, max: 1440 }));
  if (!(school.inviteTtlDays >= 1 && school.inviteTtlDays <= 90)) problems.push(problem('outOfRange', 'inviteTtlDays', { min: 1, max: 90 }));
  if (school.weekDays !== 5 && school.weekDays !== 6) problems.push(problem('outOfRange', 'weekDays', { min: 5, max: 6 }));
  return problems;
}

export async function checkAcademicYear(em: EntityManager, year: AcademicYear): Promise<Problem[]> {
  const problems = checkRange({ start: year.startDate, end: year.endDate }, ['startDate', 'endDate']);
  if (!year.name?.trim()) problems.push(problem('required', 'name'));
  if (problems.length) return problems;
  const others = await em.find(AcademicYear, { school: year.school, id: { $ne: year.id ?? 0 } });
  const clash = others.find((o) => overlaps({ start: o.startDate, end: o.endDate }, { start: year.startDate, end: year.endDate }));
  if (clash) problems.push(problem('yearOverlap', 'startDate', { other: clash.name }));
  return problems;
}

/** A dated row of a year: a sensible range, inside its year, clashing with no `others` of the same kind. */
async function checkInsideYear(
  em: EntityManager,
  row: { name?: string; startDate: string; endDate: string; year: { id: number } },
  others: { name: string; startDate: string; endDate: string }[],
  overlapKey: string,
): Promise<Problem[]> {
  const problems = checkRange({ start: row.startDate, end: row.endDate }, ['startDate', 'endDate']);
  if (!row.name?.trim()) problems.push(problem('required', 'name'));
  if (problems.length) return problems;
  const range = { start: row.startDate, end: row.endDate };
  const year = await em.findOneOrFail(AcademicYear, row.year.id);
  if (!contains({ start: year.startDate, end: year.endDate }, range)) {
    problems.push(problem('outsideYear', 'startDate', { year: year.name, start: year.startDate, end: year.endDate }));
  }
  const clash = others.find((o) => overlaps({ start: o.startDate, end: o.endDate }, range));
  if (clash) problems.push(problem(overlapKey, 'startDate', { other: clash.name }));
  return problems;
}

/** A period lies inside its year and overlaps no other period of the same type (A2). */
export async function checkPeriod(em: EntityManager, period: Period): Promise<Problem[]> {
  const sameType = await em.find(Period, { year: period.year, type: period.type, id: { $ne: period.id ?? 0 } });
  return checkInsideYear(em, period, sameType, 'periodOverlap');
}

export async function checkHoliday(em: EntityManager, holiday: Holiday): Promise<Problem[]> {
  const others = await em.find(Holiday, { year: holiday.year, id: { $ne: holiday.id ?? 0 } });
  return checkInsideYear(em, holiday, others, 'holidayOverlap');
}

export function checkBellSlot(slot: BellSlot): Problem[] {
  const problems: Problem[] = [];
  if (!(slot.lessonNumber >= 0 && slot.lessonNumber <= 12)) problems.push(problem('outOfRange', 'lessonNumber', { min: 0, max: 12 }));
  if (!HH_MM.test(slot.startsAt)) problems.push(problem('timeInvalid', 'startsAt'));
  if (!HH_MM.test(slot.endsAt)) problems.push(problem('timeInvalid', 'endsAt'));
  else if (HH_MM.test(slot.startsAt) && slot.endsAt <= slot.startsAt) problems.push(problem('timeRangeReversed', 'endsAt'));
  return problems;
}

export function checkSubject(subject: Subject): Problem[] {
  const found = checkSubjectName(subject.name);
  return found ? [found] : [];
}

export function checkWorkType(workType: WorkType): Problem[] {
  const problems: Problem[] = [];
  if (!workType.name?.trim()) problems.push(problem('required', 'name'));
  if (!(workType.weight > 0 && workType.weight <= 10)) problems.push(problem('outOfRange', 'weight', { min: 0.1, max: 10 }));
  if (workType.gradingDeadlineDays != null && !(workType.gradingDeadlineDays >= 0 && workType.gradingDeadlineDays <= 60)) {
    problems.push(problem('outOfRange', 'gradingDeadlineDays', { min: 0, max: 60 }));
  }
  return problems;
}
