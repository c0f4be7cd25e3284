import type { EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import { ValidationFailed } from '../base/errors.js';
import { stringProblems } from './string-limits.js';

/**
 * The last guard before PostgreSQL, for every writer (the record service, the journal, imports, the bot,
 * the CLI): a string too long for its column or holding NUL stops the flush with ValidationFailed, the
 * field named, instead of a driver error whose message carries the SQL and the row's values. Services
 * check their own input earlier, with all its problems at once; this catches whatever they do not.
 */
export class StringLimits implements EventSubscriber {
  onFlush({ uow }: FlushEventArgs): void {
    for (const changeSet of uow.getChangeSets()) {
      const problems = stringProblems(changeSet.meta, changeSet.payload as Record<string, unknown>);
      if (problems.length) throw new ValidationFailed(problems);
    }
  }
}
