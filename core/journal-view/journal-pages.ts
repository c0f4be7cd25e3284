import type { EntityManager } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import { readableJournals } from '../access/journal-access.js';
import { schoolScope, type Actor } from '../access/actor.js';
import { stretchesIn } from '../access/relations.js';
import type { AuditLog } from '../audit/audit-log.js';
import { countPeople } from '../audit/named-people.js';
import type { ReadLog } from '../audit/read-log.js';
import { AccessDenied, NotFound } from '../base/errors.js';
import { translator } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { assignmentStudents } from '../journal/roster.js';
import { TeachingAssignment } from '../schedule/teaching-assignment.entity.js';
import { Period } from '../school/period.entity.js';
import { fullName } from '../people/display-name.js';
import { pageNamedIn } from './journal-page-names.js';
import type { Clock } from '../time/clock.js';
import { journalChoices, type JournalAsk, type JournalChoices } from './journal-choices.js';
import type { JournalPage } from './journal-page.js';
import { buildJournalPage } from './journal-page-builder.js';
import { renderJournalPdf } from './journal-page-pdf.js';
import { attendanceRows, homeworkRows, lessonRows, markRows, periodMarkRows, studentRows, type PageLessons } from './journal-page-queries.js';
import { renderJournalXlsx } from './journal-page-xlsx.js';

export type JournalPrintFormat = 'pdf' | 'xlsx';

export interface JournalPrintOptions {
  language?: Language;
  /** Streams deflated (default); tests turn it off to read the PDF's text. */
  compress?: boolean;
}

export interface JournalFile {
  file: Buffer;
  /** In the document's language: «Журнал 7А Математика 1 четверть.pdf». */
  filename: string;
  /** Latin letters and digits only, for a Content-Disposition header's plain filename. */
  asciiFilename: string;
  page: JournalPage;
}

/**
 * The journal as the school's heads read it in the panel (SPEC B2, S4 §3.2): one assignment over one period,
 * read-only, on screen and printed (PDF, XLSX). Who may read which journal is the one policy's
 * (readableJournals); every id is checked here, every print is audited.
 */
export class JournalPages {
  constructor(
    private readonly em: () => EntityManager,
    private readonly i18n: i18n,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly reads: ReadLog,
  ) {}

  /** The classes, subjects and periods the reader may choose, with what it asked for checked. */
  async choices(actor: Actor, ask: JournalAsk): Promise<JournalChoices> {
    const em = this.em();
    const { asked, teacherIds, ...choices } = await journalChoices(em, actor, ask);
    // The subject list names each subject's teacher: a read of colleagues' names (G4), not of one's own.
    const people = countPeople(teacherIds.map((id) => ['Staff', id] as const), actor);
    await this.reads.record(actor, { kind: 'list', resource: 'JournalChoices', recordId: choices.groupId, detail: 'teachers', people });
    if (!asked) return { ...choices, periods: [], periodId: null };
    const periods = await periodsOf(em, asked.yearId);
    const period = ask.periodId !== undefined ? periods.find((p) => p.id === ask.periodId) : this.currentPeriod(periods, asked.timeZone);
    return {
      ...choices,
      periods: periods.map((p) => ({ id: p.id, name: p.name, startDate: p.startDate, endDate: p.endDate })),
      periodId: period?.id ?? null,
    };
  }

  /** The page of one assignment over one period (none: the period of today, or the last one ended); a read of its students (G4). */
  async page(assignmentId: number, periodId: number | undefined, actor: Actor, detail = 'view'): Promise<JournalPage> {
    const page = await this.build(assignmentId, periodId, actor);
    await this.logRead(page, actor, detail);
    return page;
  }

  private async logRead(page: JournalPage, actor: Actor, detail: string): Promise<void> {
    await this.reads.record(actor, { kind: 'journal', resource: 'Journal', recordId: page.assignment.id, schoolId: page.school.id, detail: `${detail}, period ${page.period.id}`, people: page.students.length });
  }

  /** The page without a read logged: the same page drawn again after the reader changed it (not a new read, G4). */
  async build(assignmentId: number, periodId: number | undefined, actor: Actor): Promise<JournalPage> {
    const em = this.em();
    const assignment = await em.findOne(TeachingAssignment, { id: assignmentId, ...schoolScope(actor) }, {
      populate: ['school', 'subject', 'group', 'subgroup', 'teacher'],
    });
    if (!assignment) throw new NotFound('TeachingAssignment');
    const [readable, period] = await Promise.all([readableJournals(em, actor, [assignment.id]), this.periodOf(em, assignment, periodId)]);
    const reach = readable.get(assignment.id);
    if (!reach) throw new AccessDenied('journal.view');
    const q: PageLessons = { assignmentId: assignment.id, from: period.startDate, to: period.endDate, ...(reach === 'substituted' ? { substitute: actor.staffId! } : {}) };
    const during = { from: period.startDate, to: period.endDate };
    // Each a set read over the whole period, all at once: a handful of statements, never one per cell.
    const [roster, stretches, lessons, marks, attendance, homework, periodMarks] = await Promise.all([
      assignmentStudents(em, assignment, period.startDate, period.endDate),
      stretchesIn(em, assignment.group.id, during),
      lessonRows(em, q),
      markRows(em, q),
      attendanceRows(em, q),
      homeworkRows(em, q),
      reach === 'full' ? periodMarkRows(em, assignment.id, period.id) : Promise.resolve([]),
    ]);
    // Anyone with a record on the page keeps a line, even when no longer in the class or the subgroup.
    const inRoster = new Set(roster.map((s) => s.id));
    const others = [...new Set([...marks, ...attendance, ...periodMarks].map((r) => r.student_id))].filter((id) => !inRoster.has(id));
    const extra = await studentRows(em, assignment.school.id, others);
    return buildJournalPage({
      school: { id: assignment.school.id, name: assignment.school.name },
      assignment: {
        id: assignment.id,
        subject: assignment.subject.name,
        group: { id: assignment.group.id, name: assignment.group.name },
        subgroup: assignment.subgroup?.name ?? null,
        teacher: fullName(assignment.teacher),
        teacherId: assignment.teacher.id,
      },
      period: { id: period.id, name: period.name, startDate: period.startDate, endDate: period.endDate },
      reach,
      students: [
        ...roster.map((s) => ({ id: s.id, lastName: s.lastName, firstName: s.firstName, middleName: s.middleName ?? null, pseudonymNo: s.pseudonymNo ?? null })),
        ...extra.map((s) => ({ id: s.id, lastName: s.last_name, firstName: s.first_name, middleName: s.middle_name, pseudonymNo: s.pseudonym_no })),
      ],
      stretches,
      lessons,
      marks,
      attendance,
      homework,
      periodMarks,
      generatedAt: this.clock.now(),
      timeZone: assignment.school.timeZone,
      roundingThreshold: Number(assignment.school.roundingThreshold),
    });
  }

  /** «Печать»: the same page as an A4 landscape PDF or an XLSX, audited as a print of that journal. */
  async print(assignmentId: number, periodId: number | undefined, format: JournalPrintFormat, actor: Actor, options: JournalPrintOptions = {}): Promise<JournalFile> {
    const built = await this.build(assignmentId, periodId, actor);
    await this.logRead(built, actor, format);
    const language = options.language ?? DEFAULT_LANGUAGE;
    const t = translator(this.i18n, language);
    const page = pageNamedIn(built, t);
    const file = format === 'pdf'
      ? await renderJournalPdf(page, t, language, { compress: options.compress ?? true })
      : await renderJournalXlsx(page, t, language);
    const em = this.em();
    this.audit.record(em, {
      actor,
      action: 'create',
      entity: 'JournalPrint',
      entityId: `${page.assignment.id}:${page.period.id}`,
      schoolId: page.school.id,
      after: { format, assignment: page.assignment.id, period: page.period.id, group: page.assignment.group.id, lessons: page.lessons.length, students: page.students.length },
    });
    await em.flush();
    const name = [t('journalPage:filename'), page.assignment.group.name, page.assignment.subject, page.assignment.subgroup, page.period.name].filter(Boolean).join(' ');
    return {
      file,
      filename: `${name.replace(/[\\/:*?"<>|]/g, '-')}.${format}`,
      asciiFilename: `journal-${page.assignment.id}-${page.period.id}.${format}`,
      page,
    };
  }

  private async periodOf(em: EntityManager, assignment: TeachingAssignment, periodId: number | undefined): Promise<Period> {
    if (periodId !== undefined) {
      const period = await em.findOne(Period, { id: periodId, year: assignment.year.id });
      if (!period) throw new NotFound('Period');
      return period;
    }
    const period = this.currentPeriod(await periodsOf(em, assignment.year.id), assignment.school.timeZone);
    if (!period) throw new NotFound('Period');
    return period;
  }

  /**
   * The period containing today, the shortest of them (a quarter rather than its half-year, never the whole
   * year), else the one ended last, else the first.
   */
  private currentPeriod(periods: readonly Period[], timeZone: string): Period | undefined {
    const today = this.clock.today(timeZone);
    const terms = periods.filter((p) => p.type !== 'year');
    const shortest = (a: Period, b: Period) => a.endDate.localeCompare(b.endDate) || b.startDate.localeCompare(a.startDate);
    const latest = (a: Period, b: Period) => b.endDate.localeCompare(a.endDate) || b.startDate.localeCompare(a.startDate);
    return terms.filter((p) => p.startDate <= today && today <= p.endDate).sort(shortest)[0]
      ?? terms.filter((p) => p.endDate < today).sort(latest)[0]
      ?? periods[0];
  }
}

/** A year's periods in calendar order (a quarter before the half-year it opens). */
const periodsOf = (em: EntityManager, yearId: number) => em.find(Period, { year: yearId }, { orderBy: { startDate: 'asc', type: 'asc' } });
