import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor, type Actor } from '../access/actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { DomainError, ValidationFailed, problem } from '../base/errors.js';
import { hashToken } from '../base/token-hash.js';
import { nameColumns, namePartsOf, studentName } from '../people/display-name.js';
import { Group } from '../people/group.entity.js';
import { Guardian } from '../people/guardian.entity.js';
import { Staff, type StaffRole } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';
import type { Consents } from '../privacy/consents.js';
import type { RecordService } from '../records/record-service.js';
import { School } from '../school/school.entity.js';
import type { Clock } from '../time/clock.js';
import { Invite, type PersonKind } from '../telegram/invite.entity.js';
import { personForEdit } from './person-target.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { sexParams } from '../people/sex-context.js';

/** What Telegram accepts as a deep-link payload (`/start <payload>`). */
export const INVITE_CODE_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** The deep link's bot when the caller does not know the running bot's username. */
export const DEFAULT_BOT_USERNAME = 'klassny_bot';
const BOT_USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

/** Wrong codes from one Telegram account: this many within the window lock it out for LOCKOUT_MS. */
export const MAX_WRONG_CODES = 5;
const WRONG_CODE_WINDOW_MS = 10 * 60_000;
const LOCKOUT_MS = 10 * 60_000;
/** Wrong codes are forgotten after a day. */
const FAILURE_MEMORY_MS = 24 * 3600_000;

export type InviteRefusal = 'wrong' | 'used' | 'revoked' | 'expired' | 'tooManyAttempts';

/** A code that does not let its bearer in, and why (each reason has its own message, `errors:invite.*`). */
export class InviteRefused extends DomainError {
  constructor(readonly reason: InviteRefusal, params?: Record<string, string | number>) {
    super([problem(`invite.${reason}`, undefined, params)]);
  }
}

export interface IssuedInvite {
  code: string;
  deepLink: string;
  expiresAt: Date;
  /** The school's time zone, to show the expiry in. */
  timeZone: string;
  inviteId: number;
}

/** Who the Telegram account now acts as, with what the greeting needs. */
export interface Redeemed {
  bindingId: number;
  personKind: PersonKind;
  personId: number;
  schoolName: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** Staff: its roles, and whether it is the class teacher of a group. */
  roles: StaffRole[];
  classTeacher: boolean;
  /** Students: for «ученик» / «ученица». */
  sex?: 'm' | 'f';
  /** Guardians: the children's first and last names. */
  children: string[];
  /** The same account opened the same invite again: it is already in. */
  alreadyBound: boolean;
}

/**
 * Access to the bot (B1): the administrator invites staff, the class teacher its students and guardians
 * (a guardian only with consent given, G2); the invite binds exactly one Telegram account, once.
 */
export class Invites {
  constructor(
    private readonly em: () => EntityManager,
    private readonly records: RecordService,
    private readonly consents: Consents,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async issue(personKind: PersonKind, personId: number, actor: Actor, botUsername = DEFAULT_BOT_USERNAME): Promise<IssuedInvite> {
    if (!BOT_USERNAME.test(botUsername)) throw new Error(`Not a Telegram bot username: ${botUsername}`);
    const em = this.em();
    const person = await personForEdit(em, this.records, personKind, personId, actor);
    if (personKind === 'staff' && person.active === false) throw new ValidationFailed([problem('inviteStaffInactive')]);
    if (personKind === 'student' && (person.status === 'expelled' || person.status === 'graduated')) {
      throw new ValidationFailed([problem('inviteStudentLeft', undefined, sexParams({ sex: typeof person.sex === 'string' ? person.sex : null }))]);
    }
    // Withdrawn consent (G3): the person is a code, and a Telegram binding would say who it is.
    if (person.pseudonymNo != null) throw new ValidationFailed([problem('invitePseudonymised')]);
    if (personKind === 'guardian' && (await this.consents.current(personId))?.status !== 'given') {
      throw new ValidationFailed([problem('inviteNeedsConsent')]);
    }
    const school = await em.findOneOrFail(School, person.school!.id);
    const code = randomBytes(16).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + school.inviteTtlDays * 24 * 3600_000);
    const invite = await em.transactional(async (tx) => {
      await tx.nativeUpdate(Invite, { personKind, personId, school: school.id, usedAt: null, revokedAt: null }, { revokedAt: now });
      const created = tx.create(Invite, {
        school: school.id,
        personKind,
        personId,
        codeHash: hashToken(code),
        expiresAt,
        issuedByStaff: actor.staffId ?? null,
      });
      await tx.flush();
      this.audit.record(tx, { actor, action: 'create', entity: 'Invite', entityId: created.id, schoolId: school.id, after: this.audit.snapshot(tx, 'Invite', created) });
      await tx.flush();
      return created;
    });
    return { code, deepLink: `https://t.me/${botUsername}?start=${code}`, expiresAt, timeZone: school.timeZone, inviteId: invite.id };
  }

  /** Binds the Telegram account to the invite's person, or refuses with the reason. */
  async redeem(code: string, telegramUserId: number): Promise<Redeemed> {
    const em = this.em();
    const now = this.clock.now();
    const lockedMs = await this.lockedFor(em, telegramUserId, now);
    if (lockedMs > 0) throw new InviteRefused('tooManyAttempts', { count: Math.ceil(lockedMs / 60_000) });

    const invite = INVITE_CODE_PATTERN.test(code) ? await em.findOne(Invite, { codeHash: hashToken(code) }) : null;
    if (!invite) {
      await em.execute('insert into invite_failure (telegram_account_id, at) values (?, ?)', [telegramUserId, now]);
      await em.execute('delete from invite_failure where telegram_account_id = ? and at < ?', [telegramUserId, new Date(now.getTime() - FAILURE_MEMORY_MS)]);
      throw new InviteRefused('wrong');
    }
    if (invite.usedAt) {
      const own = await em.findOne(TelegramBinding, { invite: invite.id, telegramAccount: telegramUserId, revokedAt: null });
      if (own) return this.describe(em, own, true);
      throw new InviteRefused('used');
    }
    if (invite.revokedAt) throw new InviteRefused('revoked');
    if (invite.expiresAt.getTime() <= now.getTime()) throw new InviteRefused('expired');
    if (invite.personKind === 'guardian' && (await this.consents.current(invite.personId))?.status !== 'given') {
      throw new InviteRefused('revoked');
    }
    if (invite.personKind === 'student' && (await em.findOne(Student, invite.personId))?.pseudonymNo != null) throw new InviteRefused('revoked');

    const binding = await em.transactional(async (tx) => {
      // One statement decides who uses the invite: of two accounts racing for it, one wins.
      const claimed = await tx.execute<{ id: number }[]>(
        'update invite set used_at = ? where id = ? and used_at is null and revoked_at is null and expires_at > ? returning id',
        [now, invite.id, now],
      );
      if (!claimed.length) throw new InviteRefused('used');
      await tx.execute('insert into telegram_account (id) values (?) on conflict (id) do nothing', [telegramUserId]);
      // A person acts through one account: a new invite (a new phone) replaces the earlier binding.
      await tx.nativeUpdate(
        TelegramBinding,
        { personKind: invite.personKind, personId: invite.personId, school: invite.school.id, revokedAt: null },
        { revokedAt: now },
      );
      const created = tx.create(TelegramBinding, {
        telegramAccount: telegramUserId,
        school: invite.school.id,
        personKind: invite.personKind,
        personId: invite.personId,
        invite: invite.id,
      });
      await tx.flush();
      // The person acts through the bot from now on: who and when is part of the record (B4).
      this.audit.record(tx, {
        actor: systemActor('bot'),
        action: 'create',
        entity: 'TelegramBinding',
        entityId: created.id,
        schoolId: invite.school.id,
        after: this.audit.snapshot(tx, 'TelegramBinding', created),
      });
      await tx.flush();
      return created;
    });
    return this.describe(em, binding, false);
  }

  /** The invite of this code for this person, if it can still be used (to print it again); otherwise undefined. */
  async usable(code: string, personKind: PersonKind, personId: number): Promise<Invite | undefined> {
    if (!INVITE_CODE_PATTERN.test(code)) return undefined;
    const invite = await this.em().findOne(Invite, {
      codeHash: hashToken(code), personKind, personId, usedAt: null, revokedAt: null, expiresAt: { $gt: this.clock.now() },
    });
    return invite ?? undefined;
  }

  /** The account's bindings in force. */
  async bindingsOf(telegramUserId: number): Promise<TelegramBinding[]> {
    return this.em().find(TelegramBinding, { telegramAccount: telegramUserId, revokedAt: null }, { orderBy: { id: 'asc' } });
  }

  /** How long the account is still locked out after too many wrong codes (0: it is not). */
  private async lockedFor(em: EntityManager, telegramUserId: number, now: Date): Promise<number> {
    const rows = await em.execute<{ at: Date | string }[]>(
      'select at from invite_failure where telegram_account_id = ? and at > ? order by at',
      [telegramUserId, new Date(now.getTime() - WRONG_CODE_WINDOW_MS - LOCKOUT_MS)],
    );
    if (rows.length < MAX_WRONG_CODES) return 0;
    const times = rows.map((r) => new Date(r.at).getTime());
    let until = 0;
    for (let i = MAX_WRONG_CODES - 1; i < times.length; i++) {
      if (times[i]! - times[i - MAX_WRONG_CODES + 1]! <= WRONG_CODE_WINDOW_MS) until = Math.max(until, times[i]! + LOCKOUT_MS);
    }
    return Math.max(0, until - now.getTime());
  }

  private async describe(em: EntityManager, binding: TelegramBinding, alreadyBound: boolean): Promise<Redeemed> {
    const school = await em.findOneOrFail(School, binding.school.id);
    const base = {
      bindingId: binding.id,
      personKind: binding.personKind,
      personId: binding.personId,
      schoolName: school.name,
      roles: [] as StaffRole[],
      classTeacher: false,
      children: [] as string[],
      alreadyBound,
    };
    if (binding.personKind === 'staff') {
      const staff = await em.findOneOrFail(Staff, binding.personId);
      const classTeacher = (await em.count(Group, { classTeacher: staff.id })) > 0;
      return { ...base, ...names(staff), roles: [...staff.roles], classTeacher };
    }
    if (binding.personKind === 'student') {
      const student = await em.findOneOrFail(Student, binding.personId);
      return { ...base, ...names(student), sex: student.sex };
    }
    const guardian = await em.findOneOrFail(Guardian, binding.personId);
    const children = await em.execute<Record<string, unknown>[]>(
      `select ${nameColumns('s')} from student s join student_guardian l on l.student_id = s.id
       where l.guardian_id = ? order by s.birth_date, s.id`,
      [guardian.id],
    );
    return { ...base, ...names(guardian), children: children.map((c) => studentName(namePartsOf(c), 'firstLast')) };
  }
}

const names = (p: { lastName: string; firstName: string; middleName?: string | null }) => ({
  lastName: p.lastName,
  firstName: p.firstName,
  middleName: p.middleName ?? null,
});
