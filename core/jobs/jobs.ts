import { ADDRESS_THROTTLE, LoginThrottle } from '../panel/login-throttle.js';
import { weeklyDigestJob } from '../messages/weekly-digest-job.js';
import type { Job } from './scheduler.js';

/** Housekeeping that every deployment needs. Domain modules add their own jobs to this list. */
export const jobs: Job[] = [
  {
    name: 'prune-processed-updates',
    schedule: '17 * * * *',
    run: async (core) => {
      const removed = await core.updates.prune();
      core.log.debug({ removed }, 'processed updates pruned');
    },
  },
  {
    name: 'prune-panel-sessions',
    schedule: '*/15 * * * *',
    run: async (core) => {
      await core.panelSessions.prune();
      await new LoginThrottle(() => core.orm.em, core.clock).prune();
      await new LoginThrottle(() => core.orm.em, core.clock, ADDRESS_THROTTLE).prune();
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
];
