import type { Core } from './core.js';
import type { Config } from './base/config.js';
import { backupJob } from './backup/backup-job.js';
import { weeklyDigestJob } from './messages/weekly-digest-job.js';
import { archiveJobs } from './archive/archive-jobs.js';
import type { Job } from './jobs/scheduler.js';

/** Housekeeping that every deployment needs. Domain modules add their own jobs to this list. */
export const jobs: Job<Core>[] = [
  {
    name: 'prune-processed-updates',
    schedule: '17 * * * *',
    run: async (core) => {
      const removed = await core.updates.prune();
      const runs = await core.jobRuns.prune();
      core.log.debug({ removed, runs }, 'processed updates and old job runs pruned');
    },
  },
  {
    name: 'prune-panel-sessions',
    schedule: '*/15 * * * *',
    run: async (core) => {
      await core.panelSessions.prune();
      await core.adminAccounts.pruneLoginAttempts();
    },
  },
  {
    name: 'prune-reminders-sent',
    schedule: '43 3 * * *',
    run: async (core) => {
      const removed = await core.reminders.prune();
      core.log.debug({ removed }, 'delivered reminders pruned');
    },
  },
  weeklyDigestJob,
  ...archiveJobs,
];

/** Every job of this deployment: the list above, and those whose schedule is a setting (BACKUP_CRON). */
export function scheduledJobs(config: Config): Job<Core>[] {
  return [...jobs, ...(config.backup.cron ? [backupJob(config.backup.cron)] : [])];
}
