import type { EntityManager } from '@mikro-orm/postgresql';
import type { Actor } from '../access/actor.js';
import { ValidationFailed, problem } from '../base/errors.js';
import { Invite } from '../telegram/invite.entity.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import type { AuditLog } from '../audit/audit-log.js';
import { isIsoDate } from '../school/rules/date-ranges.js';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';
import { CONSENT_STATUSES, Consent, type ConsentStatus } from './consent.entity.js';
import type { Withdrawals, WithdrawalOutcome } from './withdrawal.js';

/**
 * The guardian as the actor may change it (NotFound for another school, AccessDenied outside its scope):
 * core/invites/person-target.ts over the record service, handed in because the records sit above privacy
 * (their registry lists Consent).
 */
export type GuardianForEdit = (em: EntityManager, guardianId: number, actor: Actor) => Promise<{ school?: { id: number } }>;

/**
 * The consent registry (G1–G3): whoever keeps a guardian's data (the administrator, the class teacher of
 * the guardian's children) records each consent, refusal and withdrawal; nothing is overwritten. A
 * withdrawal pseudonymises (withdrawal.ts), after which the registry takes no more lines for the guardian.
 */
export class Consents {
  constructor(
    private readonly em: () => EntityManager,
    private readonly guardianForEdit: GuardianForEdit,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly withdrawals: Withdrawals,
  ) {}

  /** A line of the registry dated `date`, or today at the guardian's school when undefined; «withdrawn» is a withdrawal (G3). */
  async record(guardianId: number, status: ConsentStatus, date: string | undefined, actor: Actor, note?: string): Promise<Consent> {
    return (await this.write(guardianId, status, date, actor, note)).consent;
  }

  /**
   * The guardian withdraws its consent (G3, S1 §6.3): the registry's «отозвано» line and, in its transaction,
   * everything withdrawal.ts does. Refused for a guardian already withdrawn.
   */
  async withdraw(guardianId: number, date: string | undefined, actor: Actor, note?: string): Promise<{ consent: Consent; withdrawal: WithdrawalOutcome }> {
    const { consent, withdrawal } = await this.write(guardianId, 'withdrawn', date, actor, note);
    return { consent, withdrawal: withdrawal! };
  }

  private async write(guardianId: number, status: ConsentStatus, date: string | undefined, actor: Actor, note?: string): Promise<{ consent: Consent; withdrawal?: WithdrawalOutcome }> {
    const em = this.em();
    const guardian = await this.guardianForEdit(em, guardianId, actor);
    if (!(CONSENT_STATUSES as readonly string[]).includes(status)) {
      throw new ValidationFailed([problem('valueNotAllowed', 'status', { value: String(status) })]);
    }
    const school = await em.findOneOrFail(School, guardian.school!.id);
    const today = this.clock.today(school);
    date ??= today;
    if (!isIsoDate(date)) throw new ValidationFailed([problem('dateInvalid', 'date')]);
    if (date > today) throw new ValidationFailed([problem('consentDateInFuture', 'date')]);
    return em.transactional(async (tx) => {
      // A withdrawn guardian is «Родитель N» with nothing left to consent with; a new consent is a new record.
      await this.withdrawals.refuseIfPseudonymised(tx, guardianId, school.id);
      const previous = await tx.findOne(Consent, { guardian: guardianId }, { orderBy: { date: 'desc', id: 'desc' } });
      if (status === 'withdrawn' && previous && previous.date > date) {
        throw new ValidationFailed([problem('withdrawalBeforeLatestLine', 'date', { date: previous.date })]);
      }
      const consent = tx.create(Consent, {
        school: school.id,
        guardian: guardianId,
        status,
        date,
        recordedBy: actor.staffId ?? null,
        note: note?.trim() || null,
      });
      await tx.flush();
      this.audit.record(tx, { actor, action: 'create', entity: 'Consent', entityId: consent.id, schoolId: school.id, after: this.audit.snapshot(tx, 'Consent', consent) });
      await tx.flush();
      if (status === 'withdrawn') return { consent, withdrawal: await this.withdrawals.apply(tx, guardianId, school.id, actor) };
      // No consent, no guardian account (G2): pending invites and bindings in force end with it.
      const latest = await tx.findOne(Consent, { guardian: guardianId }, { orderBy: { date: 'desc', id: 'desc' } });
      if (latest?.status !== 'given') {
        const now = this.clock.now();
        await tx.nativeUpdate(Invite, { personKind: 'guardian', personId: guardianId, usedAt: null, revokedAt: null }, { revokedAt: now });
        await tx.nativeUpdate(TelegramBinding, { personKind: 'guardian', personId: guardianId, revokedAt: null }, { revokedAt: now });
      }
      return { consent };
    });
  }

  /** The latest line of the guardian's registry (by date, then by entry), or undefined if there is none. */
  async current(guardianId: number): Promise<Consent | undefined> {
    const found = await this.em().findOne(Consent, { guardian: guardianId }, { orderBy: { date: 'desc', id: 'desc' } });
    return found ?? undefined;
  }

  /** Every line of the guardian's registry, newest first. */
  async history(guardianId: number): Promise<Consent[]> {
    return this.em().find(Consent, { guardian: guardianId }, { orderBy: { date: 'desc', id: 'desc' } });
  }
}
