import { RequestContext, type MikroORM } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import { AuditLog } from './audit/audit-log.js';
import { ReadLog } from './audit/read-log.js';
import type { Config } from './base/config.js';
import { checkDatabase } from './db/health.js';
import { createI18n } from './i18n/i18n.js';
import { createJournal, type Journal } from './journal/journal.js';
import { JournalNotices } from './journal/journal-notices.js';
import { MarkChangeReport } from './journal/mark-change-report.js';
import { PeriodMarks } from './journal/period-marks.js';
import { Reminders } from './journal/reminders.js';
import { TeacherDays } from './journal/teacher-day.js';
import { TeacherJournal } from './journal/teacher-journal.js';
import { ClassAbsences } from './journal/class-absences.js';
import { DaySummaries } from './day-summary/day-summaries.js';
import { OutboxList } from './day-summary/outbox-list.js';
import { Diary } from './diary/diary.js';
import { Questions } from './questions/questions.js';
import { Substitutions } from './journal/substitutions.js';
import { InviteBatch } from './invites/invite-batch.js';
import { personForEdit } from './invites/person-target.js';
import { Invites } from './invites/invites.js';
import { SlipPrinting } from './invites/slip-printing.js';
import type { Logger } from './base/logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import { AdminAccounts } from './panel/admin-accounts.js';
import { createPanelServices, type PanelServices } from './panel/panel-services.js';
import { PanelSessions } from './panel/panel-sessions.js';
import { SignInLinks } from './panel/sign-in-links.js';
import { StaffAccounts } from './panel/staff-accounts.js';
import { StudentMovements } from './records/student-movements.js';
import { Consents } from './privacy/consents.js';
import { Withdrawals } from './privacy/withdrawal.js';
import { PersonExports } from './privacy/person-exports.js';
import { RecordService } from './records/record-service.js';
import { Compromises } from './security/compromise.js';
import { BotIdentities } from './telegram/bot-identity.js';
import { BotSessions } from './telegram/bot-sessions.js';
import { TelegramAccounts } from './telegram/telegram-accounts.js';
import { UpdateLedger } from './telegram/update-ledger.js';
import { Announcements } from './messages/announcements.js';
import { Outbox } from './notifications/outbox.js';
import { Dispatcher } from './notifications/dispatcher.js';
import type { NotificationSender } from './notifications/sender.js';
import { renderers } from './notification-renderers.js';
import { NotificationPreferences } from './notifications/preferences.js';
import { Messages } from './messages/messages.js';
import { WeeklyDigests } from './messages/weekly-digests.js';
import { StudentStatements } from './reports/student-statement.js';
import { JournalPages } from './journal-view/journal-pages.js';
import { Reports } from './reports/reports.js';
import { Integrity } from './integrity/integrity.js';
import { Backups } from './backup/backups.js';
import { JournalArchives } from './archive/journal-archives.js';
import { ArchiveHousekeeping } from './archive/archive-housekeeping.js';
import type { Clock } from './time/clock.js';
import type { Actor } from './access/actor.js';
import { exportList, type ExportOptions } from './exports/export-list.js';
import { importSchools, type ImportSchoolChoice } from './imports/import-school.js';
import { importTable, type ImportOptions } from './imports/import-table.js';
import type { ImportKindName } from './imports/kinds/index.js';
import type { TableFormat } from './imports/table.js';
import type { PersonKind } from './people/person-kinds.js';
import { withAdvisoryLock } from './jobs/advisory-lock.js';
import { JobRuns } from './jobs/job-runs.js';
import type { RecordKindName } from './records/record-kinds.js';
import { sandboxPeople, sandboxSignIn } from './sandbox/sandbox-chat.js';
import { JournalGrids } from './journal-view/journal-grid.js';
import { WebAppSignIn } from './telegram/web-app-sign-in.js';
import type { SandboxPerson } from './sandbox/sandbox-people.js';

/**
 * The domain's services, as the transports (bot/, admin/) and the jobs use them. There is no ORM here: the
 * database is reached only through these services (lint keeps bot/ and admin/ off entities and the ORM).
 */
export interface Core {
  config: Config;
  log: Logger;
  i18n: i18n;
  metrics: Metrics;
  telegramAccounts: TelegramAccounts;
  /** Who a Telegram account acts as (which binding, which child), checked on every update. */
  botIdentities: BotIdentities;
  updates: UpdateLedger;
  /** Which instance runs a scheduled job in a slot (the first to claim it). */
  jobRuns: JobRuns;
  adminAccounts: AdminAccounts;
  panelSessions: PanelSessions;
  /** Panel accounts of members of staff, given from the staff record by the school's administrator (B1). */
  staffAccounts: StaffAccounts;
  /** One-time links from the bot that sign a member of staff into the panel. */
  signInLinks: SignInLinks;
  records: RecordService;
  movements: StudentMovements;
  /** The audit log (B4): services persist its lines in the transaction of the change. */
  audit: AuditLog;
  /** The log of reads of personal data (G4), for the transports that read without a service of their own (the CLI's people list). */
  reads: ReadLog;
  consents: Consents;
  /** A person's data on request (152-ФЗ art. 14): JSON and PDF, for the administrator and the director. */
  personExports: PersonExports;
  invites: Invites;
  /** Leaked access (B3): reports end the person's bindings and sessions; the administrator rolls back. */
  security: Compromises;
  /** Invitations for a whole class at once, for printed slips. */
  inviteBatch: InviteBatch;
  /** Printed invitations as PDF: a class's slips, or one person's invite again. */
  inviteSlips: SlipPrinting;
  /** What the web panel reads and does beyond the shared services: its actor, record lists, home page… */
  panel: PanelServices;
  /** The journal (C1–C8): lessons, topics, attendance, marks, homework, entered by the lesson's teacher. */
  journal: Journal;
  /** The transactional outbox (D10): services write notifications in the transaction of their change. */
  outbox: Outbox;
  /** Period marks and the period lock (C7): the sheet with proposals, set or defer, the administrator's unlock. */
  periodMarks: PeriodMarks;
  /** The mark-change report (B4): changed and removed marks from the audit log, for audit.view. */
  markChanges: MarkChangeReport;
  /** «Сегодня» (C1): a teacher's lessons of a day and what each still lacks. */
  teacherDays: TeacherDays;
  /** The journal as a teacher works it in the bot: one call per tap, answered with plain views of what to show. */
  teacherJournal: TeacherJournal;
  /** The absences of a class teacher's classes, whose reasons it records (C3). */
  classAbsences: ClassAbsences;
  /** The diary (D1–D8) of a student, for the student itself and its guardians. */
  diary: Diary;
  /** Typed questions of students and guardians, understood as a diary section, a subject and a day. */
  questions: Questions;
  /** The panel's substitutions form of a timetable slot (C6). */
  substitutions: Substitutions;
  /** What teachers have left undone (C9, H1), for the reminder job; and which reminders were delivered. */
  reminders: Reminders;
  /** What a Telegram user is in the middle of (typed input, an undoable action), kept between updates. */
  botSessions: BotSessions;
  /** Messages between guardians and teachers (D9): threads about a child, read in the panel by the school's head. */
  messages: Messages;
  /** Announcements (D8) of the school or of a class, sent through the outbox. */
  announcements: Announcements;
  /** The weekly digest (D11) and who acknowledged it. */
  digests: WeeklyDigests;
  /** A student's statement (D12): lessons, marks, averages, absences over a range, as a PDF. */
  statements: StudentStatements;
  /** The journal as the paper one reads (B2): class → subject → period, read-only, printed as PDF and XLSX. */
  journalPages: JournalPages;
  /** The journal grid of the Telegram Mini App (issue 19): the page above, and its cells changed as in the bot. */
  journalGrids: JournalGrids;
  /** Who opened the Mini App: its initData checked and resolved to the bot's identity, on every request. */
  webAppSignIn: WebAppSignIn;
  /** The school's reports (E1–E9) as PDF, XLSX or CSV, within the actor's reach (reportScope). */
  reports: Reports;
  /** The deployment's signing key (F3): archives and backups sign their sets with it; its public key for the heads. */
  integrity: Integrity;
  /** Backups of the whole database (F2) to the local directory and S3-compatible storage, and their last runs. */
  backups: Backups;
  /** The year-end journal archives (F1, F3, F4): made, listed, downloaded and checked within the actor's reach. */
  archives: JournalArchives;
  /** The archives' scheduled work: each class archived when its year ends, expired files deleted, sets checked. */
  archiveHousekeeping: ArchiveHousekeeping;
  /** A guardian's or student's notification settings (D10): kinds switched off, quiet hours. */
  notificationPreferences: NotificationPreferences;
  /** The school's day by role (issue 13): the panel's home page and the heads' «Сводка дня» in the bot. */
  daySummary: DaySummaries;
  /** «Уведомления»: the outbox behind the day summary's figures, who each went to and what became of it. */
  outboxList: OutboxList;
  /** The clock every service reads "now" and a school's «today» from (fixed in tests). */
  clock: Clock;
  /** Runs `work` with its own EntityManager fork: one per request, update or job run. */
  unitOfWork<T>(work: () => T): T;
  checkDatabase: () => ReturnType<typeof checkDatabase>;
  /** Starts delivering the outbox through `sender` (app.ts starts it when the bot exists), until stopped. */
  startDispatcher(sender: NotificationSender): Dispatcher;
  /** Runs `work` unless another instance runs the same `name` now (a PostgreSQL advisory lock); whether it ran. */
  runExclusive(name: string, work: () => Promise<void>): Promise<boolean>;
  /** A list of the school as a spreadsheet (A15): the rows the actor may see. */
  exportList(kind: RecordKindName, actor: Actor, format: TableFormat, options?: ExportOptions): Promise<Buffer>;
  /** Imports a list (A15), all or nothing: see core/imports/import-table.ts. */
  importTable(kind: ImportKindName, buffer: Buffer, format: TableFormat, actor: Actor, options?: ImportOptions): Promise<{ imported: number }>;
  /** The schools the actor may import into (the panel's choice of school): core/imports/import-school.ts. */
  importSchools(actor: Actor): Promise<ImportSchoolChoice[]>;
  /** The sandbox's people and sign-in (development without a bot token). */
  sandbox: {
    people(): Promise<SandboxPerson[]>;
    signIn(kind: PersonKind, id: number, botUsername: string): ReturnType<typeof sandboxSignIn>;
  };
}

export async function createCore(config: Config, orm: MikroORM, log: Logger, clock: Clock): Promise<Core> {
  // Services reach the EntityManager of the unit of work they run in; outside one, MikroORM refuses.
  const em = () => orm.em;
  const audit = new AuditLog(clock);
  const reads = new ReadLog(em, clock);
  const records = new RecordService(em, audit, clock);
  const i18n = await createI18n();
  const withdrawals = new Withdrawals(i18n, audit, clock);
  const consents = new Consents(em, (e, guardianId, actor) => personForEdit(e, records, 'guardian', guardianId, actor), audit, clock, withdrawals);
  const invites = new Invites(em, records, consents, audit, clock);
  const outbox = new Outbox(config.notifications, clock);
  const notices = new JournalNotices(outbox, clock);
  const journal = createJournal(em, audit, clock, notices);
  const periodMarks = new PeriodMarks(em, audit, clock, notices);
  const classAbsences = new ClassAbsences(em, clock);
  const movements = new StudentMovements(em, audit, clock);
  const security = new Compromises(em, records, journal.undo, audit, clock);
  const inviteBatch = new InviteBatch(em, records, invites, consents);
  const internals = { orm, records, invites, consents, i18n, clock, reads };
  const metrics = createMetrics();
  const runExclusive = (name: string, work: () => Promise<void>) => withAdvisoryLock(orm, name, () => RequestContext.create(orm.em, work));
  const journalPages = new JournalPages(em, i18n, clock, audit, reads);
  const integrity = new Integrity(config.integrity.keysDir);
  const archives = new JournalArchives(em, i18n, clock, audit, journalPages, integrity, reads, config.archive.dir);
  const unitOfWork = <T>(work: () => T): T => RequestContext.create(orm.em, work);
  const teacherJournal = new TeacherJournal(em, journal, periodMarks, classAbsences, reads);
  const botIdentities = new BotIdentities(em, clock);
  return {
    config,
    log,
    i18n,
    metrics,
    telegramAccounts: new TelegramAccounts(em),
    botIdentities,
    updates: new UpdateLedger(em, clock),
    // Claims are single statements of their own, outside any unit of work.
    jobRuns: new JobRuns(() => orm.em.fork(), clock),
    adminAccounts: new AdminAccounts(em, audit, clock),
    // Session reads and writes are single statements of their own, outside any unit of work.
    panelSessions: new PanelSessions(() => orm.em.fork(), clock),
    staffAccounts: new StaffAccounts(em, audit, clock),
    signInLinks: new SignInLinks(em, audit, clock),
    records,
    movements,
    audit,
    reads,
    consents,
    personExports: new PersonExports(em, i18n, audit, reads, clock),
    invites,
    security,
    inviteBatch,
    inviteSlips: new SlipPrinting(em, records, invites, inviteBatch, reads),
    panel: createPanelServices(em, { records, movements, security, consents, audit, reads }),
    journal,
    outbox,
    periodMarks,
    markChanges: new MarkChangeReport(em, clock, reads),
    teacherDays: new TeacherDays(em, clock, reads),
    classAbsences,
    teacherJournal,
    diary: new Diary(em, clock),
    questions: new Questions(em),
    substitutions: new Substitutions(em, journal.lessons, clock, reads),
    reminders: new Reminders(em, clock),
    botSessions: new BotSessions(em, clock),
    messages: new Messages(em, clock, outbox, reads),
    announcements: new Announcements(em, audit, clock, outbox, reads),
    digests: new WeeklyDigests(em, clock, outbox, reads),
    statements: new StudentStatements(em, i18n, clock, reads),
    journalPages,
    journalGrids: new JournalGrids(em, clock, journalPages, teacherJournal),
    webAppSignIn: new WebAppSignIn(em, clock, botIdentities, config.telegram.token),
    reports: new Reports(em, i18n, clock, audit, reads),
    integrity,
    backups: new Backups({ orm, settings: config.backup, integrity, clock, log, metrics, runExclusive }),
    archives,
    archiveHousekeeping: new ArchiveHousekeeping(em, clock, audit, archives, unitOfWork, log),
    notificationPreferences: new NotificationPreferences(em),
    daySummary: new DaySummaries(em, clock, reads),
    outboxList: new OutboxList(em, clock, reads),
    clock,
    unitOfWork,
    checkDatabase: () => checkDatabase(orm),
    startDispatcher(sender) {
      const dispatcher = new Dispatcher({ orm, i18n, log, settings: config.notifications, sender, renderers, clock });
      dispatcher.start();
      return dispatcher;
    },
    runExclusive,
    exportList: (kind, actor, format, options) => exportList(internals, kind, actor, format, options),
    importTable: (kind, buffer, format, actor, options) => importTable(internals, kind, buffer, format, actor, options),
    importSchools: (actor) => importSchools(orm.em.fork(), actor),
    sandbox: {
      people: () => sandboxPeople(internals),
      signIn: (kind, id, botUsername) => sandboxSignIn(internals, kind, id, botUsername),
    },
  };
}
