import type { i18n } from 'i18next';
import type { Logger } from '../base/logger.js';
import { translator } from '../i18n/i18n.js';
import type { Messenger } from '../telegram/messenger.js';
import { reminderMessage } from './reminder-message.js';
import type { ReminderItem, ReminderRecipient, Reminders } from './reminders.js';

/** What sending reminders needs of the core (the Core is one). */
export interface ReminderHost {
  reminders: Reminders;
  log: Logger;
  i18n: i18n;
}

export interface ReminderRun {
  /** Teachers who got their message. */
  sent: number;
  /** Teachers who blocked the bot on every account. */
  blocked: number;
  /** Teachers whose message could not be delivered now: tried again on the next run. */
  failed: number;
  /** Teachers with something due but no Telegram account bound. */
  unbound: number;
}

/**
 * Sends each teacher one message with every due item not delivered before, to each Telegram account the
 * teacher is bound through, in that account's language. Items are remembered only once a message reached
 * the teacher and no account failed, so a failure means a retry on the next run, never a lost reminder;
 * an unbound teacher or one who blocked the bot gets the items whenever they come back, while still due.
 * Schools in their quiet hours are left for later.
 */
export async function sendReminders(core: ReminderHost, messenger: Messenger): Promise<ReminderRun> {
  const run: ReminderRun = { sent: 0, blocked: 0, failed: 0, unbound: 0 };
  const due = (await core.reminders.due())
    .filter((school) => !school.quietHours)
    .flatMap((school) => school.teachers.map((teacher) => ({ schoolId: school.schoolId, ...teacher })));
  if (!due.length) return run;

  const delivered = await core.reminders.delivered(new Map(due.map((d) => [d.staffId, d.items.map((i) => i.key)])));
  const recipients = groupByStaff(await core.reminders.recipients(due.map((d) => d.staffId)));

  for (const { schoolId, staffId, items } of due) {
    const fresh = items.filter((item) => !delivered.has(`${staffId}:${item.key}`));
    if (!fresh.length) continue;
    const accounts = recipients.get(staffId);
    if (!accounts) {
      run.unbound++;
      continue;
    }
    const outcome = await deliver(core, messenger, accounts, fresh);
    if (outcome.kind === 'sent') {
      await core.reminders.recordDelivered(schoolId, staffId, outcome.keys);
      run.sent++;
    } else if (outcome.kind === 'blocked') {
      core.log.info({ staffId }, 'reminder not delivered: the teacher blocked the bot');
      run.blocked++;
    } else {
      core.log.warn({ staffId, reason: outcome.reason }, 'reminder not delivered; trying again on the next run');
      run.failed++;
    }
  }
  core.log.info({ ...run }, 'teacher reminders sent');
  return run;
}

type Outcome = { kind: 'sent'; keys: string[] } | { kind: 'blocked' } | { kind: 'failed'; reason: string };

async function deliver(core: ReminderHost, messenger: Messenger, accounts: ReminderRecipient[], items: ReminderItem[]): Promise<Outcome> {
  const keys = new Set<string>();
  let failure: string | undefined;
  for (const account of accounts) {
    const message = reminderMessage(translator(core.i18n, account.language), account.language, items);
    try {
      if ((await messenger.sendText(account.telegramUserId, message.text)) === 'sent') message.keys.forEach((k) => keys.add(k));
    } catch (err) {
      // Only the error's kind and message: a transport error could quote the text it failed to send.
      failure = err instanceof Error ? `${err.name}: ${err.message}` : 'unknown error';
    }
  }
  if (failure !== undefined) return { kind: 'failed', reason: failure };
  return keys.size ? { kind: 'sent', keys: [...keys] } : { kind: 'blocked' };
}

function groupByStaff(recipients: ReminderRecipient[]): Map<number, ReminderRecipient[]> {
  const byStaff = new Map<number, ReminderRecipient[]>();
  for (const r of recipients) byStaff.set(r.staffId, [...(byStaff.get(r.staffId) ?? []), r]);
  return byStaff;
}
