import type { EntityManager } from '@mikro-orm/postgresql';
import { nameColumns, namePartsOf, studentName } from '../../people/display-name.js';
import { ruDate } from '../../time/format.js';
import type { ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { integer, mark, text, type Cell, type Column, type Section } from '../report-model.js';
import { rosters } from '../report-queries.js';

interface FailingMarkRow {
  group_id: number;
  student_id: number;
  last_name: string;
  first_name: string;
  middle_name: string | null;
  pseudonym_no: number | null;
  date: string;
  subject: string;
  work_type: string;
  topic: string | null;
  value: number;
  second: number | null;
}

/** The current marks with a 2 (a double mark 3/2 too) of the assignments' lessons in the dates, by class, student and date. */
function failingMarks(em: EntityManager, ctx: ReportContext) {
  return em.execute<FailingMarkRow[]>(
    `select a.group_id, k.student_id, ${nameColumns('s')}, to_char(l.date, 'YYYY-MM-DD') as date,
            sub.name as subject, w.name as work_type, coalesce(nullif(l.topic, ''), pt.title) as topic, k.value, k.second
       from mark k
       join lesson l on l.id = k.lesson_id
       join teaching_assignment a on a.id = l.assignment_id
       join subject sub on sub.id = a.subject_id
       join work_type w on w.id = k.work_type_id
       join student s on s.id = k.student_id
       left join thematic_plan_topic pt on pt.id = l.plan_topic_id
      where l.school_id = ? and l.assignment_id in (?) and l.date between ? and ? and (k.value = 2 or k.second = 2)
      order by a.group_id, s.last_name, s.first_name, s.middle_name, k.student_id, l.date, l.lesson_number, sub.name, k.id`,
    [ctx.school.id, [...new Set(ctx.assignments.map((a) => a.id))], ctx.range.from, ctx.range.to]);
}

/** How many 2s a mark holds: a double mark counts as two marks (SPEC «Formulas»), so 2/2 is two. */
const twos = (m: FailingMarkRow) => Number(m.value === 2) + Number(m.second === 2);

/**
 * E4, unsatisfactory marks: every current mark 2 given in the dates in the assignments the actor reaches,
 * with its date, subject, work type and lesson topic, by class and student; how many students have one and
 * how many there are per class, and per student by subject. Period marks (2, н/а) are E1's and E8's.
 */
export const failingMarksReport: ReportKind = {
  id: 'E4',
  titleKey: 'reports:kind.E4.title',
  descriptionKey: 'reports:kind.E4.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    if (ctx.assignments.length === 0) return { sections: [{ title: t('reports:kind.E4.title'), columns: [], rows: [], note: t('reports:nothing') }], charts: [] };
    const groups = [...new Map(ctx.assignments.map((a) => [a.groupId, a.groupName])).entries()];
    const [roster, marks] = await Promise.all([rosters(ctx.em, groups.map(([id]) => id), ctx.range, ctx.t), failingMarks(ctx.em, ctx)]);
    const lastEnd = new Map(roster.map((s) => [`${s.groupId}:${s.studentId}`, s.lastEnd]));
    const nameOf = (m: FailingMarkRow) => {
      const end = lastEnd.get(`${m.group_id}:${m.student_id}`);
      const name = studentName(namePartsOf(m), 'full', t);
      return end && end < ctx.range.to ? t('reports:leftOn', { name, date: ruDate(end) }) : name;
    };
    const col = (key: string, wide = false): Column => ({ title: t(`reports:kind.E4.columns.${key}`), ...(wide ? { wide: true } : {}) });
    const named = (key: string): Column => ({ title: t(`reports:columns.${key}`), wide: true });

    // Per student: its 2s by subject, in the order the marks come (class, name).
    const students = new Map<string, { groupId: number; mark: FailingMarkRow; bySubject: Map<string, number> }>();
    for (const m of marks) {
      const key = `${m.group_id}:${m.student_id}`;
      const s = students.get(key) ?? students.set(key, { groupId: m.group_id, mark: m, bySubject: new Map() }).get(key)!;
      s.bySubject.set(m.subject, (s.bySubject.get(m.subject) ?? 0) + twos(m));
    }
    const sum = (counts: Iterable<number>) => [...counts].reduce((a, b) => a + b, 0);
    const classRows: Cell[][] = groups.map(([groupId, name]) => {
      const own = [...students.values()].filter((s) => s.groupId === groupId);
      return [text(name), integer(own.length), integer(sum(own.map((s) => sum(s.bySubject.values()))))];
    });
    if (groups.length > 1) classRows.push([text(t('reports:kind.E4.total')), integer(students.size), integer(sum(marks.map(twos)))]);

    const sections: Section[] = [
      { title: t('reports:kind.E4.byGroup'), columns: [named('group'), col('students'), col('marks')], rows: classRows, note: t('reports:kind.E4.rule') },
      {
        title: t('reports:kind.E4.byStudent'),
        columns: [named('group'), named('student'), col('marks'), col('bySubject', true)],
        rows: groups.flatMap(([groupId, name]) => [...students.values()].filter((s) => s.groupId === groupId).map((s) => [text(name), text(nameOf(s.mark)),
          integer(sum(s.bySubject.values())),
          text([...s.bySubject].sort(([a], [b]) => a.localeCompare(b, 'ru')).map(([subject, n]) => t('reports:kind.E4.subjectCount', { subject, n })).join('; '))])),
        ...(students.size === 0 ? { note: t('reports:kind.E4.none') } : {}),
      },
    ];
    for (const [groupId, name] of groups) {
      const rows = marks.filter((m) => m.group_id === groupId).map((m) => [text(nameOf(m)), text(ruDate(m.date)), text(m.subject), text(m.work_type),
        text(m.topic ?? ''), m.second === null ? mark(m.value) : mark(`${m.value}/${m.second}`)]);
      if (rows.length === 0) continue;
      sections.push({
        title: t('reports:kind.E4.list', { group: name }),
        // On a portrait page: a date takes a share of the width only when the subject takes no more.
        columns: [named('student'), col('date'), { title: t('reports:columns.subject') }, col('workType'), col('topic', true), col('mark')],
        rows,
      });
    }
    return { sections, charts: [] };
  },
};
