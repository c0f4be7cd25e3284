import type { EntityManager } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import type { Actor } from '../access/actor.js';
import { guardiansWithConsent } from '../access/relations.js';
import type { AuditLog } from '../audit/audit-log.js';
import { NotFound, ValidationFailed, problem } from '../base/errors.js';
import { translator } from '../i18n/i18n.js';
import type { NameParts } from '../people/display-name.js';
import type { Clock } from '../time/clock.js';
import { endAccess } from './end-access.js';
import { dropNotifications, scrubNamesInTexts, scrubOwnAuditLines, type Pseudonymised } from './scrub-records.js';

export interface PseudonymOf {
  id: number;
  pseudonymNo: number;
}

/** What a withdrawal did, without a name in it (it is what the audit line says). */
export interface WithdrawalOutcome {
  guardian: PseudonymOf;
  /** The children who became «Ученик N» now. */
  studentsPseudonymised: PseudonymOf[];
  /** The children who keep their names: another guardian's consent for them stands. */
  studentsKeepingNames: number[];
  /** The children pseudonymised by an earlier withdrawal (their N does not change). */
  studentsAlreadyPseudonymised: number[];
  bindingsEnded: number;
  invitesRevoked: number;
  accountsDeleted: number;
  notificationsRemoved: number;
  textsScrubbed: number;
}

const TABLE = { student: 'student', guardian: 'guardian' } as const;

/**
 * Withdrawal of consent (G3; S1 §6.3): the guardian's account is deleted and the guardian is «Родитель N»
 * from then on; each of its children whose other guardians' consent does not stand becomes «Ученик N»; the
 * journal goes on, as marks, attendance and period marks are the student's by id. Everything happens in
 * the transaction that writes the registry's «отозвано» line (core/privacy/consents.ts), or nothing does.
 *
 * N is a per-school sequence of each kind, stored on the row and given once; the school's row is locked
 * while it is drawn, so two withdrawals at once get two numbers. The name is replaced in the row itself
 * (by the Russian code: the number is the data, display-name.ts says it in the reader's language), in the
 * person's audit lines, and in the school's free text and outbox wherever the full name stands.
 */
export class Withdrawals {
  constructor(
    private readonly i18n: i18n,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Locks the school's pseudonym sequences for the transaction and answers whether the guardian is already
   * pseudonymised (read after the lock, so two withdrawals of one guardian cannot both go ahead).
   */
  async lock(tx: EntityManager, guardianId: number, schoolId: number): Promise<{ pseudonymised: boolean }> {
    await tx.execute('select id from school where id = ? for update', [schoolId]);
    const [row] = await tx.execute<{ pseudonym_no: number | null }[]>('select pseudonym_no from guardian where id = ? and school_id = ?', [guardianId, schoolId]);
    if (!row) throw new NotFound('Guardian');
    return { pseudonymised: row.pseudonym_no !== null };
  }

  /** Refuses a new line of the registry for a guardian whose consent was withdrawn: its data are gone. */
  async refuseIfPseudonymised(tx: EntityManager, guardianId: number, schoolId: number): Promise<void> {
    if ((await this.lock(tx, guardianId, schoolId)).pseudonymised) throw new ValidationFailed([problem('consentAlreadyWithdrawn', 'status')]);
  }

  /** After the «отозвано» line is flushed (`lock` taken): the guardian, and the children no consent covers now. */
  async apply(tx: EntityManager, guardianId: number, schoolId: number, actor: Actor): Promise<WithdrawalOutcome> {
    const now = this.clock.now();
    const guardian = await this.pseudonymise(tx, 'guardian', guardianId, schoolId, now);
    const people = [guardian.person];
    const outcome: WithdrawalOutcome = {
      guardian: { id: guardianId, pseudonymNo: guardian.pseudonymNo },
      studentsPseudonymised: [], studentsKeepingNames: [], studentsAlreadyPseudonymised: [],
      bindingsEnded: guardian.bindingsEnded, invitesRevoked: guardian.invitesRevoked, accountsDeleted: guardian.accountsDeleted,
      notificationsRemoved: guardian.notificationsRemoved, textsScrubbed: 0,
    };
    const children = await tx.execute<{ id: number; pseudonym_no: number | null }[]>(
      'select s.id, s.pseudonym_no from student_guardian l join student s on s.id = l.student_id where l.guardian_id = ? and s.school_id = ? order by s.id',
      [guardianId, schoolId]);
    // The new «отозвано» line is already the guardian's latest: only the other guardians' consents count.
    const consented = await guardiansWithConsent(tx, children.map((c) => c.id));
    for (const child of children) {
      if (child.pseudonym_no !== null) outcome.studentsAlreadyPseudonymised.push(child.id);
      else if (consented.has(child.id)) outcome.studentsKeepingNames.push(child.id);
      else {
        const student = await this.pseudonymise(tx, 'student', child.id, schoolId, now);
        outcome.studentsPseudonymised.push({ id: child.id, pseudonymNo: student.pseudonymNo });
        outcome.bindingsEnded += student.bindingsEnded;
        outcome.invitesRevoked += student.invitesRevoked;
        outcome.accountsDeleted += student.accountsDeleted;
        outcome.notificationsRemoved += student.notificationsRemoved;
        people.push(student.person);
        this.audit.record(tx, { actor, action: 'withdrawal', entity: 'Student', entityId: child.id, schoolId, at: now, after: { pseudonymNo: student.pseudonymNo, guardianId } });
      }
    }
    // One pass over the texts for everybody pseudonymised now.
    outcome.textsScrubbed = await scrubNamesInTexts(tx, people);
    const { guardian: g, ...rest } = outcome;
    this.audit.record(tx, { actor, action: 'withdrawal', entity: 'Guardian', entityId: guardianId, schoolId, at: now, after: { pseudonymNo: g.pseudonymNo, ...rest } });
    await tx.flush();
    return outcome;
  }

  private async pseudonymise(tx: EntityManager, kind: 'student' | 'guardian', id: number, schoolId: number, now: Date) {
    const table = TABLE[kind];
    const [row] = await tx.execute<{ last_name: string; first_name: string; middle_name: string | null }[]>(
      `select last_name, first_name, middle_name from ${table} where id = ? and school_id = ?`, [id, schoolId]);
    if (!row) throw new NotFound(kind === 'student' ? 'Student' : 'Guardian');
    const [next] = await tx.execute<{ n: number }[]>(`select coalesce(max(pseudonym_no), 0) + 1 as n from ${table} where school_id = ?`, [schoolId]);
    const pseudonymNo = Number(next!.n);
    const code = translator(this.i18n, 'ru')(`common:people.pseudonym.${kind}`, { n: pseudonymNo });
    const name: NameParts = { lastName: row.last_name, firstName: row.first_name, middleName: row.middle_name };
    const contacts = kind === 'guardian' ? ', phone = null, email = null' : '';
    await tx.execute(
      `update ${table} set last_name = ?, first_name = '', middle_name = null, pseudonym_no = ?, updated_at = ?${contacts} where id = ?`,
      [code, pseudonymNo, now, id]);
    // A copy of the row this unit of work already read must not show the name again (nor write it back).
    const managed = tx.getUnitOfWork().getById<object>(kind === 'student' ? 'Student' : 'Guardian', id);
    if (managed) await tx.refresh(managed);
    const person: Pseudonymised = { kind, id, schoolId, name, code };
    const access = await endAccess(tx, kind, id, schoolId, now);
    const notificationsRemoved = await dropNotifications(tx, person);
    await scrubOwnAuditLines(tx, person);
    return { person, pseudonymNo, ...access, notificationsRemoved };
  }
}
