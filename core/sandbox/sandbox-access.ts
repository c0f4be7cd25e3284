import { RequestContext, type EntityManager, type MikroORM } from '@mikro-orm/postgresql';
import type { i18n } from 'i18next';
import { systemActor, type Actor } from '../access/actor.js';
import { staffActorFor } from '../people/staff-actor.js';
import type { Invites } from '../invites/invites.js';
import type { Consents } from '../privacy/consents.js';
import { translator } from '../i18n/i18n.js';
import { DEFAULT_LANGUAGE } from '../i18n/languages.js';
import type { PersonKind } from '../telegram/invite.entity.js';
import { Guardian } from '../people/guardian.entity.js';
import { Staff } from '../people/staff.entity.js';
import { Student } from '../people/student.entity.js';

/**
 * The sandbox gives every person of the school a Telegram account of its own, with a stable made-up id in a
 * range no real account is handed out from in practice: 7 100 000 000 + staff id, 7 200 000 000 + student
 * id, 7 300 000 000 + guardian id.
 */
const ID_BASE: Record<PersonKind, number> = { staff: 7_100_000_000, student: 7_200_000_000, guardian: 7_300_000_000 };
const ID_RANGE = 100_000_000;

export function sandboxTelegramId(kind: PersonKind, personId: number): number {
  if (!Number.isSafeInteger(personId) || personId < 1 || personId >= ID_RANGE) throw new RangeError(`no sandbox account for ${kind} ${personId}`);
  return ID_BASE[kind] + personId;
}

/** Whose sandbox account `telegramId` is, or undefined for any other id. */
export function sandboxPersonOf(telegramId: number): { kind: PersonKind; personId: number } | undefined {
  for (const [kind, base] of Object.entries(ID_BASE) as [PersonKind, number][]) {
    if (telegramId > base && telegramId < base + ID_RANGE) return { kind, personId: telegramId - base };
  }
  return undefined;
}

export interface SandboxSignIn {
  telegramUserId: number;
  /** The invite to send as `/start <code>`; undefined when the account is already signed in as this person. */
  inviteCode: string | undefined;
}

/**
 * Gets a person ready to chat in the sandbox the way a school would: the administrator records a guardian's
 * consent when there is none (G2, as the panel's consent form would) and issues an invite (B1), which the
 * sandbox then sends to the bot as `/start <code>`, so that the real binding flow runs.
 */
/** What the sandbox needs of the core: the database, invites and the consent registry. */
export interface SandboxDeps {
  orm: MikroORM;
  invites: Invites;
  consents: Consents;
  i18n: i18n;
}

export async function prepareSandboxSignIn(core: SandboxDeps, kind: PersonKind, personId: number, botUsername: string): Promise<SandboxSignIn> {
  const telegramUserId = sandboxTelegramId(kind, personId);
  return RequestContext.create(core.orm.em, async () => {
    const em = core.orm.em;
    const bound = (await core.invites.bindingsOf(telegramUserId)).some((b) => b.personKind === kind && b.personId === personId);
    if (bound) return { telegramUserId, inviteCode: undefined };
    const schoolId = await schoolOf(em, kind, personId);
    const actor = await schoolAdministrator(em, schoolId);
    if (kind === 'guardian' && (await core.consents.current(personId))?.status !== 'given') {
      // Dated today at the school (the registry's default).
      await core.consents.record(personId, 'given', undefined, actor, translator(core.i18n, DEFAULT_LANGUAGE)('sandbox:consentNote'));
    }
    const invite = await core.invites.issue(kind, personId, actor, botUsername);
    return { telegramUserId, inviteCode: invite.code };
  });
}

async function schoolOf(em: EntityManager, kind: PersonKind, personId: number): Promise<number> {
  const person = kind === 'staff' ? await em.findOneOrFail(Staff, personId)
    : kind === 'student' ? await em.findOneOrFail(Student, personId) : await em.findOneOrFail(Guardian, personId);
  return person.school.id;
}

/** The school's administrator acting from the panel, as the person who would issue the invite; else the system. */
async function schoolAdministrator(em: EntityManager, schoolId: number): Promise<Actor> {
  const admins = await em.find(Staff, { school: schoolId, active: true }, { orderBy: { id: 'asc' } });
  const admin = admins.find((s) => s.roles.includes('administrator'));
  return (admin && (await staffActorFor(em, admin.id, 'panel'))) ?? systemActor('panel');
}
