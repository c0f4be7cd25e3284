import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../base/logger.js';
import type { Clock } from '../time/clock.js';
import { hasExpired, RETENTION_YEARS } from './archive-retention.js';
import { JournalArchive } from './journal-archive.entity.js';
import type { JournalArchives } from './journal-archives.js';

/** Outcomes of a run, for the job's log line. */
export interface HousekeepingResult {
  done: number;
  failed: number;
}

/**
 * The archive's scheduled work, as the system: archive each class once its academic year is over, delete
 * files whose retention has run out (never a day earlier), and check every kept set against its manifest.
 * Each unit runs in a unit of work of its own (`unitOfWork`), so one class or set failing leaves the others done.
 */
export class ArchiveHousekeeping {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly archives: JournalArchives,
    private readonly unitOfWork: <T>(work: () => Promise<T>) => Promise<T>,
    private readonly log: Logger,
  ) {}

  /**
   * The classes whose academic year ended before today at their school, that have teaching assignments and no
   * set made after the year's end, and whose journal would still be kept: each archived once. Run again, it
   * finds nothing left to do.
   */
  async archiveEndedYears(): Promise<HousekeepingResult> {
    // Over at the school: the day after its last day has begun in its own zone (checked per row below).
    const rows = await this.unitOfWork(() => this.em().execute<{ group_id: number; time_zone: string; end_date: string }[]>(
      `select g.id as group_id, sc.time_zone, to_char(y.end_date, 'YYYY-MM-DD') as end_date
         from school_group g join academic_year y on y.id = g.year_id join school sc on sc.id = g.school_id
        where y.end_date < ?::date + 1
          and y.end_date >= ?::date - make_interval(years => ?)
          and exists (select 1 from teaching_assignment a where a.group_id = g.id)
          and not exists (select 1 from journal_archive ja where ja.group_id = g.id and ja.kind = 'journal'
                           and ja.made_at >= ((y.end_date + 1)::timestamp at time zone sc.time_zone))
        order by y.end_date, g.school_id, g.grade_level, g.name, g.id`,
      [this.clock.today('UTC'), this.clock.today('UTC'), RETENTION_YEARS.journal + 1]));
    const actor = systemActor('job');
    const due = rows.filter((row) => row.end_date < this.clock.today(row.time_zone));
    return this.each(due, (row) => ({ group: row.group_id }), 'year-end archive of a class failed', async (row) => {
      await this.unitOfWork(() => this.archives.make(row.group_id, actor));
      return true;
    });
  }

  /**
   * Deletes the files whose retention is over at their school (archive-retention.ts); the row stays, marked
   * deleted, and the deletion is audited. A set whose every file is gone loses its directory too.
   */
  async deleteExpired(): Promise<HousekeepingResult> {
    const actor = systemActor('job');
    // Today in the zone whose day starts first (UTC+14) bounds every school's today: each row is then held to its own.
    const due = await this.unitOfWork(() => this.em().find(JournalArchive, { deletedAt: null, expiresOn: { $lte: this.clock.today('Pacific/Kiritimati') } }, { populate: ['school'] }));
    const expired = due.filter((candidate) => hasExpired(candidate.expiresOn, this.clock.today(candidate.school.timeZone)));
    return this.each(expired, (candidate) => ({ archive: candidate.id }), 'deleting an expired archive file failed', (candidate) => this.unitOfWork(async () => {
      const em = this.em();
      const row = await em.findOneOrFail(JournalArchive, { id: candidate.id, deletedAt: null });
      await this.archives.store.remove(row.path);
      row.deletedAt = this.clock.now();
      this.audit.record(em, { actor, action: 'delete', entity: 'JournalArchive', entityId: row.id, schoolId: row.school.id,
        before: { path: row.path, kind: row.kind, sha256: row.sha256, expiresOn: row.expiresOn }, after: { deletedAt: row.deletedAt.toISOString() } });
      await em.flush();
      if ((await em.count(JournalArchive, { setDir: row.setDir, deletedAt: null })) === 0) await this.archives.store.removeSet(row.setDir);
      return true;
    }));
  }

  /** Checks every set that still keeps a file; a set found wrong is logged by name (its rows say how). */
  async verifyAll(): Promise<HousekeepingResult> {
    const actor = systemActor('job');
    const sets = await this.unitOfWork(() => this.em().execute<{ set_dir: string }[]>(
      'select distinct set_dir from journal_archive where deleted_at is null order by set_dir'));
    return this.each(sets.map((s) => s.set_dir), (set) => ({ set }), 'checking an archive set failed', async (set) => {
      const verification = await this.unitOfWork(() => this.archives.verifySet(set, actor));
      if (!verification.ok) this.log.error({ set, problems: verification.problems }, 'an archive set failed its check');
      return verification.ok;
    });
  }

  /** Works through `items` one by one, each on its own: a failure is counted and logged, and the next goes on. */
  private async each<T>(items: readonly T[], describe: (item: T) => object, failure: string, work: (item: T) => Promise<boolean>): Promise<HousekeepingResult> {
    const result = { done: 0, failed: 0 };
    for (const item of items) {
      try {
        if (await work(item)) result.done++;
        else result.failed++;
      } catch (err) {
        result.failed++;
        this.log.error({ err, ...describe(item) }, failure);
      }
    }
    return result;
  }
}
