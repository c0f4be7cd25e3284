import fs from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import { actsEverywhere, systemActor, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ReadLog } from '../audit/read-log.js';
import { studentsOf } from '../access/relations.js';
import { AcademicYear } from '../school/academic-year.entity.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { translator, type TFunction } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import type { Integrity } from '../integrity/integrity.js';
import { signSet, verifyManifest, type Verification } from '../integrity/manifest.js';
import type { JournalPages } from '../journal-view/journal-pages.js';
import { renderReportPdf } from '../reports/render/report-pdf.js';
import type { Clock } from '../time/clock.js';
import { dateTime, ruDate } from '../time/format.js';
import { archiveClass, readArchiveContent, type ArchiveContent } from './archive-content.js';
import { archiveOverview, type ArchiveOverview } from './archive-list.js';
import { makerName } from './archive-maker.js';
import { renderArchivePdf } from './archive-pdf.js';
import { expiresOn } from './archive-retention.js';
import { ArchiveStore } from './archive-store.js';
import { stateOf } from './archive-verdict.js';
import { JournalArchive, type ArchiveKind } from './journal-archive.entity.js';

export const ARCHIVE_FILES: Record<ArchiveKind, string> = { journal: 'journal.pdf', summary: 'summary.pdf' };

export interface ArchiveOptions {
  language?: Language;
  /** PDF streams deflated (default); tests turn it off to read the text. */
  compress?: boolean;
}

/** A file of the archive, ready to send: where it lies and what to call it. */
export interface ArchiveDownload {
  path: string;
  size: number;
  /** «Журнал 7А 2026-2027.pdf». */
  filename: string;
  /** Latin letters and digits only, for a Content-Disposition header's plain filename. */
  asciiFilename: string;
}

/**
 * The year-end journal archive (F1, F3, F4): per class and academic year a set of two PDFs, the whole journal
 * and the summary sheet, signed with the deployment's key (core/integrity) under ARCHIVE_DIR, one row per file
 * in journal_archive. Made on demand by the heads (`archive.manage`) and by the job at the year's end; listed
 * and downloaded by the heads and by a class teacher for its classes (`archive.view`). Each making, check and
 * deletion is audited.
 */
export class JournalArchives {
  readonly store: ArchiveStore;

  constructor(
    private readonly em: () => EntityManager,
    private readonly i18n: i18n,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly journalPages: JournalPages,
    private readonly integrity: Integrity,
    private readonly reads: ReadLog,
    dir: string,
  ) {
    this.store = new ArchiveStore(dir);
  }

  /** Makes a new archive set of a class's year; `yearId`, when given, must be the class's. */
  async make(groupId: number, actor: Actor, options: ArchiveOptions & { yearId?: number } = {}): Promise<JournalArchive[]> {
    const em = this.em();
    const of = await archiveClass(em, groupId, actsEverywhere(actor) ? undefined : actor.schoolId ?? 0);
    requireAccess(actor, 'archive.manage', { schoolId: of.school.id, groupIds: [of.group.id] });
    if (options.yearId !== undefined && options.yearId !== of.year.id) {
      throw new ValidationFailed([problem('archive.yearMismatch', 'year', { group: of.group.name, year: of.year.name })]);
    }
    const language = options.language ?? DEFAULT_LANGUAGE;
    const t = translator(this.i18n, language);
    const madeAt = this.clock.now();
    const madeBy = await makerName(em, actor, t);
    const expires = { journal: expiresOn('journal', of.year.endDate), summary: expiresOn('summary', of.year.endDate) };
    const content = await readArchiveContent(em, of, this.journalPages, t, (zone) => this.clock.today(zone));
    const compress = options.compress ?? true;
    const files = {
      journal: (await renderArchivePdf(content, { madeAt, madeBy, expires }, t, language, { compress })).file,
      summary: await summaryPdf(content, t, language, { madeAt, madeBy }, compress),
    };

    const set = await this.store.newSet({ school: of.school.id, year: of.year.id, group: of.group.id }, madeAt);
    try {
      for (const kind of ['journal', 'summary'] as const) await fs.writeFile(path.join(set.dir, ARCHIVE_FILES[kind]), files[kind]);
      const manifest = await signSet(set.dir, Object.values(ARCHIVE_FILES), await this.integrity.keys(), {
        school: { id: of.school.id, name: of.school.name },
        class: { id: of.group.id, name: of.group.name },
        year: { id: of.year.id, name: of.year.name, startDate: of.year.startDate, endDate: of.year.endDate },
        kinds: ['journal', 'summary'],
        retention: expires,
        madeBy,
      }, this.clock);
      const rows = (['journal', 'summary'] as const).map((kind) => {
        const entry = manifest.files.find((f) => f.name === ARCHIVE_FILES[kind])!;
        return em.create(JournalArchive, {
          school: of.school.id, group: of.group.id, year: of.year.id, className: of.group.name, yearName: of.year.name, kind,
          setDir: set.relative, path: `${set.relative}/${entry.name}`, sha256: entry.sha256, size: entry.size,
          madeAt, madeByStaff: actor.staffId ?? null, madeBy, expiresOn: expires[kind], verifiedAt: madeAt, verifyState: 'ok',
        });
      });
      await em.flush();
      this.audit.record(em, {
        actor, action: 'create', entity: 'JournalArchive', entityId: rows.map((r) => r.id).join(','), schoolId: of.school.id,
        after: { group: of.group.id, year: of.year.id, set: set.relative, files: rows.map((r) => ({ kind: r.kind, sha256: r.sha256, size: r.size, expiresOn: r.expiresOn })) },
      });
      await em.flush();
      return rows;
    } catch (err) {
      // A set without its rows would be nobody's: it goes, and the making is refused as a whole.
      await this.store.removeSet(set.relative).catch(() => undefined);
      throw err;
    }
  }

  /** «Архив»: the archives the actor may see (`archive.view`) and the classes it may archive now. */
  overview(actor: Actor): Promise<ArchiveOverview> {
    return archiveOverview(this.em(), actor);
  }

  /** One file to download: the actor must see its class's archives; a deleted or forged one is not found. */
  async download(id: number, actor: Actor, language: Language = DEFAULT_LANGUAGE): Promise<ArchiveDownload> {
    const row = await this.visibleRow(id, actor, 'archive.view');
    if (row.deletedAt) throw new NotFound('JournalArchive');
    const file = this.store.resolve(row.path);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat?.isFile()) throw new ValidationFailed([problem('archive.fileMissing')]);
    await this.reads.record(actor, { kind: 'archive', resource: 'JournalArchive', recordId: row.id, schoolId: row.school.id, detail: `${row.kind}, ${row.className}, ${row.yearName}`, people: await this.studentsOf(row) });
    const t = translator(this.i18n, language);
    const name = t(`archive:filename.${row.kind}`, { group: row.className, year: row.yearName.replace(/\//g, '-') });
    return {
      path: file,
      size: stat.size,
      filename: `${name.replace(/[\\/:*?"<>|]/g, '-')}.pdf`,
      asciiFilename: `archive-${row.kind}-${row.id}.pdf`,
    };
  }

  /** Checks the set a file belongs to against its signed manifest and records what each kept file is found to be. */
  async verify(id: number, actor: Actor): Promise<Verification> {
    const row = await this.visibleRow(id, actor, 'archive.manage');
    return this.verifySet(row.setDir, actor);
  }

  /** Checks one set (every kept file of it), records each file's state, and audits a change of state. */
  async verifySet(setDir: string, actor: Actor): Promise<Verification> {
    const em = this.em();
    const rows = await em.find(JournalArchive, { setDir, deletedAt: null });
    if (rows.length === 0) throw new NotFound('JournalArchive');
    const pem = (await this.integrity.keys()).publicKeyPem();
    const only = rows.map((r) => path.posix.basename(r.path));
    const verification = await verifyManifest(this.store.resolve(setDir), pem, { only });
    const now = this.clock.now();
    for (const row of rows) {
      const before = row.verifyState;
      row.verifiedAt = now;
      row.verifyState = stateOf(path.posix.basename(row.path), verification);
      if (before !== row.verifyState || actor.kind !== 'system') {
        this.audit.record(em, { actor, action: 'update', entity: 'JournalArchive', entityId: row.id, schoolId: row.school.id,
          before: { verifyState: before }, after: { verifyState: row.verifyState, verifiedAt: now.toISOString() } });
      }
    }
    await em.flush();
    return verification;
  }

  /** How many students the class had in the archive's year (G4's count); a class or year deleted since: at least one. */
  private async studentsOf(row: JournalArchive): Promise<number> {
    const year = row.year && row.group ? await this.em().findOne(AcademicYear, row.year.id) : null;
    if (!year || !row.group) return 1;
    return Math.max(1, (await studentsOf(this.em(), [row.group.id], { from: year.startDate, to: year.endDate })).length);
  }

  /** A row the actor may reach through `permission` (its school, and for a class teacher its class); else not found or denied. */
  private async visibleRow(id: number, actor: Actor, permission: 'archive.view' | 'archive.manage'): Promise<JournalArchive> {
    if (!Number.isSafeInteger(id) || id <= 0) throw new NotFound('JournalArchive');
    const row = await this.em().findOne(JournalArchive, { id, ...(actsEverywhere(actor) ? {} : { school: actor.schoolId ?? 0 }) });
    if (!row) throw new NotFound('JournalArchive');
    requireAccess(actor, permission, { schoolId: row.school.id, groupIds: row.group ? [row.group.id] : [] });
    return row;
  }
}

/** The summary sheet alone (kept 25 years, S0 §8.7): E1 over the year, as the reports print it. */
function summaryPdf(content: ArchiveContent, t: TFunction, language: Language, making: { madeAt: Date; madeBy: string }, compress: boolean): Promise<Buffer> {
  return renderReportPdf({
    heading: {
      title: t('archive:summaryTitle'),
      school: content.school.name,
      period: t('archive:yearLine', { year: content.year.name, from: ruDate(content.year.startDate), to: ruDate(content.year.endDate) }),
      filters: [t('archive:classLine', { group: content.group.name })],
      madeAt: dateTime(making.madeAt, content.school.timeZone),
      madeBy: making.madeBy,
    },
    sections: content.summary,
    charts: [],
  }, t, language === 'ru' ? 'ru-RU' : 'en-GB', { compress });
}

/** The job's actor: what it makes, checks and deletes is signed in the audit log as the scheduled job's. */
export const archiveJobActor = (): Actor => systemActor('job');
