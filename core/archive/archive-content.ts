import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor, type Actor } from '../access/actor.js';
import { NotFound } from '../base/errors.js';
import type { TFunction } from '../i18n/i18n.js';
import type { JournalPage } from '../journal-view/journal-page.js';
import type { JournalPages } from '../journal-view/journal-pages.js';
import { fulfilmentLine } from '../reports/kinds/e6-programme.js';
import { summarySheet } from '../reports/kinds/e1-summary-sheet.js';
import { programmeFulfilment } from '../reports/programme-fulfilment.js';
import { resolveContext } from '../reports/report-context.js';
import type { Section } from '../reports/report-model.js';
import { fullName, shortName } from '../people/display-name.js';
import { pageNamedIn } from '../journal-view/journal-page-names.js';

/** The class and year an archive is of, as read (and checked to be of the actor's school) before anything is made. */
export interface ArchiveClass {
  school: { id: number; name: string; timeZone: string };
  group: { id: number; name: string };
  year: { id: number; name: string; startDate: string; endDate: string };
  classTeacher: string | null;
}

export interface ArchiveSubject {
  assignmentId: number;
  /** «Английский язык (1 группа)». */
  title: string;
  teacher: string;
  /** The journal's pages term by term, only the terms that have lessons or period marks. */
  terms: JournalPage[];
  /** E6's line for the year: «Программа выполнена: по плану N, фактически M» or the topics not covered. */
  fulfilment: string;
}

/** Everything the year-end archive of one class prints, read once. */
export interface ArchiveContent extends ArchiveClass {
  subjects: ArchiveSubject[];
  /** E1 over the academic year: a table per term and the year marks. */
  summary: Section[];
}

/** A class of the actor's school (or any, for those acting everywhere) with its year; NotFound otherwise. */
export async function archiveClass(em: EntityManager, groupId: number, schoolId: number | undefined): Promise<ArchiveClass> {
  const [row] = await em.execute<{
    school_id: number; school_name: string; time_zone: string; group_id: number; group_name: string; year_id: number; year_name: string;
    start_date: string; end_date: string; ct_last: string | null; ct_first: string | null; ct_middle: string | null;
  }[]>(
    `select sc.id as school_id, sc.name as school_name, sc.time_zone, g.id as group_id, g.name as group_name, y.id as year_id, y.name as year_name,
            to_char(y.start_date, 'YYYY-MM-DD') as start_date, to_char(y.end_date, 'YYYY-MM-DD') as end_date,
            t.last_name as ct_last, t.first_name as ct_first, t.middle_name as ct_middle
       from school_group g join school sc on sc.id = g.school_id join academic_year y on y.id = g.year_id left join staff t on t.id = g.class_teacher_id
      where g.id = ? ${schoolId === undefined ? '' : 'and g.school_id = ?'}`,
    schoolId === undefined ? [groupId] : [groupId, schoolId],
  );
  if (!row) throw new NotFound('Group');
  return {
    school: { id: row.school_id, name: row.school_name, timeZone: row.time_zone },
    group: { id: row.group_id, name: row.group_name },
    year: { id: row.year_id, name: row.year_name, startDate: row.start_date, endDate: row.end_date },
    classTeacher: row.ct_last ? fullName({ lastName: row.ct_last, firstName: row.ct_first!, middleName: row.ct_middle }) : null,
  };
}

/** Finer divisions first: a school with quarters and half-years prints the quarters. */
const FINENESS: Record<string, number> = { quarter: 0, trimester: 1, half: 2, semester: 3, year: 4 };

/**
 * The terms the journal is printed by: of the year's kinds of period (quarters, trimesters, half-years…), the
 * one the class's period marks were given in (a school may run quarters in the lower grades and half-years
 * in the upper), the finest when none or several tie; the whole year only when it is all there is.
 */
async function termsOf(em: EntityManager, yearId: number, assignmentIds: readonly number[]): Promise<{ id: number }[]> {
  const periods = await em.execute<{ id: number; type: string; start: string; marks: number }[]>(
    `select p.id, p.type, to_char(p.start_date, 'YYYY-MM-DD') as start,
            (select count(*) from period_mark pm where pm.period_id = p.id and pm.assignment_id = any(?))::int as marks
       from period p where p.year_id = ? order by p.start_date, p.id`,
    [`{${assignmentIds.join(',')}}`, yearId],
  );
  const types = [...new Set(periods.map((p) => p.type))].sort((a, b) => (a === 'year' ? 1 : 0) - (b === 'year' ? 1 : 0));
  const marksOf = (type: string) => periods.filter((p) => p.type === type).reduce((n, p) => n + p.marks, 0);
  const chosen = types.filter((type) => type !== 'year' || types.length === 1)
    .sort((a, b) => marksOf(b) - marksOf(a) || (FINENESS[a] ?? 9) - (FINENESS[b] ?? 9))[0];
  return periods.filter((p) => p.type === chosen);
}

/**
 * Reads the archive of a class's year: every teaching assignment of the class term by term as the journal
 * view shows it (core/journal-view), E1's summary sheet over the year, and E6's fulfilment line per
 * assignment. The caller has checked the actor's right to make it; the reads are the system's, so that
 * nothing of the class is left out whoever asked.
 */
export async function readArchiveContent(em: EntityManager, of: ArchiveClass, journalPages: JournalPages, t: TFunction, today: (zone: string) => string): Promise<ArchiveContent> {
  const reader: Actor = systemActor('job');
  const assignments = await em.execute<{ id: number; subject: string; subgroup: string | null; t_last: string; t_first: string; t_middle: string | null }[]>(
    `select a.id, s.name as subject, sg.name as subgroup, t.last_name as t_last, t.first_name as t_first, t.middle_name as t_middle
       from teaching_assignment a join subject s on s.id = a.subject_id join staff t on t.id = a.teacher_id left join subgroup sg on sg.id = a.subgroup_id
      where a.group_id = ? and a.year_id = ? order by s.name, sg.name nulls first, a.id`,
    [of.group.id, of.year.id],
  );
  const ids = assignments.map((a) => a.id);
  const range = { from: of.year.startDate, to: of.year.endDate };
  const [terms, figures] = await Promise.all([termsOf(em, of.year.id, ids), programmeFulfilment(em, ids, range)]);
  const subjects: ArchiveSubject[] = [];
  for (const a of assignments) {
    const pages: JournalPage[] = [];
    for (const term of terms) {
      const page = pageNamedIn(await journalPages.page(a.id, term.id, reader), t);
      if (page.lessons.length > 0 || page.students.some((s) => s.periodMark?.value)) pages.push(page);
    }
    subjects.push({
      assignmentId: a.id,
      title: a.subgroup ? t('archive:subgroup', { subject: a.subject, subgroup: a.subgroup }) : a.subject,
      teacher: shortName({ lastName: a.t_last, firstName: a.t_first, middleName: a.t_middle }),
      terms: pages,
      fulfilment: fulfilmentLine(figures.get(a.id)!, t),
    });
  }
  let summary: Section[] = [];
  if (assignments.length > 0) {
    const context = await resolveContext(em, reader, { school: of.school.id, class: of.group.id, ...range }, t, today);
    summary = (await summarySheet.build(context)).sections;
  }
  return { ...of, subjects, summary };
}
