import { can } from '../../access/policy.js';
import { academicHours } from '../academic-hours.js';
import type { ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { integer, text, type Cell, type Column, type Section } from '../report-model.js';

/** Lessons one teacher gave one class in one month, of one length. */
interface GivenRow {
  teacher_id: number;
  group_id: number;
  month: string;
  minutes: number | null;
  lessons: number;
}

/*
 * A lesson was given when its day has come and the journal holds something of the lesson itself: its topic,
 * its roll call, an absence or a mark. A timetabled lesson nobody opened, or one opened only to set homework
 * ahead and then not held, was not given (the schema has no «cancelled»: a cancelled lesson is one with
 * nothing recorded). The hours go to whoever gave it: the substitute when one is recorded (C6).
 */
const GIVEN_SQL = `
select coalesce(l.substitute_teacher_id, a.teacher_id) as teacher_id, a.group_id, to_char(l.date, 'YYYY-MM') as month,
       (extract(epoch from (bs.ends_at::time - bs.starts_at::time)) / 60)::int as minutes, count(*)::int as lessons
  from lesson l
  join teaching_assignment a on a.id = l.assignment_id
  join school_group g on g.id = a.group_id
  left join bell_slot bs on bs.schedule_id = g.bell_schedule_id and bs.lesson_number = l.lesson_number
 where l.school_id = :school and a.year_id = :year and l.date between :from::date and :last::date
   and (:class::int is null or a.group_id = :class::int)
   and (:subject::int is null or a.subject_id = :subject::int)
   and (:teacher::int is null or coalesce(l.substitute_teacher_id, a.teacher_id) = :teacher::int)
   and (l.topic is not null or l.attendance_taken_at is not null
        or exists (select 1 from attendance x where x.lesson_id = l.id)
        or exists (select 1 from mark k where k.lesson_id = l.id))
 group by 1, 2, 3, 4`;

/** Hours and lessons per month of one row (a teacher, a class). */
class Hours {
  readonly byMonth = new Map<string, number>();
  hours = 0;
  lessons = 0;

  add(month: string, hours: number, lessons: number): void {
    this.byMonth.set(month, (this.byMonth.get(month) ?? 0) + hours);
    this.hours += hours;
    this.lessons += lessons;
  }

  cells(months: string[]): Cell[] {
    return [...months.map((m) => integer(this.byMonth.get(m) ?? 0)), integer(this.hours), integer(this.lessons)];
  }
}

/** The calendar months the range touches, as YYYY-MM. */
export function monthsOf(range: { from: string; to: string }): string[] {
  const months: string[] = [];
  let [year, month] = range.from.slice(0, 7).split('-').map(Number) as [number, number];
  const last = range.to.slice(0, 7);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > last) return months;
    months.push(key);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
}

/**
 * E7, teacher hours given per month (учёт часов преподавателя, S3 §5.2): academic hours of the lessons given
 * (a lesson's bell slot: max(1, round(minutes ÷ 45))), per teacher × month with the total, and per class ×
 * month. Lessons are those of the year's assignments in the class and subject asked for, credited to whoever
 * gave them; each row is shown only if the policy lets the actor see that teacher in that class (a teacher:
 * its own hours, substitutions included; a class teacher: its class).
 */
export const teacherHoursReport: ReportKind = {
  id: 'E7',
  titleKey: 'reports:kind.E7.title',
  descriptionKey: 'reports:kind.E7.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    const last = [ctx.range.to, ctx.today].sort()[0]!;
    const given = last < ctx.range.from ? [] : await ctx.em.execute<GivenRow[]>(ctx.em.getKnex().raw(GIVEN_SQL, {
      school: ctx.school.id, year: ctx.year.id, from: ctx.range.from, last,
      class: ctx.filterIds.class ?? null, subject: ctx.filterIds.subject ?? null, teacher: ctx.filterIds.teacher ?? null,
    }));
    const visible = given.filter((r) => can(ctx.actor, 'reports.view', { schoolId: ctx.school.id, groupIds: [r.group_id], teacherId: r.teacher_id }));

    const byTeacher = new Map<number, Hours>();
    const byGroup = new Map<number, Hours>();
    const total = new Hours();
    const of = (map: Map<number, Hours>, id: number) => map.get(id) ?? map.set(id, new Hours()).get(id)!;
    for (const r of visible) {
      const hours = academicHours(r.minutes) * r.lessons;
      of(byTeacher, r.teacher_id).add(r.month, hours, r.lessons);
      of(byGroup, r.group_id).add(r.month, hours, r.lessons);
      total.add(r.month, hours, r.lessons);
    }
    const [teachers, groups] = await Promise.all([
      namesOf(ctx, `select id, concat_ws(' ', last_name, first_name, middle_name) as name from staff where school_id = ? and id in (?) order by last_name, first_name, middle_name, id`, [...byTeacher.keys()]),
      namesOf(ctx, 'select id, name from school_group where school_id = ? and id in (?) order by grade_level, name, id', [...byGroup.keys()]),
    ]);

    const months = monthsOf(ctx.range);
    const monthColumns: Column[] = months.map((m) => ({
      title: t('reports:kind.E7.month', { month: t(`reports:kind.E7.months.${Number(m.slice(5))}`), year: m.slice(0, 4) }),
    }));
    const columns = (first: string): Column[] => [{ title: t(`reports:columns.${first}`), wide: true }, ...monthColumns,
      { title: t('reports:kind.E7.columns.hours') }, { title: t('reports:kind.E7.columns.lessons') }];
    const rowsOf = (names: [number, string][], map: Map<number, Hours>): Cell[][] => {
      const rows = names.map(([id, name]) => [text(name), ...map.get(id)!.cells(months)]);
      return rows.length > 1 ? [...rows, [text(t('reports:kind.E7.total')), ...total.cells(months)]] : rows;
    };
    const note = visible.length === 0 ? t('reports:kind.E7.none') : t('reports:kind.E7.rule');
    const sections: Section[] = [
      { title: t('reports:kind.E7.byTeacher'), columns: columns('teacher'), rows: rowsOf(teachers, byTeacher), note },
      { title: t('reports:kind.E7.byGroup'), columns: columns('group'), rows: rowsOf(groups, byGroup) },
    ];
    return { sections, charts: [] };
  },
};

async function namesOf(ctx: ReportContext, sql: string, ids: number[]): Promise<[number, string][]> {
  if (ids.length === 0) return [];
  const rows = await ctx.em.execute<{ id: number; name: string }[]>(sql, [ctx.school.id, ids]);
  return rows.map((r) => [r.id, r.name]);
}
