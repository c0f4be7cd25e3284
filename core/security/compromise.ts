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
import type { RecordKindName } from '../records/record-kinds.js';
import { isJournalUndoKind, type JournalUndo, type JournalUndoKind, type UndoTarget } from '../journal/journal-undo.js';
import { planRollback, type KeptOperation, type KeptReason, type RolledBackRow } from './rollback-plan.js';
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
  /** Operations not undone, each with its reason (see KeptReason). */
  kept: KeptOperation[];
}

/**
 * Leaked access (B3; S1 §5.3–5.4, S4 §4.3–4.4). A report ends at once every Telegram binding and panel
 * session of the person; the operations made through that person since the access leaked are listed
 * and can be rolled back by the administrator, once, all or nothing, each undo audited.
 *
 * How an operation is undone (rollback-plan.ts): the operations are taken row by row, and each row is put
 * back as it was before the first of them, in the fields they changed — unless someone changed it again
 * afterwards, which stands and is listed. Journal rows (marks, attendance, topics, homework, period marks)
 * are put back by the journal (core/journal/journal-undo.ts: its rules, `rollback` audit lines linked to
 * the report, the families told of cancelled marks and absences); set-up records through the record
 * service, with its rules: an update is changed back, a creation deleted, a deletion re-created (with a new
 * id). Nothing is written with the EntityManager directly except the report itself, the bindings and the
 * sessions.
 */
export class Compromises {
  constructor(
    private readonly em: () => EntityManager,
    private readonly records: RecordService,
    private readonly journal: JournalUndo,
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

  /**
   * What becomes of each operation: before the rollback, the operations it would keep (history, superseded);
   * after it, what it kept, as it recorded (a closed period is known only when trying).
   */
  async keptOperations(reportId: number, actor: Actor): Promise<Map<string, KeptReason>> {
    const report = await this.get(reportId, actor);
    const em = this.em();
    let kept: { id: string | number; reason: KeptReason }[];
    if (report.rolledBackAt) {
      const line = await em.findOne(AuditEntry, { entity: 'CompromiseReport', entityId: String(report.id), action: 'rollback' });
      kept = (line?.after?.kept as typeof kept | undefined) ?? [];
    } else {
      const plan = await planRollback(em, report.id, report.school.id, await this.operationsOf(em, report));
      kept = plan.kept.map((k) => ({ id: k.operation.id, reason: k.reason }));
    }
    return new Map(kept.map((k) => [String(k.id), k.reason]));
  }

  /** Undoes the report's operations row by row, newest first, in one transaction; only once; audited. */
  async rollBack(reportId: number, actor: Actor): Promise<RollbackResult> {
    const report = await this.get(reportId, actor);
    requireAccess(actor, 'staff.edit', { schoolId: report.school.id });
    return this.em().transactional(async (tx) => {
      // Of two administrators pressing the button at once, one rolls back; the other is refused.
      const [locked] = await tx.execute<{ rolled_back_at: Date | null }[]>('select rolled_back_at from compromise_report where id = ? for update', [report.id]);
      if (locked?.rolled_back_at) throw new ValidationFailed([problem('compromiseAlreadyRolledBack')]);
      const plan = await planRollback(tx, report.id, report.school.id, await this.operationsOf(tx, report));
      const kept = [...plan.kept];
      let undone = 0;
      for (const row of plan.rows) {
        const outcome = isJournalUndoKind(row.entity)
          ? await this.journal.undo(tx, undoTarget(row, report), actor)
          : await this.undoRecord(row, report.school.id, actor);
        if (outcome === 'undone') undone += row.ops.length;
        else kept.push(...row.ops.map((operation) => ({ operation, reason: outcome })));
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
        after: { rolledBackAt: rolledBackAt.toISOString(), undone, kept: kept.map((k) => ({ id: Number(k.operation.id), reason: k.reason })) },
        compromiseReportId: report.id,
      });
      await tx.flush();
      return { undone, kept };
    }, { flushMode: FlushMode.COMMIT });
  }

  /** A set-up record put back through the record service (its rules and audit): deleted, re-created or changed back. */
  private async undoRecord(row: RolledBackRow, schoolId: number, actor: Actor): Promise<'undone'> {
    const kind = row.entity as RecordKindName;
    const newest = row.ops[0]!;
    const base = row.ops.at(-1)!.before;
    const id = Number(newest.entityId);
    if (!base) {
      try {
        await this.records.remove(kind, id, actor);
      } catch (err) {
        // Someone deleted it since: there is nothing left to undo.
        if (!(err instanceof NotFound)) throw err;
      }
    } else if (newest.action === 'delete') {
      await this.records.create(kind, { ...editable(base), school: schoolId }, actor);
    } else {
      const fields = row.fields;
      await this.records.update(kind, id, fields === 'all' ? editable(base) : Object.fromEntries(fields.map((f) => [f, base[f]])), actor);
    }
    return 'undone';
  }
}

/** What the journal needs to put a row back: the row as the leak found it and as its newest operation left it. */
function undoTarget(row: RolledBackRow, report: CompromiseReport): UndoTarget {
  const newest = row.ops[0]!;
  const oldest = row.ops.at(-1)!;
  return {
    entity: row.entity as JournalUndoKind,
    schoolId: report.school.id,
    reportId: report.id,
    entityId: Number(newest.entityId),
    latest: newest.after ?? newest.before ?? {},
    base: oldest.before ?? null,
    created: oldest.action === 'create' ? oldest.after ?? null : null,
    fields: row.fields,
  };
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
