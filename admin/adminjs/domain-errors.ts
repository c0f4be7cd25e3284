import { ForbiddenError, NotFoundError, ValidationError } from 'adminjs';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { refusalOf } from '../refusals.js';

/**
 * The core's errors in AdminJS's terms, in Russian: not allowed → its forbidden answer, not there → its
 * not-found, a rule broken → a field's message under the field and the rest on top. Faults pass through.
 */
export function toAdminError(core: Core, err: unknown): unknown {
  const refusal = refusalOf(err);
  if (!refusal) return err;
  if (refusal.status === 403) return new ForbiddenError();
  if (refusal.status === 404) return new NotFoundError('', 'record');
  const t = translator(core.i18n, 'ru');
  const fields: Record<string, { message: string; type: string }> = {};
  const general: string[] = [];
  const messages = refusal.describe(t);
  refusal.problems.forEach((p, i) => {
    const message = messages[i] ?? '';
    if (p.field && !fields[p.field]) fields[p.field] = { message, type: p.key };
    else general.push(message);
  });
  const summary = [...Object.values(fields).map((f) => f.message), ...general].join(' ');
  return new ValidationError(fields, { message: summary, type: 'validation' });
}

/** A record that is not there, or not the actor's to see, reads as none; a refusal of the right itself is thrown. */
export function noneUnlessForbidden(err: unknown): null {
  const refusal = refusalOf(err);
  if (!refusal) throw err;
  if (refusal.status === 403) throw new ForbiddenError();
  return null;
}

/**
 * A record action's refusal as the text of its error notice (nothing was done); not being allowed is
 * AdminJS's forbidden answer, and a fault is thrown on.
 */
export function refusalText(core: Core, err: unknown): string {
  const refusal = refusalOf(err);
  if (!refusal) throw err;
  if (refusal.status === 403) throw new ForbiddenError();
  return refusal.describe(translator(core.i18n, 'ru')).join(' ');
}
