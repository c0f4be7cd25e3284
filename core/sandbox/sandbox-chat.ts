import { RequestContext } from '@mikro-orm/postgresql';
import type { SandboxDeps } from './sandbox-access.js';
import type { PersonKind } from '../people/person-kinds.js';
import { prepareSandboxSignIn, type SandboxSignIn } from './sandbox-access.js';
import { listSandboxPeople, type SandboxPerson } from './sandbox-people.js';

/** The sandbox's «who are you?» list: everyone of every school who could sign in to the bot today. */
export function sandboxPeople(core: SandboxDeps): Promise<SandboxPerson[]> {
  return RequestContext.create(core.orm.em, () => listSandboxPeople(core.orm.em));
}

/**
 * Signs the sandbox chat in as a person of that list: the person (undefined if not on the list) and what
 * to send the bot (see prepareSandboxSignIn). A refusal of the core (a DomainError) is thrown.
 */
export async function sandboxSignIn(core: SandboxDeps, kind: PersonKind, id: number, botUsername: string): Promise<(SandboxSignIn & { person: SandboxPerson }) | undefined> {
  const person = (await sandboxPeople(core)).find((p) => p.kind === kind && p.id === id);
  if (!person) return undefined;
  return { person, ...(await prepareSandboxSignIn(core, kind, id, botUsername)) };
}
