import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolScope, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { countPeople, type PersonRef } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { Staff } from '../people/staff.entity.js';
import { TimetableSlot } from '../schedule/timetable-slot.entity.js';
import { School } from '../school/school.entity.js';
import { fullName, shortName } from '../people/display-name.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { isoWeekday } from '../time/local-date.js';
import { ruDate } from '../time/format.js';
import type { Lessons } from './lessons.js';
import { Lesson } from './lesson.entity.js';
import type { Clock } from '../time/clock.js';

/** What the panel's «Замена» form of a timetable slot needs. */
export interface SlotSubstitutions {
  slot: { id: number; assignmentId: number; weekday: number; lessonNumber: number; subject: string; group: string; teacher: string };
  /** Teachers who may substitute: active staff with the teacher role, the slot's own teacher aside. */
  candidates: { id: number; name: string }[];
  /** Substitutions registered in this slot's lessons from today on. */
  upcoming: { date: string; substituteId: number; substitute: string }[];
}

/**
 * Substitutions (C6) as the deputy or administrator registers them in the panel, from a timetable slot:
 * the lesson of that slot on a date gets its substitute through Lessons.setSubstitute.
 */
export class Substitutions {
  constructor(
    private readonly em: () => EntityManager,
    private readonly lessons: Lessons,
    private readonly clock: Clock,
    private readonly reads: ReadLog,
  ) {}

  /** Registers (or, with null, clears) the substitute of the slot's lesson on `date`, which must be a day of that slot. */
  async set(slotId: number, date: string, substituteId: number | null, actor: Actor): Promise<Lesson> {
    const school = schoolScope(actor);
    const slot = await this.em().findOne(TimetableSlot, { id: slotId, ...school });
    if (!slot) throw new NotFound('TimetableSlot');
    requireAccess(actor, 'timetable.edit', { schoolId: slot.school.id });
    if (!isIsoDate(date)) throw new ValidationFailed([problem('dateInvalid', 'date')]);
    if (isoWeekday(date) !== slot.weekday || date < slot.validFrom || (slot.validTo && date > slot.validTo)) {
      throw new ValidationFailed([problem('journal.notSlotDay', 'date', { date: ruDate(date) })]);
    }
    return this.lessons.setSubstitute(slot.assignment.id, date, slot.lessonNumber, substituteId, actor);
  }

  async forSlot(slotId: number, actor: Actor): Promise<SlotSubstitutions> {
    const em = this.em();
    const school = schoolScope(actor);
    const slot = await em.findOne(TimetableSlot, { id: slotId, ...school }, { populate: ['assignment.subject', 'assignment.teacher', 'group', 'school'] });
    if (!slot) throw new NotFound('TimetableSlot');
    requireAccess(actor, 'timetable.edit', { schoolId: slot.school.id });
    const today = this.clock.today(await em.findOneOrFail(School, slot.school.id));
    const [staff, lessons] = await Promise.all([
      em.find(Staff, { school: slot.school.id, active: true, id: { $ne: slot.assignment.teacher.id } }, { orderBy: { lastName: 'asc', firstName: 'asc' } }),
      em.find(Lesson, { assignment: slot.assignment.id, lessonNumber: slot.lessonNumber, date: { $gte: today }, substituteTeacher: { $ne: null } }, { populate: ['substituteTeacher'], orderBy: { date: 'asc' } }),
    ]);
    const candidates = staff.filter((s) => s.roles.includes('teacher'));
    // The slot's teacher, the colleagues who may substitute and those who do: a list of names, one read (G4).
    const named: PersonRef[] = [['Staff', slot.assignment.teacher.id], ...candidates.map((s) => ['Staff', s.id] as const), ...lessons.map((l) => ['Staff', l.substituteTeacher!.id] as const)];
    await this.reads.record(actor, { kind: 'list', resource: 'Substitution', recordId: slot.id, schoolId: slot.school.id, people: countPeople(named, actor) });
    return {
      slot: {
        id: slot.id, assignmentId: slot.assignment.id, weekday: slot.weekday, lessonNumber: slot.lessonNumber,
        subject: slot.assignment.subject.name, group: slot.group.name, teacher: shortName(slot.assignment.teacher),
      },
      candidates: candidates.map((s) => ({ id: s.id, name: fullName(s) })),
      upcoming: lessons.map((l) => ({ date: l.date, substituteId: l.substituteTeacher!.id, substitute: shortName(l.substituteTeacher!) })),
    };
  }
}
