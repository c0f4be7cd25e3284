import { roundPeriodMark } from '../../journal/formulas/index.js';
import type { AcademicCalendar } from '../calendar.js';
import type { JournalSchool, Tally, YearJournal } from './journal-school.js';

export const PE = 'Физическая культура';

/**
 * Period marks of each period over by `until`, set at the end of its last day (`closedAt`), for those still in the group when it ends: the weighted average
 * by the school's rounding (x.5 up), н/а for those who missed most lessons, осв. for those exempt from PE; the
 * year's mark rounds the quarters' marks.
 */
export function periodMarks(
  calendar: AcademicCalendar, until: string, school: JournalSchool, rosters: number[][], graded: boolean[],
  enrolled: (s: number, date: string) => boolean, tallyOf: (s: number, a: number, quarter: number) => Tally | undefined,
  closedAt: (lastDay: string) => string,
): YearJournal['periodMarks'] {
  const { students, assignments } = school;
  const result: YearJournal['periodMarks'] = [];
  const exempt = (s: number, a: number) => assignments[a]!.subject.name === PE && students[s]!.exemptPe;
  const yearMarks = new Map<number, number[]>();
  calendar.quarters.forEach((q, quarter) => {
    if (q.end > until) return;
    const out = { assignment: [] as number[], period: quarter, at: closedAt(q.end), student: [] as number[], value: [] as string[] };
    assignments.forEach((_, a) => {
      if (!graded[a]) return;
      for (const s of rosters[a]!) {
        if (!enrolled(s, q.end)) continue;
        const t = tallyOf(s, a, quarter);
        let value: string;
        if (exempt(s, a)) value = 'exempt';
        else if (!t || t.weight === 0 || t.absent * 2 > t.lessons) value = 'na';
        else value = String(roundPeriodMark(t.sum / t.weight));
        out.assignment.push(a);
        out.student.push(s);
        out.value.push(value);
        const key = s * assignments.length + a;
        if (/^[2-5]$/.test(value)) yearMarks.set(key, [...(yearMarks.get(key) ?? []), Number(value)]);
      }
    });
    result.push(out);
  });
  if (calendar.end > until) return result;
  const year = { assignment: [] as number[], period: calendar.quarters.length, at: closedAt(calendar.end), student: [] as number[], value: [] as string[] };
  assignments.forEach((_, a) => {
    if (!graded[a]) return;
    for (const s of rosters[a]!) {
      if (!enrolled(s, calendar.end)) continue;
      const quarters = yearMarks.get(s * assignments.length + a) ?? [];
      year.assignment.push(a);
      year.student.push(s);
      year.value.push(exempt(s, a) ? 'exempt' : quarters.length ? String(roundPeriodMark(quarters.reduce((x, y) => x + y, 0) / quarters.length)) : 'na');
    }
  });
  result.push(year);
  return result;
}
