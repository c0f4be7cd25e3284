import { qualityStats, type PeriodMarkEntry } from '../../journal/formulas/index.js';
import { ruDate } from '../../time/format.js';
import type { AssignmentRow, ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { integer, percent, text, type Cell, type Section } from '../report-model.js';
import { periodMarkCells, statsEntry } from '../period-mark-words.js';
import { periodMarks, rosters, subgroupMembers, takes } from '../report-queries.js';

const byName = new Intl.Collator('ru');

/**
 * E1, the summary sheet (сводная ведомость): per class and period, each student's period marks in every
 * subject, with the pass and quality rates of each subject under the table. A range of dates shows every
 * period lying within it (the year: its quarters and the year marks).
 */
export const summarySheet: ReportKind = {
  id: 'E1',
  titleKey: 'reports:kind.E1.title',
  descriptionKey: 'reports:kind.E1.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    if (ctx.periods.length === 0) return { sections: [{ title: t('reports:E1.title'), columns: [], rows: [], note: t('reports:noPeriods') }], charts: [] };
    const groups = [...new Map(ctx.assignments.map((a) => [a.groupId, a.groupName])).entries()];
    const [roster, members, marks] = await Promise.all([
      rosters(ctx.em, groups.map(([id]) => id), ctx.range, ctx.t),
      subgroupMembers(ctx.em, ctx.assignments),
      periodMarks(ctx.em, ctx.assignments.map((a) => a.id), ctx.periods.map((p) => p.id)),
    ]);
    const cellOf = periodMarkCells(t);
    const sections: Section[] = [];
    for (const [groupId, groupName] of groups) {
      const assignments = ctx.assignments.filter((a) => a.groupId === groupId);
      const subjects = [...new Map(assignments.map((a) => [a.subjectId, a.subjectName])).entries()].sort(([, a], [, b]) => byName.compare(a, b));
      const students = roster.filter((r) => r.groupId === groupId);
      // Who takes each subject, through which of its assignments (the class's, or a subgroup's): once per class.
      const takers = subjects.map(([subjectId]) => students.map((s) => assignments.filter((a) => a.subjectId === subjectId && takes(a, s.studentId, members))));
      for (const period of ctx.periods) {
        const left = (lastEnd: string | null) => lastEnd !== null && lastEnd < period.end;
        const valueOf = (taking: AssignmentRow[], studentId: number) => {
          for (const a of taking) {
            const value = marks.get(`${a.id}:${period.id}:${studentId}`);
            if (value !== undefined) return value;
          }
          return undefined;
        };
        // values[subject][student]: the period mark, once for the row and the statistics.
        const values = takers.map((bySubject) => bySubject.map((taking, i) => valueOf(taking, students[i]!.studentId)));
        const rows: Cell[][] = students.map((s, i) => [
          integer(i + 1),
          text(left(s.lastEnd) ? t('reports:leftOn', { name: s.name, date: ruDate(s.lastEnd!) }) : s.name),
          ...values.map((bySubject) => cellOf(bySubject[i])),
        ]);
        const stats = takers.map((bySubject, k) => qualityStats(students.flatMap((s, i) => {
          const entry = bySubject[i]!.length > 0 ? statsEntry(values[k]![i], left(s.lastEnd)) : undefined;
          return entry ? [entry] : ([] as PeriodMarkEntry[]);
        })));
        rows.push([text(''), text(t('reports:columns.passRate')), ...stats.map((s) => percent(s.passRate))]);
        rows.push([text(''), text(t('reports:columns.qualityRate')), ...stats.map((s) => percent(s.qualityRate))]);
        sections.push({
          title: t('reports:E1.section', { group: groupName, period: period.name }),
          columns: [{ title: '№' }, { title: t('reports:columns.student'), wide: true }, ...subjects.map(([, name]) => ({ title: name }))],
          rows,
          ...(students.length === 0 ? { note: t('reports:noStudents') } : {}),
        });
      }
    }
    if (sections.length === 0) sections.push({ title: t('reports:E1.title'), columns: [], rows: [], note: t('reports:nothing') });
    return { sections, charts: [] };
  },
};
