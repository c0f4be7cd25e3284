import type { EntityManager } from '@mikro-orm/postgresql';
import { AccessDenied, ValidationFailed, problem } from '../base/errors.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { School } from '../school/school.entity.js';
import { NotificationPreference } from './notification-preference.entity.js';
import { NOTIFICATION_KINDS, type NotificationKind } from './notification.entity.js';
import { markBlocked } from './outbox-store.js';
import { NO_QUIET_HOURS, isQuietTime, type QuietHours } from './quiet-hours.js';

/** What a recipient sees of its settings. */
export interface PreferenceView {
  /** Every kind, in order, and whether it is on. */
  kinds: { kind: NotificationKind; on: boolean }[];
  /** The recipient's own quiet hours (NO_QUIET_HOURS: none), or null: the school's. */
  quietHours: QuietHours | null;
  /** The school's quiet hours (of the first school the account is bound in). */
  schoolQuietHours: QuietHours;
}

/** The quiet hours a recipient may pick besides the school's. */
export const QUIET_CHOICES: readonly QuietHours[] = [
  { start: '22:00', end: '08:00' },
  { start: '21:00', end: '07:00' },
  { start: '23:00', end: '07:00' },
  NO_QUIET_HOURS,
];

/**
 * A guardian's or student's notification settings (D10): kinds switched off and quiet hours, kept per
 * Telegram account (the chat that receives). Only an account bound as a guardian or a student has them.
 */
export class NotificationPreferences {
  constructor(private readonly em: () => EntityManager) {}

  async view(telegramId: number): Promise<PreferenceView> {
    const em = this.em();
    const schoolId = await this.requireRecipient(em, telegramId);
    const [preference, school] = await Promise.all([
      em.findOne(NotificationPreference, telegramId),
      em.findOneOrFail(School, schoolId),
    ]);
    const disabled = new Set(preference?.disabledKinds ?? []);
    return {
      kinds: NOTIFICATION_KINDS.map((kind) => ({ kind, on: !disabled.has(kind) })),
      quietHours: preference?.quietHoursStart && preference.quietHoursEnd ? { start: preference.quietHoursStart, end: preference.quietHoursEnd } : null,
      schoolQuietHours: { start: school.quietHoursStart, end: school.quietHoursEnd },
    };
  }

  /** Switches one kind on or off. */
  async toggle(telegramId: number, kind: NotificationKind): Promise<PreferenceView> {
    if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) throw new ValidationFailed([problem('valueNotAllowed', 'kind', { value: String(kind) })]);
    const em = this.em();
    await this.requireRecipient(em, telegramId);
    const preference = await this.preferenceOf(em, telegramId);
    const disabled = new Set(preference.disabledKinds);
    if (disabled.has(kind)) disabled.delete(kind);
    else disabled.add(kind);
    preference.disabledKinds = NOTIFICATION_KINDS.filter((k) => disabled.has(k));
    await em.flush();
    return this.view(telegramId);
  }

  /** The recipient's own quiet hours, or null for the school's. */
  async setQuietHours(telegramId: number, quiet: QuietHours | null): Promise<PreferenceView> {
    if (quiet && !(isQuietTime(quiet.start) && isQuietTime(quiet.end))) throw new ValidationFailed([problem('valueNotAllowed', 'quietHours', { value: `${quiet.start}–${quiet.end}` })]);
    const em = this.em();
    await this.requireRecipient(em, telegramId);
    const preference = await this.preferenceOf(em, telegramId);
    preference.quietHoursStart = quiet?.start ?? null;
    preference.quietHoursEnd = quiet?.end ?? null;
    await em.flush();
    return this.view(telegramId);
  }

  /**
   * The user blocked the bot (Telegram says so at once): nothing is sent to the account from `at` on, rather
   * than from the next refused message; writing to the bot again unblocks it (TelegramAccounts.touch).
   */
  async botBlocked(telegramId: number, at: Date): Promise<void> {
    await markBlocked(this.em(), telegramId, at);
  }

  /** The school of the account's first guardian or student binding in force; refused without one. */
  private async requireRecipient(em: EntityManager, telegramId: number): Promise<number> {
    const binding = await em.findOne(
      TelegramBinding,
      { telegramAccount: telegramId, revokedAt: null, personKind: { $in: ['guardian', 'student'] } },
      { orderBy: { id: 'asc' } },
    );
    if (!binding) throw new AccessDenied('notifications.settings');
    return binding.school.id;
  }

  private async preferenceOf(em: EntityManager, telegramId: number): Promise<NotificationPreference> {
    const found = await em.findOne(NotificationPreference, telegramId);
    return found ?? em.create(NotificationPreference, { telegramAccountId: telegramId, disabledKinds: [] });
  }
}
