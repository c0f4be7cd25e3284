import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { scopesOf } from '../access/policy.js';
import { AccessDenied } from '../base/errors.js';
import { Group } from '../people/group.entity.js';
import { Attendance } from './attendance.entity.js';
import { addDays } from '../time/local-date.js';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';

/** One absence or lateness of a student of the class, as the class teacher reviews them. */
export interface ClassAbsence {
  attendance: Attendance;
  date: string;
  lessonNumber: number;
  subject: string;
  group: string;
}

/** How far back the class teacher looks by default: notes from home come within days. */
const DAYS = 30;

/**
 * The absences of the class teacher's own classes (C3): the lesson teacher records who was missing, the
 * class teacher later records why (б, п) when a note from home arrives, through JournalService.excuseAbsence.
 */
export class ClassAbsences {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  async recent(actor: Actor): Promise<ClassAbsence[]> {
    if (actor.kind !== 'staff' || !scopesOf(actor, 'attendance.excuse').has('ownGroups') || actor.classGroupIds.length === 0) {
      throw new AccessDenied('attendance.excuse');
    }
    const em = this.em();
    const school = await em.findOneOrFail(School, actor.schoolId!);
    const today = this.clock.today(school.timeZone);
    const groups = await em.find(Group, { id: { $in: [...actor.classGroupIds] }, school: school.id });
    const rows = await em.find(Attendance, {
      school: school.id,
      code: { $in: ['n', 'b', 'p'] },
      lesson: { date: { $gte: addDays(today, -DAYS), $lte: today }, assignment: { group: { $in: groups.map((g) => g.id) } } },
    }, { populate: ['lesson.assignment.subject', 'lesson.assignment.group', 'student'], orderBy: { lesson: { date: 'desc', lessonNumber: 'asc' }, student: { lastName: 'asc' } } });
    return rows.map((a) => ({
      attendance: a,
      date: a.lesson.date,
      lessonNumber: a.lesson.lessonNumber,
      subject: a.lesson.assignment.subject.name,
      group: a.lesson.assignment.group.name,
    }));
  }
}
