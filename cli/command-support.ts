import type { MikroORM } from '@mikro-orm/postgresql';
import type { Actor } from '../core/access/actor.js';
import { AdminAccount } from '../core/accounts/admin-account.entity.js';
import type { Core } from '../core/core.js';
import { translator } from '../core/i18n/i18n.js';
import { describeFailure } from '../core/imports/describe-failure.js';
import { CommandFailed, UsageError } from './command.js';

/**
 * `--as <e-mail>`: the actor of that panel login, with its rights as the panel would resolve them (a class
 * teacher makes its class's reports only); the source says the command line.
 */
export async function staffLogin(core: Core, orm: MikroORM, email: string): Promise<Actor> {
  const account = await orm.em.fork().findOne(AdminAccount, { email: email.trim().toLowerCase() });
  const actor = account ? await core.unitOfWork(() => core.panel.actor(account.id)) : undefined;
  if (!actor) throw new UsageError(`No panel account that may sign in with e-mail ${email}`);
  return { ...actor, source: 'cli' };
}

/** Runs a command's work; a refusal becomes its lines of explanation in Russian. */
export async function reportFailure<T>(core: Core, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    const lines = describeFailure(translator(core.i18n, 'ru'), err);
    if (lines) throw new CommandFailed(lines.join('\n'));
    throw err;
  }
}
