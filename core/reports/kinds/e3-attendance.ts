import { ABSENCE_CODES, ATTENDANCE_CODES, type AttendanceCode } from '../../journal/attendance-codes.js';
import { percentRounded } from '../../journal/formulas/index.js';
import { ruDate } from '../../time/format.js';
import { academicHours } from '../academic-hours.js';
import type { ReportContext } from '../report-context.js';
import type { ReportKind } from '../report-kind.js';
import { integer, percent, text, type Cell, type Column, type Section } from '../report-model.js';
import { rosters } from '../report-queries.js';
import { classLessons, missedLessons, studentTallies, type AttendanceScope } from './e3-attendance-queries.js';

interface Count { lessons: number; hours: number }
const zero = (): Count => ({ lessons: 0, hours: 0 });
const addTo = (count: Count, lessons: number, hours: number) => {
  count.lessons += lessons;
  count.hours += hours;
};

/** Lessons and hours held for one or more students, and of them those with each code. */
class Tally {
  readonly held = zero();
  readonly byCode = new Map<AttendanceCode, Count>(ATTENDANCE_CODES.map((c) => [c, zero()]));

  /** Lessons held (code null), or those of them with a code. */
  add(code: AttendanceCode | null, lessons: number, hours: number): void {
    addTo(code ? this.byCode.get(code)! : this.held, lessons, hours);
  }

  merge(other: Tally): void {
    addTo(this.held, other.held.lessons, other.held.hours);
    for (const [code, c] of other.byCode) addTo(this.byCode.get(code)!, c.lessons, c.hours);
  }

  /** Lessons missed (н, б, п): lateness is no absence (SPEC «Formulas»). */
  missed(): Count {
    const missed = zero();
    for (const code of ABSENCE_CODES) addTo(missed, this.byCode.get(code)!.lessons, this.byCode.get(code)!.hours);
    return missed;
  }

  /** Each code's lessons and hours, the lessons and hours missed, and attendance % = (held − missed) ÷ held over lessons. */
  codeCells(): Cell[] {
    const missed = this.missed();
    return [
      ...ATTENDANCE_CODES.flatMap((c) => [integer(this.byCode.get(c)!.lessons), integer(this.byCode.get(c)!.hours)]),
      integer(missed.lessons), integer(missed.hours),
      percent(percentRounded(this.held.lessons - missed.lessons, this.held.lessons)),
    ];
  }
}

/**
 * E3, attendance: per class and per student, the lessons and academic hours held and those marked н, б, п
 * and оп, the lessons and hours missed and the attendance %, then each class's missed lessons with their
 * subject and topic (S0: «отчётность о пропущенных уроках с указанием тем … по каждому обучающемуся»).
 * Over the assignments in the actor's reach, in the dates, counting each student only for its time in the class.
 */
export const attendanceReport: ReportKind = {
  id: 'E3',
  titleKey: 'reports:kind.E3.title',
  descriptionKey: 'reports:kind.E3.description',
  async build(ctx: ReportContext) {
    const { t } = ctx;
    if (ctx.assignments.length === 0) return { sections: [{ title: t('reports:kind.E3.title'), columns: [], rows: [], note: t('reports:nothing') }], charts: [] };
    const scope: AttendanceScope = { schoolId: ctx.school.id, assignmentIds: ctx.assignments.map((a) => a.id), range: ctx.range };
    const groups = [...new Map(ctx.assignments.map((a) => [a.groupId, a.groupName])).entries()];
    const [roster, lessons, tallies, missed] = await Promise.all([
      rosters(ctx.em, groups.map(([id]) => id), ctx.range, ctx.t),
      classLessons(ctx.em, scope),
      studentTallies(ctx.em, scope),
      missedLessons(ctx.em, scope),
    ]);

    const classHeld = new Map<number, Count>();
    for (const l of lessons) {
      const held = classHeld.get(l.group_id) ?? classHeld.set(l.group_id, zero()).get(l.group_id)!;
      addTo(held, l.lessons, l.lessons * academicHours(l.minutes));
    }
    const byStudent = new Map<string, Tally>();
    for (const r of tallies) {
      const key = `${r.group_id}:${r.student_id}`;
      const tally = byStudent.get(key) ?? byStudent.set(key, new Tally()).get(key)!;
      tally.add(r.code, r.lessons, r.lessons * academicHours(r.minutes));
    }
    const students = roster.filter((s) => byStudent.has(`${s.groupId}:${s.studentId}`));
    const nameOf = (s: (typeof roster)[number]) =>
      (s.lastEnd !== null && s.lastEnd < ctx.range.to ? t('reports:leftOn', { name: s.name, date: ruDate(s.lastEnd) }) : s.name);

    const col = (key: string, options: { code?: AttendanceCode; wide?: boolean } = {}): Column => ({
      title: t(`reports:kind.E3.columns.${key}`, options.code ? { code: t(`journal:attendance.code.${options.code}`) } : {}),
      ...(options.wide ? { wide: true } : {}),
    });
    const named = (key: string): Column => ({ title: t(`reports:columns.${key}`), wide: true });
    const figures = [col('held'), col('heldHours'), ...ATTENDANCE_CODES.flatMap((code) => [col('codeLessons', { code }), col('codeHours', { code })]),
      col('missed'), col('missedHours'), col('percent')];

    const school = new Tally();
    const heldInAll = zero();
    const classRows = groups.map(([groupId, groupName]) => {
      const tally = new Tally();
      for (const s of students) if (s.groupId === groupId) tally.merge(byStudent.get(`${groupId}:${s.studentId}`)!);
      school.merge(tally);
      const held = classHeld.get(groupId) ?? zero();
      addTo(heldInAll, held.lessons, held.hours);
      return [text(groupName), integer(held.lessons), integer(held.hours), ...tally.codeCells()];
    });
    if (groups.length > 1) classRows.push([text(t('reports:kind.E3.total')), integer(heldInAll.lessons), integer(heldInAll.hours), ...school.codeCells()]);

    const groupName = new Map(groups);
    const sections: Section[] = [
      { title: t('reports:kind.E3.byGroup'), columns: [named('group'), ...figures], rows: classRows, note: t('reports:kind.E3.rule') },
      {
        title: t('reports:kind.E3.byStudent'),
        columns: [named('group'), named('student'), ...figures],
        rows: students.map((s) => {
          const tally = byStudent.get(`${s.groupId}:${s.studentId}`)!;
          return [text(groupName.get(s.groupId) ?? ''), text(nameOf(s)), integer(tally.held.lessons), integer(tally.held.hours), ...tally.codeCells()];
        }),
        note: t(students.length ? 'reports:kind.E3.ownTime' : 'reports:kind.E3.noLessons'),
      },
    ];

    const order = new Map(students.map((s, i) => [`${s.groupId}:${s.studentId}`, i]));
    const listed = [...missed].sort((a, b) => (order.get(`${a.group_id}:${a.student_id}`) ?? 0) - (order.get(`${b.group_id}:${b.student_id}`) ?? 0));
    // A list for each class with any lesson missed; one note when no class has any.
    for (const [groupId, name] of groups) {
      const rows = listed.filter((m) => m.group_id === groupId).map((m) => {
        const student = students[order.get(`${m.group_id}:${m.student_id}`) ?? -1];
        return [text(student ? nameOf(student) : ''), text(ruDate(m.date)), integer(m.lesson_number), text(m.subject), text(m.topic ?? ''),
          text(t(`journal:attendance.code.${m.code}`)), integer(academicHours(m.minutes))];
      });
      if (rows.length === 0) continue;
      sections.push({
        title: t('reports:kind.E3.missedList', { group: name }),
        columns: [named('student'), col('date'), col('lessonNumber'), named('subject'), col('topic', { wide: true }), col('code'), col('hours')],
        rows,
      });
    }
    if (listed.length === 0) sections.push({ title: t('reports:kind.E3.missedNone'), columns: [], rows: [], note: t('reports:kind.E3.noMissed') });
    return { sections, charts: [] };
  },
};
