import type { Job, JobHost } from '../jobs/scheduler.js';
import type { ArchiveHousekeeping } from './archive-housekeeping.js';

type Host = JobHost & { archiveHousekeeping: ArchiveHousekeeping };

/**
 * The archive's jobs (F1, F3, F4), at night (UTC) when nobody fills in the journal. The year-end one runs
 * every night and archives the classes whose year is over and not yet archived since, so a deployment that was
 * down on the day catches up the next night, and a second run does nothing.
 */
export const archiveJobs: Job<Host>[] = [
  {
    name: 'archive-year-end',
    schedule: '40 0 * * *',
    run: async (core) => {
      const result = await core.archiveHousekeeping.archiveEndedYears();
      if (result.done || result.failed) core.log.info(result, 'year-end archives made');
    },
  },
  {
    name: 'archive-retention',
    schedule: '10 1 * * *',
    run: async (core) => {
      const result = await core.archiveHousekeeping.deleteExpired();
      if (result.done || result.failed) core.log.info(result, 'expired archive files deleted');
    },
  },
  {
    // Weekly: every kept set read through and checked against its signed manifest (S4 §3.3, S1 §4.9).
    name: 'archive-verify',
    schedule: '20 2 * * 0',
    run: async (core) => {
      const result = await core.archiveHousekeeping.verifyAll();
      core.log.info(result, 'archive sets checked');
    },
  },
];
