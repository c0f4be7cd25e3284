import type { EntityManager } from '@mikro-orm/postgresql';
import type { Clock } from '../time/clock.js';

/** How long the record of a slot's run is kept. */
const KEEP_DAYS = 30;

export type JobOutcome = 'done' | 'failed' | 'skipped';

/**
 * Which instance runs a scheduled job in a given slot: the one whose claim is written first. An advisory
 * lock alone keeps two runs from overlapping, not from following one another: an instance whose clock is a
 * second behind would find the lock free and run the slot again.
 */
export class JobRuns {
  constructor(
    private readonly em: () => EntityManager,
    private readonly clock: Clock,
  ) {}

  /** True for the first claim of `job` in `slot` (its scheduled time, to the second), false for any other. */
  async claim(job: string, slot: Date): Promise<boolean> {
    const rows = await this.em().execute<{ job: string }[]>(
      `insert into job_run (job, slot, claimed_at) values (?, ?, ?) on conflict do nothing returning job`,
      [job, wholeSecond(slot), this.clock.now()],
    );
    return rows.length === 1;
  }

  async finish(job: string, slot: Date, outcome: JobOutcome): Promise<void> {
    await this.em().execute(`update job_run set finished_at = ?, outcome = ? where job = ? and slot = ?`, [this.clock.now(), outcome, job, wholeSecond(slot)]);
  }

  /** Forgets the runs of slots more than KEEP_DAYS ago. */
  async prune(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - KEEP_DAYS * 86_400_000);
    const rows = await this.em().execute<{ job: string }[]>(`delete from job_run where slot < ? returning job`, [cutoff]);
    return rows.length;
  }
}

const wholeSecond = (date: Date) => new Date(Math.floor(date.getTime() / 1000) * 1000);
