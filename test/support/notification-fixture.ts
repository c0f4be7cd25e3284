import type { EntityManager } from '@mikro-orm/postgresql';
import type { CoalescingSettings } from '../../core/notifications/coalescing.js';
import { Outbox, type OutboxEvent } from '../../core/notifications/outbox.js';
import { fixedClock } from '../../core/time/clock.js';
import { TelegramBinding } from '../../core/telegram/telegram-binding.entity.js';
import { Guardian, StudentGuardian } from '../../core/people/guardian.entity.js';
import { Consent, type ConsentStatus } from '../../core/privacy/consent.entity.js';
import { TelegramAccount } from '../../core/telegram/telegram-account.entity.js';

/** A Telegram account (chat `telegramId`) bound to a person of the school, as an accepted invite leaves it. */
export async function bindTelegram(em: EntityManager, schoolId: number, personKind: 'guardian' | 'student' | 'staff', personId: number, telegramId: number, language: 'ru' | 'en' = 'ru') {
  await em.upsert(TelegramAccount, { id: telegramId, language }, { onConflictFields: ['id'], onConflictAction: 'ignore' });
  const binding = em.create(TelegramBinding, { telegramAccount: telegramId, school: schoolId, personKind, personId });
  await em.flush();
  return binding;
}

/** A line of the consent registry. */
export async function recordConsent(em: EntityManager, schoolId: number, guardianId: number, status: ConsentStatus, date = '2026-09-01') {
  em.create(Consent, { school: schoolId, guardian: guardianId, status, date });
  await em.flush();
}

/** A guardian of `studentId`, with consent given unless told otherwise. */
export async function addGuardian(em: EntityManager, schoolId: number, studentId: number, lastName: string, consent: ConsentStatus | null = 'given') {
  const guardian = em.create(Guardian, { school: schoolId, lastName, firstName: 'Ольга' });
  await em.flush();
  em.create(StudentGuardian, { school: schoolId, student: studentId, guardian: guardian.id, relation: 'mother' });
  await em.flush();
  if (consent) await recordConsent(em, schoolId, guardian.id, consent);
  return guardian;
}

/** The outbox's batching as configured by default: a window of 120 s, due after 10 s without news. */
export const DEFAULT_COALESCING: CoalescingSettings = { coalesceSeconds: 120, idleSeconds: 10 };

/** Enqueues as the outbox would at `at`, whatever the test core's clock says. */
export function enqueueAt(em: EntityManager, events: OutboxEvent | readonly OutboxEvent[], at: Date, settings = DEFAULT_COALESCING): Promise<number> {
  return new Outbox(settings, fixedClock(at)).enqueue(em, events);
}
