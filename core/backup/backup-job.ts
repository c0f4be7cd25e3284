import type { Job, JobHost } from '../jobs/scheduler.js';
import { BACKUP_JOB, type Backups } from './backups.js';

/**
 * The scheduled backup (BACKUP_CRON, UTC). One instance takes each slot (job_run), and the job's lock
 * (`job:backup`) is the one an on-demand backup takes too, so two backups never run at once.
 */
export function backupJob(schedule: string): Job<JobHost & { backups: Backups }> {
  return {
    name: BACKUP_JOB,
    schedule,
    run: async (core) => {
      await core.backups.run('job');
    },
  };
}
