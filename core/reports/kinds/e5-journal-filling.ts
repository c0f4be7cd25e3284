import { percentRounded } from '../../journal/formulas/index.js';
import { addDays } from '../../time/local-date.js';
import { ruDate } from '../../time/format.js';
import type { ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { integer, percent, text, type Cell, type Column, type Section } from '../report-model.js';
import { rosters, subgroupMembers, takes, type RosterEntry } from '../report-queries.js';
import { GAPS, journalGaps, type AssignmentGaps, type Gap, type JournalGaps } from './e5-journal-filling-queries.js';
import { marksUpToTwo, type AssignmentStudent } from './e5-marks-up-to-two.js';

const byName = new Intl.Collator('ru');

/** The gap list stops here: a school's year can have thousands, and the counts above already say how many. */
export const GAP_LIST_LIMIT = 500;

/** Lessons held and their gaps, and the students of the assignments with no mark and with exactly one. */
class Filling {
  lessons = 0;
  readonly gaps: Record<Gap, number> = { noTopic: 0, noRollCall: 0, noHomework: 0, late: 0, overdue: 0 };
  students = 0;
  noMark = 0;
  oneMark = 0;

  addLessons(counts: AssignmentGaps): void {
    this.lessons += counts.held;
    for (const g of GAPS) this.gaps[g] += counts.gaps[g];
  }

  add(other: Filling): void {
    this.lessons += other.lessons;
    for (const g of GAPS) this.gaps[g] += other.gaps[g];
    this.students += other.students;
    this.noMark += other.noMark;
    this.oneMark += other.oneMark;
  }

  cells(): Cell[] {
    return [integer(this.lessons), ...GAPS.map((g) => integer(this.gaps[g])), integer(this.students),
      integer(this.noMark), percent(percentRounded(this.noMark, this.students)), integer(this.oneMark), percent(percentRounded(this.oneMark, this.students))];
  }
}

/**
 * E5, journal filling (контроль ведения журнала) per teacher and, under each, per assignment: the lessons
 * held (days already over) without a topic, a roll call or homework, those filled in after the lesson's day
 * (in the school's time zone), those with marks after the work type's grading deadline (A13), and the share
 * of the assignment's students with no mark and with exactly one over the dates; then the list of lessons
 * with gaps, capped at GAP_LIST_LIMIT. A lesson is the journal of the assignment's teacher, substituted or
 * not: the list names the substitute. Set queries only (e5-journal-filling-queries.ts).
 */
export const journalFillingReport: ReportKind = {
  id: 'E5',
  titleKey: 'reports:kind.E5.title',
  descriptionKey: 'reports:kind.E5.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    // A lesson's entries are due on its day: only days already over count, and marks up to today.
    const last = [ctx.range.to, addDays(ctx.today, -1)].sort()[0]!;
    const marksTo = [ctx.range.to, ctx.today].sort()[0]!;
    const ids = ctx.assignments.map((a) => a.id);
    const scope = { schoolId: ctx.school.id, yearId: ctx.year.id, timeZone: ctx.school.timeZone, assignmentIds: ids, from: ctx.range.from, last, marksTo };
    const teachers = [...new Map(ctx.assignments.map((a) => [a.teacherId, a.teacherName])).entries()].sort(([, a], [, b]) => byName.compare(a, b));
    const teacherRank = new Map(teachers.map(([id], i) => [id, i]));
    const order = { assignmentIds: ids, teacherRanks: ctx.assignments.map((a) => teacherRank.get(a.teacherId)!), limit: GAP_LIST_LIMIT };
    // The students whose marks count, then their marks, beside the lessons.
    const counted = Promise.all([
      rosters(ctx.em, [...new Set(ctx.assignments.map((a) => a.groupId))], { from: ctx.range.from, to: marksTo }),
      subgroupMembers(ctx.em, ctx.assignments),
    ]).then(async ([roster, members]) => {
      const pairs = assignmentStudents(ctx, roster, members, marksTo);
      return { pairs, marks: await marksUpToTwo(ctx.em, pairs, ctx.range.from, marksTo) };
    });
    const [journal, { pairs, marks }] = await Promise.all([journalGaps(ctx.em, scope, order), counted]);

    const byAssignment = new Map(ctx.assignments.map((a) => [a.id, new Filling()]));
    for (const [id, counts] of journal.byAssignment) byAssignment.get(id)?.addLessons(counts);
    for (const p of pairs) {
      const filling = byAssignment.get(p.assignmentId)!;
      const count = marks.get(`${p.assignmentId}:${p.studentId}`) ?? 0;
      filling.students++;
      if (count === 0) filling.noMark++;
      if (count === 1) filling.oneMark++;
    }

    const assignmentsOf = (teacherId: number) => ctx.assignments.filter((a) => a.teacherId === teacherId);
    const total = new Filling();
    const teacherRows = teachers.map(([id, name]) => {
      const filling = new Filling();
      for (const a of assignmentsOf(id)) filling.add(byAssignment.get(a.id)!);
      total.add(filling);
      return [text(name), ...filling.cells()];
    });
    const figureColumns: Column[] = ['held', ...GAPS, 'students', 'noMark', 'noMarkShare', 'oneMark', 'oneMarkShare']
      .map((c) => ({ title: t(`reports:kind.E5.columns.${c}`) }));
    const named = (key: string): Column => ({ title: t(`reports:columns.${key}`), wide: true });
    const rule = t('reports:kind.E5.rule', { date: ruDate(last) });
    const sections: Section[] = [
      {
        title: t('reports:kind.E5.byTeacher'),
        columns: [named('teacher'), ...figureColumns],
        rows: teacherRows.length > 1 ? [...teacherRows, [text(t('reports:kind.E5.total')), ...total.cells()]] : teacherRows,
        note: last < ctx.range.from ? t('reports:kind.E5.noDaysOver') : rule,
      },
      {
        title: t('reports:kind.E5.byAssignment'),
        columns: [named('teacher'), named('group'), named('subject'), ...figureColumns],
        rows: teachers.flatMap(([id]) => assignmentsOf(id).map((a) => [text(a.teacherName), text(a.groupName), text(a.subjectName), ...byAssignment.get(a.id)!.cells()])),
      },
      await gapList(ctx, journal),
    ];
    return { sections, charts: [] };
  },
};

/**
 * Each assignment's students still in the class at the end of the dates (or today): one who left is not the
 * teacher's gap. A subgroup's assignment has only its members.
 */
function assignmentStudents(ctx: ReportContext, roster: RosterEntry[], members: Map<number, Set<number>>, marksTo: string): AssignmentStudent[] {
  const studentsOf = new Map<number, RosterEntry[]>();
  for (const r of roster) {
    const group = studentsOf.get(r.groupId);
    if (group) group.push(r);
    else studentsOf.set(r.groupId, [r]);
  }
  return ctx.assignments.flatMap((a) => (studentsOf.get(a.groupId) ?? [])
    .filter((s) => takes(a, s.studentId, members) && (s.lastEnd === null || s.lastEnd >= marksTo))
    .map((s) => ({ assignmentId: a.id, studentId: s.studentId })));
}

/** The lessons with any gap, by teacher, date and lesson number, at most GAP_LIST_LIMIT of them. */
async function gapList(ctx: ReportContext, journal: JournalGaps): Promise<Section> {
  const { t } = ctx;
  const assignments = new Map(ctx.assignments.map((a) => [a.id, a]));
  const substitutes = await substituteNames(ctx, journal.listed.map((l) => l.substituteId));
  const note = journal.lessonsWithGaps === 0 ? t('reports:kind.E5.noGaps')
    : journal.lessonsWithGaps > GAP_LIST_LIMIT ? t('reports:kind.E5.capped', { limit: GAP_LIST_LIMIT, count: journal.lessonsWithGaps }) : undefined;
  // Each label translated once, not once per lesson listed: i18next's t() is the most of this list's cost.
  const labels = new Map(GAPS.map((g) => [g, t(`reports:kind.E5.gap.${g}`)]));
  const gapText = (gaps: Gap[]) => gaps.map((g) => labels.get(g)!).join('; ');
  return {
    title: t('reports:kind.E5.gaps'),
    columns: [{ title: t('reports:kind.E5.columns.date') }, { title: t('reports:kind.E5.columns.lessonNumber') },
      { title: t('reports:columns.teacher'), wide: true }, { title: t('reports:columns.group') }, { title: t('reports:columns.subject'), wide: true },
      { title: t('reports:kind.E5.columns.substitute'), wide: true }, { title: t('reports:kind.E5.columns.what'), wide: true }],
    rows: journal.listed.map((l) => {
      const a = assignments.get(l.assignmentId)!;
      return [text(ruDate(l.date)), integer(l.lessonNumber), text(a.teacherName), text(a.groupName), text(a.subjectName),
        text(l.substituteId === null ? '' : substitutes.get(l.substituteId) ?? ''), text(gapText(l.gaps))];
    }),
    ...(note ? { note } : {}),
  };
}

async function substituteNames(ctx: ReportContext, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await ctx.em.execute<{ id: number; name: string }[]>(
    `select id, concat_ws(' ', last_name, first_name, middle_name) as name from staff where school_id = ? and id in (?)`, [ctx.school.id, wanted]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
