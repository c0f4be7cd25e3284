import { randomBytes } from 'node:crypto';
import { FlushMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { schoolScope, type Actor } from '../access/actor.js';
import { requireAccess } from '../access/policy.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import type { AuditLog, Snapshot } from '../audit/audit-log.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { PERSON_KINDS, type PersonKind } from '../telegram/invite.entity.js';
import { personForEdit } from '../invites/person-target.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { endSessionsOf } from '../accounts/account-sessions.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';
import { hashPassword } from '../accounts/passwords.js';
import { Staff } from '../people/staff.entity.js';
import type { RecordService } from '../records/record-service.js';
import { isRecordKind, RECORD_KINDS, type RecordKind, type RecordKindName } from '../records/record-kinds.js';
import type { Clock } from '../time/clock.js';
import { CompromiseReport, type CompromiseSource } from '../audit/compromise-report.entity.js';

/** When the report does not say since when the access leaked: this long before the report. */
export const DEFAULT_LEAK_WINDOW_MS = 7 * 24 * 3600_000;

export interface ReportInput {
  personKind: PersonKind;
  personId: number;
  /** Since when the access is believed to have leaked; DEFAULT_LEAK_WINDOW_MS before the report if absent. */
  leakedSince?: Date | string | null;
  source: CompromiseSource;
}

export interface RollbackResult {
  /** How many operations were undone. */
  undone: number;
  /** Operations that are not undone automatically (student movements and consents: history, corrected by a new entry). */
  skipped: AuditEntry[];
}

// Rows of these kinds are history written by their own flow (a movement, a consent): never undone in
// place; the administrator enters a correcting movement or consent. The rows a movement changed in the
// same transaction (its enrollments) are kept with it.
const NOT_UNDONE = new Set(['StudentMovement', 'Consent']);

/**
 * Leaked access (B3; S1 §5.3–5.4, S4 §4.3–4.4). A report ends at once every Telegram binding and panel
 * session of the person; the operations made through that person since the access leaked are listed
 * and can be rolled back by the administrator, once, all or nothing, each undo audited.
 *
 * How an operation is undone: an update is changed back to its `before` through the record service, a
 * creation is deleted through it, and a deletion is re-created through it — with the rules checked, so
 * the re-created row gets a new id (the record service assigns ids); later undos of the same rollback
 * follow it. Nothing is written with the EntityManager directly except the report itself, the bindings
 * and the sessions.
 */
export class Compromises {
  constructor(
    private readonly em: () => EntityManager,
    private readonly records: RecordService,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The person themself (a member of staff acting as itself) or whoever may change that person reports. */
  async report(input: ReportInput, actor: Actor): Promise<CompromiseReport> {
    if (!(PERSON_KINDS as readonly string[]).includes(input.personKind)) throw new ValidationFailed([problem('valueNotAllowed', 'personKind', { value: String(input.personKind) })]);
    const self = actor.kind === 'staff' && input.personKind === 'staff' && actor.staffId === input.personId;
    const em = this.em();
    let schoolId: number;
    if (self) schoolId = actor.schoolId!;
    else schoolId = (await personForEdit(em, this.records, input.personKind, input.personId, actor)).school!.id;
    return em.transactional((tx) => this.write(tx, input, schoolId, actor, self));
  }

  /** The panel's «Создать» form (everything a string): who, and since when (empty: the default window). */
  async reportFromForm(input: Record<string, unknown>, actor: Actor): Promise<CompromiseReport> {
    const personKind = (typeof input.personKind === 'string' ? input.personKind : '') as PersonKind;
    const personId = Number(input.personId);
    if (!Number.isSafeInteger(personId) || personId <= 0) throw new ValidationFailed([problem('required', 'personId')]);
    const since = typeof input.leakedSince === 'string' && input.leakedSince.trim() ? input.leakedSince.trim() : null;
    return this.report({ personKind, personId, leakedSince: since, source: 'panel' }, actor);
  }

  /**
   * From the bot: every person the Telegram account acts as reports its own access leaked (the account is
   * what leaked). Returns nothing when the account is bound to nobody.
   */
  async reportOwnAccess(telegramUserId: number, leakedSince?: Date): Promise<CompromiseReport[]> {
    const em = this.em();
    const bindings = await em.find(TelegramBinding, { telegramAccount: telegramUserId, revokedAt: null }, { orderBy: { id: 'asc' } });
    if (!bindings.length) return [];
    return em.transactional(async (tx) => {
      const reports: CompromiseReport[] = [];
      for (const binding of bindings) {
        const actor = await selfActor(tx, binding);
        const input = { personKind: binding.personKind, personId: binding.personId, leakedSince: leakedSince ?? null, source: 'bot' as const };
        reports.push(await this.write(tx, input, binding.school.id, actor, true));
      }
      return reports;
    });
  }

  private async write(em: EntityManager, input: ReportInput, schoolId: number, actor: Actor, self: boolean): Promise<CompromiseReport> {
    // The clock that stamps the audit log: the report's window is compared with those stamps.
    const now = this.clock.now();
    const leakedSince = input.leakedSince ? new Date(input.leakedSince) : new Date(now.getTime() - DEFAULT_LEAK_WINDOW_MS);
    if (Number.isNaN(leakedSince.getTime())) throw new ValidationFailed([problem('dateInvalid', 'leakedSince')]);
    if (leakedSince.getTime() > now.getTime()) throw new ValidationFailed([problem('leakedSinceInFuture', 'leakedSince')]);

    const { personKind, personId } = input;
    const bindingsRevoked = await em.nativeUpdate(TelegramBinding, { personKind, personId, school: schoolId, revokedAt: null }, { revokedAt: now });
    let sessionsEnded = 0;
    if (personKind === 'staff') {
      const accounts = await em.find(AdminAccount, { staff: personId }, { fields: ['id'] });
      if (accounts.length) {
        sessionsEnded = await endSessionsOf(em, accounts.map((a) => a.id));
        // The leaked password must not open the panel again: it is replaced by an unknown one, and the
        // person gets in again only with a temporary password from the administrator (admin:reset-password).
        await em.nativeUpdate(
          AdminAccount,
          { id: { $in: accounts.map((a) => a.id) } },
          { passwordHash: await hashPassword(randomBytes(32).toString('base64url')), mustChangePassword: true },
        );
      }
    }
    const report = em.create(CompromiseReport, {
      school: schoolId,
      personKind,
      personId,
      reportedAt: now,
      leakedSince,
      reportedBySelf: self,
      reportedByStaff: self ? null : (actor.staffId ?? null),
      source: input.source,
      bindingsRevoked,
      sessionsEnded,
    });
    await em.flush();
    this.audit.record(em, { actor, action: 'create', entity: 'CompromiseReport', entityId: report.id, schoolId, after: this.audit.snapshot(em, 'CompromiseReport', report) });
    await em.flush();
    return report;
  }

  async get(reportId: number, actor: Actor): Promise<CompromiseReport> {
    const report = await this.em().findOne(CompromiseReport, { id: reportId, ...schoolScope(actor) });
    if (!report) throw new NotFound('CompromiseReport');
    requireAccess(actor, 'staff.edit', { schoolId: report.school.id });
    return report;
  }

  /**
   * The audit lines of what was done through the person between `leakedSince` and the report, newest
   * first: as the member of staff, or through its panel account. Students and guardians change nothing
   * yet (the bot only reads for them), so their list is empty.
   */
  async operations(reportId: number, actor: Actor): Promise<AuditEntry[]> {
    const report = await this.get(reportId, actor);
    return this.operationsOf(this.em(), report);
  }

  private async operationsOf(em: EntityManager, report: CompromiseReport): Promise<AuditEntry[]> {
    if (report.personKind !== 'staff') return [];
    const accounts = await em.find(AdminAccount, { staff: report.personId }, { fields: ['id'] });
    const through: Record<string, unknown>[] = [{ actorStaff: report.personId }];
    if (accounts.length) through.push({ actorAccountId: { $in: accounts.map((a) => a.id) } });
    return em.find(
      AuditEntry,
      {
        school: report.school.id,
        at: { $gte: report.leakedSince, $lte: report.reportedAt },
        entity: { $ne: 'CompromiseReport' },
        action: { $ne: 'rollback' },
        $or: through,
      },
      { orderBy: { at: 'desc', id: 'desc' } },
    );
  }

  /** Undoes the report's operations, newest first, in one transaction; only once; audited. */
  async rollBack(reportId: number, actor: Actor): Promise<RollbackResult> {
    const report = await this.get(reportId, actor);
    requireAccess(actor, 'staff.edit', { schoolId: report.school.id });
    return this.em().transactional(async (tx) => {
      // Of two administrators pressing the button at once, one rolls back; the other is refused.
      const [locked] = await tx.execute<{ rolled_back_at: Date | null }[]>('select rolled_back_at from compromise_report where id = ? for update', [report.id]);
      if (locked?.rolled_back_at) throw new ValidationFailed([problem('compromiseAlreadyRolledBack')]);
      const operations = await this.operationsOf(tx, report);
      const movementTimes = new Set(operations.filter((o) => o.action === 'movement').map((o) => o.at.getTime()));
      const skipped: AuditEntry[] = [];
      /** A row re-created by this rollback has a new id: later undos of the same row follow it. */
      const renamed = new Map<string, number>();
      let undone = 0;
      for (const op of operations) {
        if (NOT_UNDONE.has(op.entity) || op.action === 'movement' || movementTimes.has(op.at.getTime()) || !isRecordKind(op.entity)) {
          skipped.push(op);
          continue;
        }
        const kind: RecordKindName = op.entity;
        if ((RECORD_KINDS[kind] as RecordKind).permanent) {
          skipped.push(op);
          continue;
        }
        const key = `${kind}:${op.entityId}`;
        const id = renamed.get(key) ?? Number(op.entityId);
        if (op.action === 'update') {
          await this.records.update(kind, id, editable(op.before), actor);
        } else if (op.action === 'create') {
          try {
            await this.records.remove(kind, id, actor);
          } catch (err) {
            // Someone deleted it since: there is nothing left to undo.
            if (!(err instanceof NotFound)) throw err;
            continue;
          }
        } else if (op.action === 'delete') {
          const row = await this.records.create(kind, { ...editable(op.before), school: report.school.id }, actor);
          renamed.set(key, row.id);
        }
        undone++;
      }
      const rolledBackAt = this.clock.now();
      await tx.nativeUpdate(CompromiseReport, { id: report.id }, { rolledBackAt, rolledBackBy: actor.staffId ?? null });
      this.audit.record(tx, {
        actor,
        action: 'rollback',
        entity: 'CompromiseReport',
        entityId: report.id,
        schoolId: report.school.id,
        before: { rolledBackAt: null },
        after: { rolledBackAt: rolledBackAt.toISOString(), undone, skipped: skipped.map((o) => Number(o.id)) },
      });
      await tx.flush();
      return { undone, skipped };
    }, { flushMode: FlushMode.COMMIT });
  }
}

/** A snapshot's fields as record-service input (the system fields are dropped by the service itself). */
function editable(snapshot: Snapshot | null | undefined): Record<string, unknown> {
  const { id: _id, ...rest } = snapshot ?? {};
  return rest;
}

/** The person behind a binding acting as itself from the bot. Students and guardians hold no permission. */
async function selfActor(em: EntityManager, binding: TelegramBinding): Promise<Actor> {
  const base = { schoolId: binding.school.id, classGroupIds: [] as number[], source: 'bot' as const };
  if (binding.personKind === 'staff') {
    const staff = await em.findOneOrFail(Staff, binding.personId);
    return { kind: 'staff', ...base, staffId: staff.id, roles: new Set(staff.roles) };
  }
  return { kind: 'staff', ...base, roles: new Set([binding.personKind]) };
}
