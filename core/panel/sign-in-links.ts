import { randomBytes } from 'node:crypto';
import { hashToken } from '../base/token-hash.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { systemActor, type Actor } from '../access/actor.js';
import { staffActorFor } from '../people/staff-actor.js';
import type { AuditLog } from '../audit/audit-log.js';
import { TelegramBinding } from '../telegram/telegram-binding.entity.js';
import { Staff } from '../people/staff.entity.js';
import { fullName } from '../people/display-name.js';
import { CompromiseReport } from '../audit/compromise-report.entity.js';
import type { Clock } from '../time/clock.js';
import { AdminAccount } from '../accounts/admin-account.entity.js';
import type { PanelIdentity } from './admin-accounts.js';
import { panelActor } from './panel-actor.js';
import { PanelSignInLink } from './sign-in-link.entity.js';

/** Where the panel serves the links (under its login page: reached without a session). */
export const PANEL_SIGN_IN_PATH = '/admin/login/link';
/** How long a link opens the panel. */
export const SIGN_IN_LINK_TTL_MS = 5 * 60_000;
/** How many links one account may ask for within SIGN_IN_LINK_WINDOW_MS. */
export const SIGN_IN_LINKS_PER_WINDOW = 5;
export const SIGN_IN_LINK_WINDOW_MS = 15 * 60_000;
/** Links are forgotten a day after they were made (the audit log keeps what happened). */
const LINK_MEMORY_MS = 24 * 3600_000;
/** What a token looks like: 32 random bytes, base64url. Anything else is not looked up at all. */
export const SIGN_IN_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const ENTITY = 'PanelSignInLink';

export type LinkIssue =
  | { outcome: 'issued'; token: string; expiresAt: Date }
  /** The binding is no member of staff's (a parent, a student), or no longer holds. */
  | { outcome: 'notStaff' }
  | { outcome: 'noAccount' }
  /** The account is disabled, or its person may not enter the panel (left the school, no role). */
  | { outcome: 'disabled' }
  | { outcome: 'tooMany'; retryAfterMs: number };

/** Why a link opens nothing: each is said in words on the page. */
export type LinkRefusal = 'unknown' | 'used' | 'expired' | 'leaked' | 'unbound' | 'disabled';

export type LinkCheck = { outcome: 'valid'; fullName: string } | { outcome: 'refused'; reason: LinkRefusal };
export type LinkSignIn = { outcome: 'ok'; identity: PanelIdentity; mustChangePassword: boolean } | { outcome: 'refused'; reason: LinkRefusal };

/**
 * One-time sign-in links (B1, B3): a member of staff bound in Telegram asks the bot for one and is signed
 * into the panel as its own panel account. A link is a random token of which only the hash is kept; it is
 * valid for SIGN_IN_LINK_TTL_MS by the clock, opens the account of the person whose binding asked for it,
 * and only while that binding holds (a leak report or a new invite revokes it) and the account is enabled.
 * Looking at a link (`check`) changes nothing, so a link preview cannot use it up; `redeem` uses it, once,
 * in one statement. Issuing and redeeming are audited, never with the token.
 */
/** The school's heads: the panel is theirs whether or not they have an account yet. */
const PANEL_HEADS = ['administrator', 'director', 'deputy', 'inspector'] as const;

export class SignInLinks {
  constructor(
    private readonly em: () => EntityManager,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Whether the menu offers «Панель управления» to this person: the school's heads always (one without an
   * account is told to ask for one), any other member of staff once it has an enabled account. Asked when
   * the menu is drawn, not for every update.
   */
  async offeredTo(actor: Actor): Promise<boolean> {
    if (actor.kind !== 'staff' || actor.staffId === undefined) return false;
    if (PANEL_HEADS.some((role) => actor.roles.has(role))) return true;
    return (await this.em().count(AdminAccount, { staff: actor.staffId, disabledAt: null })) > 0;
  }

  /** A link for the person behind `bindingId`, which must be a binding in force of `telegramUserId`. */
  async issue(telegramUserId: number, bindingId: number): Promise<LinkIssue> {
    const em = this.em();
    const binding = Number.isSafeInteger(bindingId)
      ? await em.findOne(TelegramBinding, { id: bindingId, telegramAccount: telegramUserId, personKind: 'staff', revokedAt: null })
      : null;
    const person = binding && (await staffActorFor(em, binding.personId, 'bot'));
    if (!binding || !person || person.schoolId !== binding.school.id) return { outcome: 'notStaff' };
    const account = await em.findOne(AdminAccount, { staff: binding.personId });
    if (!account) return { outcome: 'noAccount' };
    if (!(await panelActor(em, account.id))) return { outcome: 'disabled' };

    return em.transactional(async (tx) => {
      const now = this.clock.now();
      // One account's requests take turns, so that a burst of taps cannot slip past the limit.
      await tx.execute('select id from admin_account where id = ? for update', [account.id]);
      await tx.nativeDelete(PanelSignInLink, { createdAt: { $lt: new Date(now.getTime() - LINK_MEMORY_MS) } });
      const recent = await tx.find(PanelSignInLink, { account: account.id, createdAt: { $gt: new Date(now.getTime() - SIGN_IN_LINK_WINDOW_MS) } }, { orderBy: { createdAt: 'asc' } });
      if (recent.length >= SIGN_IN_LINKS_PER_WINDOW) {
        const oldest = recent[recent.length - SIGN_IN_LINKS_PER_WINDOW]!;
        return { outcome: 'tooMany' as const, retryAfterMs: oldest.createdAt.getTime() + SIGN_IN_LINK_WINDOW_MS - now.getTime() };
      }
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + SIGN_IN_LINK_TTL_MS);
      const link = tx.create(PanelSignInLink, { tokenHash: hashToken(token), account: account.id, binding: binding.id, createdAt: now, expiresAt });
      await tx.flush();
      this.record(tx, person, 'create', link, binding.school.id, null, { account: account.id, binding: binding.id, expiresAt: expiresAt.toISOString() });
      await tx.flush();
      return { outcome: 'issued' as const, token, expiresAt };
    });
  }

  /** Whether the link would sign in now, and as whom: nothing is changed (the browser's first look, a preview). */
  async check(token: string): Promise<LinkCheck> {
    const em = this.em();
    const link = SIGN_IN_TOKEN_PATTERN.test(token) ? await em.findOne(PanelSignInLink, { tokenHash: hashToken(token) }) : null;
    if (!link) return { outcome: 'refused', reason: 'unknown' };
    if (link.usedAt) return { outcome: 'refused', reason: 'used' };
    if (link.expiresAt.getTime() <= this.clock.now().getTime()) return { outcome: 'refused', reason: 'expired' };
    const verdict = await this.verdictOf(em, link);
    if ('reason' in verdict) return { outcome: 'refused', reason: verdict.reason };
    const staff = await em.findOneOrFail(Staff, (await em.findOneOrFail(TelegramBinding, link.binding.id)).personId);
    return { outcome: 'valid', fullName: fullName(staff) };
  }

  /**
   * Uses the link (once: of two confirmations at once, one wins) and, if it still opens the panel, says
   * who is signed in. A link refused after it was claimed stays used: it never opens anything again.
   */
  async redeem(token: string): Promise<LinkSignIn> {
    if (!SIGN_IN_TOKEN_PATTERN.test(token)) return { outcome: 'refused', reason: 'unknown' };
    const em = this.em();
    return em.transactional(async (tx) => {
      const now = this.clock.now();
      const tokenHash = hashToken(token);
      const claimed = await tx.execute<{ id: number }[]>(
        'update panel_sign_in_link set used_at = ? where token_hash = ? and used_at is null and expires_at > ? returning id',
        [now, tokenHash, now],
      );
      const link = await tx.findOne(PanelSignInLink, { tokenHash }, { refresh: true });
      if (!link) return { outcome: 'refused', reason: 'unknown' as const };
      if (!claimed.length) return { outcome: 'refused', reason: link.usedAt ? 'used' as const : 'expired' as const };

      const binding = await tx.findOneOrFail(TelegramBinding, link.binding.id);
      const verdict = await this.verdictOf(tx, link);
      const used = { usedAt: now.toISOString() };
      if ('reason' in verdict) {
        // Who used it, for the log: the member of staff, or (gone from the school since) the panel itself.
        const person = (await staffActorFor(tx, binding.personId, 'panel', link.account.id)) ?? systemActor('panel');
        this.record(tx, person, 'update', link, binding.school.id, { usedAt: null }, { ...used, signedIn: false, refused: verdict.reason });
        await tx.flush();
        return { outcome: 'refused', reason: verdict.reason };
      }
      const { actor } = verdict;
      this.record(tx, actor, 'update', link, binding.school.id, { usedAt: null }, { ...used, signedIn: true });
      const account = await tx.findOneOrFail(AdminAccount, link.account.id);
      account.lastLoginAt = now;
      await tx.flush();
      return {
        outcome: 'ok' as const,
        identity: { id: account.id, email: account.email, roles: [...actor.roles], deployment: false },
        mustChangePassword: account.mustChangePassword,
      };
    });
  }

  /**
   * Why a link that is neither used nor expired still opens nothing, or else the panel's actor it opens
   * (the member of staff behind its binding, read afresh).
   */
  private async verdictOf(em: EntityManager, link: PanelSignInLink): Promise<{ reason: LinkRefusal } | { actor: Actor }> {
    const binding = await em.findOneOrFail(TelegramBinding, link.binding.id);
    const leaked = await em.count(CompromiseReport, { personKind: 'staff', personId: binding.personId, reportedAt: { $gte: link.createdAt } });
    if (leaked) return { reason: 'leaked' };
    if (binding.revokedAt) return { reason: 'unbound' };
    const account = await em.findOne(AdminAccount, { id: link.account.id }, { refresh: true });
    const actor = account && account.staff?.id === binding.personId ? await panelActor(em, account.id) : undefined;
    return actor ? { actor } : { reason: 'disabled' };
  }

  private record(em: EntityManager, actor: Actor, action: 'create' | 'update', link: PanelSignInLink, schoolId: number, before: Record<string, unknown> | null, after: Record<string, unknown>): void {
    this.audit.record(em, { actor, action, entity: ENTITY, entityId: link.id, schoolId, before, after });
  }
}
