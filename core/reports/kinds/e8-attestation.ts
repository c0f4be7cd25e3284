import { proposedPeriodMark, rankStudents, weightedAverage, type Mark, type MarkCell } from '../../journal/formulas/index.js';
import { exemptions, markCells, roundingThreshold } from '../attestation-queries.js';
import type { AssignmentRow, ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { decimal, empty, integer, mark, text, type Cell, type Section } from '../report-model.js';
import { rosters, subgroupMembers, takes } from '../report-queries.js';

/**
 * Fewer marks than this in the dates and the student is not attested (н/а). Neither SPEC nor the five
 * regulations in its seeds name a number; three is the minimum schools' own «Положение о текущем контроле
 * и промежуточной аттестации» usually set for a subject of one hour a week, and what issue 14's brief fixed.
 * A double mark 5/4 counts as two marks, as in every average (SPEC «Formulas»).
 */
export const MIN_MARKS_FOR_ATTESTATION = 3;

/** A student's preliminary attestation in a subject: the proposed period mark, or н/а, and whether it is at risk. */
export interface Attestation {
  marks: number;
  weightedAverage: number | undefined;
  proposed: Mark | 'na';
  /** «Под угрозой»: a proposed 2, or н/а. */
  atRisk: boolean;
}

/** The proposed period mark as the journal proposes it (C7: the weighted average by the school's rounding rule). */
export function attestationOf(cells: readonly MarkCell[], threshold: number): Attestation {
  const marks = cells.reduce((n, c) => n + c.marks.length, 0);
  const proposed = (marks < MIN_MARKS_FOR_ATTESTATION ? undefined : proposedPeriodMark(cells, threshold)) ?? 'na';
  return { marks, weightedAverage: weightedAverage(cells), proposed, atRisk: proposed === 'na' || proposed === 2 };
}

/**
 * E8, the preliminary attestation sheet and the class rating (S3 §5.2–5.3): per class, each student's
 * proposed period mark in every subject from the current marks of the dates, those at risk of a 2 or н/а
 * listed first, and the class ranked by the weighted average of all its marks there (ties share the place:
 * `rankStudents`, as the diary's rating). An exemption (осв.) set for a period within the dates is shown, not proposed over.
 * Students who left the class before the dates end are not attested in it; subjects without attestation stay out.
 */
export const attestationReport: ReportKind = {
  id: 'E8',
  titleKey: 'reports:kind.E8.title',
  descriptionKey: 'reports:kind.E8.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    const assignments = ctx.assignments.filter((a) => !a.withoutAttestation);
    const ids = assignments.map((a) => a.id);
    const groups = [...new Map(assignments.map((a) => [a.groupId, a.groupName])).entries()];
    const [roster, members, cells, threshold, exempt] = await Promise.all([
      rosters(ctx.em, groups.map(([id]) => id), ctx.range, ctx.t),
      subgroupMembers(ctx.em, assignments),
      markCells(ctx.em, ctx.school.id, ids, ctx.range),
      roundingThreshold(ctx.em, ctx.school.id),
      exemptions(ctx.em, ids, ctx.periods.map((p) => p.id)),
    ]);
    const na = t('reports:periodMark.na');
    const risks: Cell[][] = [];
    const sections: Section[] = [];
    for (const [groupId, groupName] of groups) {
      const own = assignments.filter((a) => a.groupId === groupId);
      const subjects = [...new Map(own.map((a) => [a.subjectId, a.subjectName])).entries()].sort(([, a], [, b]) => a.localeCompare(b, 'ru'));
      const students = roster.filter((s) => s.groupId === groupId && !(s.lastEnd !== null && s.lastEnd < ctx.range.to));
      const sheet: Cell[][] = [];
      const averages: { studentId: number; weightedAverage: number | undefined; marks: number; name: string }[] = [];
      for (const [i, s] of students.entries()) {
        const all: MarkCell[] = [];
        let flagged = false;
        const row = subjects.map(([subjectId, subjectName]): Cell => {
          const taken = own.filter((a) => a.subjectId === subjectId && takes(a, s.studentId, members));
          if (taken.length === 0) return empty;
          const subjectCells = taken.flatMap((a: AssignmentRow) => cells.get(`${a.id}:${s.studentId}`) ?? []);
          all.push(...subjectCells);
          if (taken.some((a) => exempt.has(`${a.id}:${s.studentId}`))) return mark(t('reports:periodMark.exempt'));
          const att = attestationOf(subjectCells, threshold);
          const proposed = att.proposed === 'na' ? na : att.proposed;
          if (att.atRisk) {
            flagged = true;
            const reason = att.proposed === 'na' ? t('reports:E8.fewMarks', { count: MIN_MARKS_FOR_ATTESTATION }) : t('reports:E8.two');
            risks.push([text(groupName), text(s.name), text(subjectName), integer(att.marks), decimal(att.weightedAverage), mark(proposed), text(reason)]);
          }
          return mark(proposed);
        });
        sheet.push([integer(i + 1), text(s.name), ...row, flagged ? text(t('reports:E8.atRisk')) : empty]);
        averages.push({ studentId: s.studentId, weightedAverage: weightedAverage(all), marks: all.reduce((n, c) => n + c.marks.length, 0), name: s.name });
      }
      sections.push({
        title: t('reports:E8.sheet', { group: groupName }),
        columns: [{ title: '№' }, { title: t('reports:columns.student'), wide: true }, ...subjects.map(([, name]) => ({ title: name })), { title: t('reports:E8.atRisk') }],
        rows: sheet,
        note: t(students.length === 0 ? 'reports:noStudents' : 'reports:E8.sheetNote', { threshold, count: MIN_MARKS_FOR_ATTESTATION }),
      });
      const byId = new Map(averages.map((a) => [a.studentId, a]));
      sections.push({
        title: t('reports:E8.rating', { group: groupName }),
        columns: [{ title: t('reports:E8.place') }, { title: t('reports:columns.student'), wide: true }, { title: t('reports:E8.weightedAverage') }, { title: t('reports:E8.marks') }],
        rows: rankStudents(averages).map((r) => {
          const a = byId.get(r.studentId)!;
          return [r.place === undefined ? empty : integer(r.place), text(a.name), decimal(r.weightedAverage), integer(a.marks)];
        }),
        note: t('reports:E8.ratingNote'),
      });
    }
    const riskSection: Section = {
      title: t('reports:E8.atRiskTitle'),
      columns: [{ title: t('reports:columns.group') }, { title: t('reports:columns.student'), wide: true }, { title: t('reports:columns.subject'), wide: true },
        { title: t('reports:E8.marks') }, { title: t('reports:E8.weightedAverage') }, { title: t('reports:E8.proposed') }, { title: t('reports:E8.reason'), wide: true }],
      rows: risks,
      ...(risks.length === 0 ? { note: t(groups.length === 0 ? 'reports:nothing' : 'reports:E8.noRisk') } : {}),
    };
    return { sections: [riskSection, ...sections], charts: [] };
  },
};
