import type { Job, JobHost } from '../jobs/scheduler.js';
import type { WeeklyDigests } from './weekly-digests.js';

/**
 * The weekly digest (D11) is due on Saturday at 12:00 in each school's own time zone, and schools differ:
 * the job runs every hour (UTC) and issues the digests of the schools where it is Saturday afternoon.
 * WeeklyDigest's unique (guardian, student, week) makes later runs of the same Saturday add only what is missing.
 */
export const weeklyDigestJob: Job<JobHost & { digests: WeeklyDigests }> = {
  name: 'weekly-digest',
  schedule: '2 * * * *',
  run: async (core) => {
    const issued = await core.digests.runDue();
    if (issued) core.log.info({ issued }, 'weekly digests issued');
  },
};
