import type { EntityManager } from '@mikro-orm/postgresql';
import { actsEverywhere, type Actor } from '../access/actor.js';
import { inSchool, requireAccess } from '../access/policy.js';
import { countPeople } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { AccessDenied, NotFound, ValidationFailed, problem } from '../base/errors.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';
import { isoWeekday } from '../time/local-date.js';
import { digestFigures, guardianFigures, scopeStudents, type DigestFigures, type GuardianFigures } from './family-figures.js';
import { lessonFigures, type LessonFigures } from './lesson-figures.js';
import { notificationFigures, type NotificationFigures } from './notification-figures.js';
import { summaryScope } from './summary-scope.js';

/** The school's day as its heads read it (issue 13), or the part of it the actor may see. */
export interface DaySummary {
  school: { id: number; name: string; timeZone: string };
  date: string;
  /** ISO weekday of `date`, 1 Monday … 7 Sunday. */
  weekday: number;
  /** The holiday `date` falls in: no lessons are expected. */
  holiday: string | null;
  /** What the figures cover: the whole school, a class teacher's classes, a teacher's own lessons. */
  coverage: 'school' | 'classes' | 'lessons';
  /** The class teacher's classes, when `coverage` is 'classes'. */
  groups: { id: number; name: string }[];
  lessons: LessonFigures;
  /** The families' figures: null for a teacher, who reads only its lessons. */
  guardians: GuardianFigures | null;
  digests: DigestFigures | null;
  notifications: NotificationFigures | null;
}

/** How many schools the deployment's administrator sees summed up on one page; the rest through each school. */
export const SCHOOLS_ON_ONE_PAGE = 10;

/**
 * One day of a school, by role (the one access policy decides how far): today's lessons and what each
 * teacher has left to fill in, the marks given, the guardians who can be reached, the digests acknowledged,
 * the notifications waiting or failed. A handful of set-based statements per school.
 */
export class DaySummaries {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly reads: ReadLog,
  ) {}

  /**
   * The summary of the actor's school (or, for those who act everywhere, of `schoolId`) on `day`, by default
   * today at that school. A teacher gets its own lessons; anyone else without the journal is refused.
   */
  async daySummary(actor: Actor, options: { day?: string; schoolId?: number } = {}): Promise<DaySummary> {
    const em = this.em();
    const scope = summaryScope(actor);
    const schoolId = options.schoolId ?? actor.schoolId;
    if (schoolId === undefined) throw new ValidationFailed([problem('required', 'school')]);
    if (!inSchool(actor, schoolId)) throw new AccessDenied('summary.view');
    const school = await em.findOne(School, schoolId);
    if (!school) throw new NotFound('School');
    const day = options.day ?? this.clock.today(school.timeZone);
    if (!isIsoDate(day)) throw new ValidationFailed([problem('dateInvalid', 'date')]);

    const [holiday] = await em.execute<{ name: string }[]>(
      'select name from holiday where school_id = ? and start_date <= ? and end_date >= ? order by start_date limit 1', [school.id, day, day],
    );
    const groups = scope.groupIds.length ? await em.execute<{ id: number; name: string }[]>(
      'select id, name from school_group where id in (?) and school_id = ? order by name, id', [[...scope.groupIds], school.id],
    ) : [];
    const lessons = await lessonFigures(em, school.id, day, scope);
    let families: Pick<DaySummary, 'guardians' | 'digests' | 'notifications'> = { guardians: null, digests: null, notifications: null };
    if (scope.families) {
      const students = await scopeStudents(em, school.id, day, scope);
      families = {
        guardians: await guardianFigures(em, school.id, students, day),
        digests: await digestFigures(em, school.id, students, day),
        notifications: await notificationFigures(em, school.id, school.timeZone, day, scope.schoolWide ? 'all' : students),
      };
    }
    return {
      school: { id: school.id, name: school.name, timeZone: school.timeZone },
      date: day,
      weekday: isoWeekday(day),
      holiday: holiday?.name ?? null,
      coverage: scope.schoolWide ? 'school' : scope.groupIds.length ? 'classes' : 'lessons',
      groups,
      lessons,
      ...families,
    };
  }

  /** «Сводка дня» of the heads' bot menu: for those who hold summary.view (the heads, a class teacher), today. */
  async headsSummary(actor: Actor): Promise<DaySummary> {
    requireAccess(actor, 'summary.view');
    return this.read(actor, await this.daySummary(actor));
  }

  /**
   * The panel's home page: the summary of the actor's school today; for the deployment's administrator, of
   * each school (the first SCHOOLS_ON_ONE_PAGE by name).
   */
  async home(actor: Actor): Promise<DaySummary[]> {
    if (!actsEverywhere(actor)) return [await this.read(actor, await this.daySummary(actor))];
    const schools = await this.em().execute<{ id: number }[]>('select id from school order by name, id limit ?', [SCHOOLS_ON_ONE_PAGE]);
    const summaries: DaySummary[] = [];
    for (const { id } of schools) summaries.push(await this.read(actor, await this.daySummary(actor, { schoolId: id })));
    return summaries;
  }

  /** A summary shown names the day's teachers: a read of those other than its reader (G4), one per school. */
  private async read(actor: Actor, summary: DaySummary): Promise<DaySummary> {
    const people = countPeople(summary.lessons.teachers.map((t) => ['Staff', t.staffId] as const), actor);
    await this.reads.record(actor, { kind: 'report', resource: 'DaySummary', schoolId: summary.school.id, detail: `${summary.coverage}, ${summary.date}`, people });
    return summary;
  }
}
