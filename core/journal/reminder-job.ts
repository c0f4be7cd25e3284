import type { Job, JobHost } from '../jobs/scheduler.js';
import type { Messenger } from '../telegram/messenger.js';
import { sendReminders, type ReminderHost } from './send-reminders.js';

/**
 * Teacher reminders (C9, H1). Every 15 minutes, so that a lesson's reminder follows the school's homework
 * deadline closely; what was delivered is remembered, so a run sends only what became due since.
 */
export function reminderJob(messenger: Messenger): Job<JobHost & ReminderHost> {
  return {
    name: 'teacher-reminders',
    schedule: '*/15 * * * *',
    run: async (core) => {
      await sendReminders(core, messenger);
    },
  };
}
