import type { EntityManager } from '@mikro-orm/postgresql';

/** A line of an assignment's КТП. */
export interface PlanTopic {
  id: number;
  position: number;
  title: string;
  hours: number;
}

/** Programme fulfilment of one assignment over a range of dates (E6, and the year-end archive's line, F1). */
export interface ProgrammeFigures {
  assignmentId: number;
  /** Whether the assignment has a КТП at all; without one nothing is planned. */
  hasPlan: boolean;
  /** «по плану»: the hours of the КТП topics due within the range (see `dueTopics`). */
  plannedHours: number;
  /** «фактически»: the lessons of the assignment held within the range with a topic (a lesson is an hour). */
  givenHours: number;
  /** The topics due within the range that no lesson of the assignment up to the range's end was given on. */
  notCovered: PlanTopic[];
}

/**
 * The topics of a plan (in its order) that fall due between two points of the timetable: the plan is taught
 * from the start of the year, one hour per timetabled lesson, so a topic is due once the timetable has
 * reached its last hour. `hoursBefore` and `hoursThrough` count the timetabled lessons before the range and
 * through its end. Each topic falls due in exactly one range, so the figures of the quarters add up to the year's.
 */
export function dueTopics<T extends { hours: number }>(plan: readonly T[], hoursBefore: number, hoursThrough: number): T[] {
  const due: T[] = [];
  let reached = 0;
  for (const topic of plan) {
    reached += topic.hours;
    if (reached > hoursThrough) break;
    if (reached > hoursBefore) due.push(topic);
  }
  return due;
}

/**
 * The programme fulfilment of the assignments over the range, in four set queries whatever their number:
 * the timetabled lessons from the start of each assignment's year (holidays and days outside the slots'
 * validity skipped), the plans, the lessons given with a topic, and which plan lines were taught. A plan line
 * counts as taught when a lesson was given on it (chosen from the КТП, as the bot proposes it); a topic typed
 * as free text is an hour given, not a line of the plan. The ids must already be checked for the actor.
 */
export async function programmeFulfilment(em: EntityManager, assignmentIds: readonly number[], range: { from: string; to: string }): Promise<Map<number, ProgrammeFigures>> {
  const ids = [...new Set(assignmentIds)];
  const figures = new Map<number, ProgrammeFigures>();
  if (ids.length === 0) return figures;
  const [timetabled, topics, given, taught] = await Promise.all([
    em.execute<{ assignment_id: number; before: number; through: number }[]>(
      `select ts.assignment_id, (count(*) filter (where d.day::date < ?))::int as before, count(*)::int as through
         from timetable_slot ts
         join teaching_assignment a on a.id = ts.assignment_id
         join academic_year y on y.id = a.year_id
         cross join lateral generate_series(greatest(ts.valid_from, y.start_date), least(coalesce(ts.valid_to, y.end_date), y.end_date, ?::date), interval '1 day') as d(day)
        where ts.assignment_id in (?) and extract(isodow from d.day) = ts.weekday
          and not exists (select 1 from holiday h where h.school_id = ts.school_id and d.day::date between h.start_date and h.end_date)
        group by ts.assignment_id`,
      [range.from, range.to, ids]),
    em.execute<{ id: number; assignment_id: number; position: number; title: string; hours: number }[]>(
      'select id, assignment_id, position, title, hours from thematic_plan_topic where assignment_id in (?) order by assignment_id, position', [ids]),
    em.execute<{ assignment_id: number; lessons: number }[]>(
      `select assignment_id, count(*)::int as lessons from lesson
        where assignment_id in (?) and date between ? and ? and topic is not null group by assignment_id`, [ids, range.from, range.to]),
    em.execute<{ plan_topic_id: number }[]>(
      'select distinct plan_topic_id from lesson where assignment_id in (?) and date <= ? and plan_topic_id is not null', [ids, range.to]),
  ]);
  const taughtIds = new Set(taught.map((r) => r.plan_topic_id));
  const plans = new Map<number, PlanTopic[]>();
  for (const t of topics) {
    const plan = plans.get(t.assignment_id) ?? plans.set(t.assignment_id, []).get(t.assignment_id)!;
    plan.push({ id: t.id, position: t.position, title: t.title, hours: t.hours });
  }
  const slots = new Map(timetabled.map((r) => [r.assignment_id, r]));
  const lessons = new Map(given.map((r) => [r.assignment_id, r.lessons]));
  for (const id of ids) {
    const plan = plans.get(id) ?? [];
    const due = dueTopics(plan, slots.get(id)?.before ?? 0, slots.get(id)?.through ?? 0);
    figures.set(id, {
      assignmentId: id,
      hasPlan: plan.length > 0,
      plannedHours: due.reduce((sum, t) => sum + t.hours, 0),
      givenHours: lessons.get(id) ?? 0,
      notCovered: due.filter((t) => !taughtIds.has(t.id)),
    });
  }
  return figures;
}
