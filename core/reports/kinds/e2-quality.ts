import { percentRounded, qualityStats, weightedAverage, type PeriodMarkEntry, type QualityStats } from '../../journal/formulas/index.js';
import type { AssignmentRow, PeriodRow, ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { decimal, integer, percent, text, type BarChart, type Cell, type Column, type Section } from '../report-model.js';
import { statsEntry } from '../period-mark-words.js';
import { markHistograms, periodMarks, rosters, subgroupMembers, takes, type MarkHistogram } from '../report-queries.js';

/** A group of (student × subject) results: their period marks as entries and their current marks by value. */
class Tally {
  readonly entries: PeriodMarkEntry[] = [];
  readonly marks: MarkHistogram = [0, 0, 0, 0];

  add(entry: PeriodMarkEntry | undefined, histogram: MarkHistogram | undefined): void {
    if (entry) this.entries.push(entry);
    if (histogram) histogram.forEach((n, i) => (this.marks[i] = this.marks[i]! + n));
  }

  stats(): QualityStats {
    return qualityStats(this.entries);
  }

  /** Σ marks ÷ count, by SPEC's formula: the weighted average of the values, each weighted by how often it was given. */
  average(): number | undefined {
    return weightedAverage(this.marks.map((count, i) => ({ marks: [(i + 2) as 2 | 3 | 4 | 5], weight: count })));
  }
}

const tallyOf = <K>(map: Map<K, Tally>, key: K) => map.get(key) ?? map.set(key, new Tally()).get(key)!;

/** The statistics period: the one asked for, else of the periods within the range the one ending last (the longest of those). */
const statsPeriod = (ctx: ReportContext): PeriodRow | undefined => ctx.period ?? ctx.periods.at(-1);

/**
 * E2, pass rate, quality rate, СОУ and average (SPEC «Formulas»): over the period marks of the statistics
 * period (N excludes the exempt and those with no mark, н/а stays in N, those who left the class before the
 * period ended are not counted: `qualityStats`), and the average of the current marks given in the dates.
 * Per school, class, subject, teacher, class × subject and student, with the subjects of highest failure
 * and a bar chart. Every (student, subject) counts once at each level; зачёт/незачёт and subjects without
 * attestation are not on the five-point scale and stay out.
 */
export const qualityReport: ReportKind = {
  id: 'E2',
  titleKey: 'reports:kind.E2.title',
  descriptionKey: 'reports:kind.E2.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    const period = statsPeriod(ctx);
    const assignments = ctx.assignments.filter((a) => !a.withoutAttestation);
    const ids = assignments.map((a) => a.id);
    const [roster, members, marks, histograms] = await Promise.all([
      rosters(ctx.em, [...new Set(assignments.map((a) => a.groupId))], ctx.range, ctx.t),
      subgroupMembers(ctx.em, assignments),
      periodMarks(ctx.em, ids, period ? [period.id] : []),
      markHistograms(ctx.em, ctx.school.id, ids, ctx.range),
    ]);
    const end = period?.end ?? ctx.range.to;
    const school = new Tally();
    const byGroup = new Map<number, Tally>();
    const bySubject = new Map<number, Tally>();
    const byTeacher = new Map<number, Tally>();
    const byAssignment = new Map<number, Tally>();
    const byStudent = new Map<string, Tally>();
    const studentsOf = new Map<number, typeof roster>();
    for (const r of roster) studentsOf.set(r.groupId, [...(studentsOf.get(r.groupId) ?? []), r]);

    for (const a of assignments) {
      for (const s of studentsOf.get(a.groupId) ?? []) {
        if (!takes(a, s.studentId, members)) continue;
        const left = s.lastEnd !== null && s.lastEnd < end;
        const entry = period ? statsEntry(marks.get(`${a.id}:${period.id}:${s.studentId}`), left) : undefined;
        // Those who left are not counted: neither their period mark nor their current marks.
        const histogram = left ? undefined : histograms.get(`${a.id}:${s.studentId}`);
        for (const tally of [school, tallyOf(byGroup, a.groupId), tallyOf(bySubject, a.subjectId), tallyOf(byTeacher, a.teacherId),
          tallyOf(byAssignment, a.id), tallyOf(byStudent, `${a.groupId}:${s.studentId}`)]) tally.add(entry, histogram);
      }
    }

    const statColumns: Column[] = ['n', 'n5', 'n4', 'n3', 'n2', 'na', 'exempt', 'noMark', 'left', 'passRate', 'qualityRate', 'learningDegree', 'average']
      .map((c) => ({ title: t(`reports:columns.${c}`) }));
    const statCells = (tally: Tally): Cell[] => {
      const s = tally.stats();
      const c = s.counts;
      return [integer(s.n), integer(c.n5), integer(c.n4), integer(c.n3), integer(c.n2), integer(c.na), integer(c.exempt), integer(c.noMark), integer(c.left),
        percent(s.passRate), percent(s.qualityRate), percent(s.learningDegree), decimal(tally.average())];
    };
    const unique = <K>(pairs: [K, string][]) => [...new Map(pairs).entries()];
    const groups = unique(assignments.map((a): [number, string] => [a.groupId, a.groupName]));
    const subjects = unique(assignments.map((a): [number, string] => [a.subjectId, a.subjectName])).sort(([, a], [, b]) => a.localeCompare(b, 'ru'));
    const teachers = unique(assignments.map((a): [number, string] => [a.teacherId, a.teacherName])).sort(([, a], [, b]) => a.localeCompare(b, 'ru'));
    const rowsOf = <K>(items: [K, string][], map: Map<K, Tally>) => items.map(([key, name]) => [text(name), ...statCells(map.get(key) ?? new Tally())]);
    const section = (key: string, first: Column[], rows: Cell[][]): Section => ({ title: t(`reports:E2.${key}`), columns: [...first, ...statColumns], rows });
    const named = (key: string): Column => ({ title: t(`reports:columns.${key}`), wide: true });

    const sections: Section[] = [
      section('bySchool', [named('school')], [[text(ctx.school.name), ...statCells(school)]]),
      section('byGroup', [named('group')], rowsOf(groups, byGroup)),
      section('bySubject', [named('subject')], rowsOf(subjects, bySubject)),
      section('byTeacher', [named('teacher')], rowsOf(teachers, byTeacher)),
      section('byAssignment', [named('group'), named('subject'), named('teacher')],
        assignments.map((a: AssignmentRow) => [text(a.groupName), text(a.subjectName), text(a.teacherName), ...statCells(byAssignment.get(a.id) ?? new Tally())])),
      section('byStudent', [named('group'), named('student')], roster
        .filter((s) => !(s.lastEnd !== null && s.lastEnd < end) && byStudent.has(`${s.groupId}:${s.studentId}`))
        .map((s) => [text(groups.find(([id]) => id === s.groupId)?.[1] ?? ''), text(s.name), ...statCells(byStudent.get(`${s.groupId}:${s.studentId}`)!)])),
      failures(ctx, subjects, bySubject),
    ];
    if (!period) sections.forEach((s) => (s.note = t('reports:E2.noPeriod')));
    else sections[0]!.note = t('reports:E2.statsPeriod', { period: period.name });

    const byClass = groups.length > 1;
    const items = byClass ? groups : subjects;
    const map = byClass ? byGroup : bySubject;
    const chart: BarChart = {
      title: t(byClass ? 'reports:E2.chartByGroup' : 'reports:E2.chartBySubject'),
      labels: items.map(([, name]) => name),
      series: [
        { name: t('reports:columns.passRate'), values: items.map(([key]) => map.get(key)?.stats().passRate) },
        { name: t('reports:columns.qualityRate'), values: items.map(([key]) => map.get(key)?.stats().qualityRate) },
      ],
      unit: '%',
    };
    return { sections, charts: period && items.length > 0 ? [chart] : [] };
  },
};

/** The subjects of highest failure: share of 2 and н/а among N, highest first, those with any. */
function failures(ctx: ReportContext, subjects: [number, string][], bySubject: Map<number, Tally>): Section {
  const { t } = ctx;
  const rows = subjects
    .map(([id, name]) => {
      const s = (bySubject.get(id) ?? new Tally()).stats();
      return { name, s, failure: percentRounded(s.counts.n2 + s.counts.na, s.n) };
    })
    .filter((r) => (r.failure ?? 0) > 0)
    .sort((a, b) => b.failure! - a.failure! || a.name.localeCompare(b.name, 'ru'))
    .slice(0, 10)
    .map((r) => [text(r.name), integer(r.s.n), integer(r.s.counts.n2), integer(r.s.counts.na), percent(r.failure)]);
  return {
    title: t('reports:E2.failures'),
    columns: [{ title: t('reports:columns.subject'), wide: true }, ...['n', 'n2', 'na', 'failureRate'].map((c) => ({ title: t(`reports:columns.${c}`) }))],
    rows,
    ...(rows.length === 0 ? { note: t('reports:E2.noFailures') } : {}),
  };
}
