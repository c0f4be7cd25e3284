import type { EntityManager } from '@mikro-orm/postgresql';
import { problem, type Problem } from '../../base/errors.js';
import { Group } from '../../people/group.entity.js';
import { Subgroup } from '../../people/subgroup.entity.js';
import { AcademicYear } from '../../school/academic-year.entity.js';
import { checkRange, contains, isIsoDate } from '../../school/rules/date-ranges.js';
import { checkTopicTitle } from '../../school/rules/topic-title.js';
import type { ControlWork } from '../control-work.entity.js';
import { TeachingAssignment } from '../teaching-assignment.entity.js';
import type { ThematicPlanTopic } from '../thematic-plan-topic.entity.js';
import { TimetableSlot } from '../timetable-slot.entity.js';
import { findTimetableConflicts, type SlotFacts } from './timetable-conflicts.js';

export async function checkAssignment(em: EntityManager, assignment: TeachingAssignment): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (!(assignment.plannedHours >= 0 && assignment.plannedHours <= 2000)) problems.push(problem('outOfRange', 'plannedHours', { min: 0, max: 2000 }));
  const group = await em.findOneOrFail(Group, assignment.group.id);
  if (group.year.id !== assignment.year.id) problems.push(problem('groupOfAnotherYear', 'group'));
  if (assignment.subgroup) {
    const subgroup = await em.findOneOrFail(Subgroup, assignment.subgroup.id);
    if (subgroup.group.id !== group.id) problems.push(problem('subgroupOfAnotherGroup', 'subgroup'));
  }
  return problems;
}

export function checkPlanTopic(topic: ThematicPlanTopic): Problem[] {
  const problems: Problem[] = [];
  const title = checkTopicTitle(topic.title);
  if (title) problems.push(title);
  if (!(topic.position >= 1)) problems.push(problem('outOfRange', 'position', { min: 1, max: 9999 }));
  if (!(topic.hours >= 1 && topic.hours <= 100)) problems.push(problem('outOfRange', 'hours', { min: 1, max: 100 }));
  return problems;
}

/** What double booking depends on, once the slot's teacher is known. */
function factsOf(slot: TimetableSlot, teacherId: number): SlotFacts {
  return {
    ...(slot.id ? { id: slot.id } : {}),
    teacherId,
    roomId: slot.room?.id ?? null,
    groupId: slot.group.id,
    subgroupId: slot.subgroup?.id ?? null,
    weekday: slot.weekday,
    lessonNumber: slot.lessonNumber,
    validFrom: slot.validFrom,
    validTo: slot.validTo ?? null,
  };
}

/** A weekly lesson fits its assignment and double-books no teacher, room or group (A11). */
export async function checkTimetableSlot(em: EntityManager, slot: TimetableSlot): Promise<Problem[]> {
  const problems = checkRange({ start: slot.validFrom, end: slot.validTo }, ['validFrom', 'validTo'], false);
  if (!(slot.weekday >= 1 && slot.weekday <= 7)) problems.push(problem('outOfRange', 'weekday', { min: 1, max: 7 }));
  if (!(slot.lessonNumber >= 0 && slot.lessonNumber <= 12)) problems.push(problem('outOfRange', 'lessonNumber', { min: 0, max: 12 }));
  const assignment = await em.findOneOrFail(TeachingAssignment, slot.assignment.id);
  if (assignment.group.id !== slot.group.id) problems.push(problem('assignmentOfAnotherGroup', 'assignment'));
  if ((assignment.subgroup?.id ?? null) !== (slot.subgroup?.id ?? null)) problems.push(problem('assignmentOfAnotherSubgroup', 'subgroup'));
  if (problems.length) return problems;

  const facts = factsOf(slot, assignment.teacher.id);
  const candidates = await em.find(
    TimetableSlot,
    { school: slot.school, weekday: slot.weekday, lessonNumber: slot.lessonNumber, id: { $ne: slot.id ?? 0 } },
    { populate: ['assignment'] },
  );
  const others = candidates.map((o) => factsOf(o, o.assignment.teacher.id));
  for (const conflict of findTimetableConflicts(facts, others)) {
    const field = conflict.kind === 'teacher' ? 'assignment' : conflict.kind;
    problems.push(problem(`timetableConflict.${conflict.kind}`, field, { weekday: slot.weekday, lesson: slot.lessonNumber }));
  }
  return problems;
}

export async function checkControlWork(em: EntityManager, work: ControlWork): Promise<Problem[]> {
  if (!isIsoDate(work.date)) return [problem('dateInvalid', 'date')];
  const problems: Problem[] = [];
  if (!work.form?.trim()) problems.push(problem('required', 'form'));
  const assignment = await em.findOneOrFail(TeachingAssignment, work.assignment.id);
  const year = await em.findOneOrFail(AcademicYear, assignment.year.id);
  if (!contains({ start: year.startDate, end: year.endDate }, { start: work.date, end: work.date })) {
    problems.push(problem('outsideYear', 'date', { year: year.name, start: year.startDate, end: year.endDate }));
  }
  return problems;
}
