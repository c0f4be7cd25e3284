import { ForbiddenError, NotFoundError, ValidationError } from 'adminjs';
import type { Core } from '../../core/core.js';
import { translator } from '../../core/i18n/i18n.js';
import { DEFAULT_LANGUAGE, type Language } from '../../core/i18n/languages.js';
import { refusalOf } from '../refusals.js';

/**
 * The core's errors in AdminJS's terms, in the panel's language: not allowed → its forbidden answer, not
 * there → its not-found, a rule broken → each field's message beside its field (the first one for the
 * field: one message each), and what names no field of the form on top. With every problem beside its
 * field, the notice on top is AdminJS's «check the fields below», not the messages again.
 */
export function toAdminError(core: Core, err: unknown, language: Language = DEFAULT_LANGUAGE, formFields?: ReadonlySet<string>): unknown {
  const refusal = refusalOf(err);
  if (!refusal) return err;
  if (refusal.status === 403) return new ForbiddenError();
  if (refusal.status === 404) return new NotFoundError('', 'record');
  const fields: Record<string, { message: string; type: string }> = {};
  const general: string[] = [];
  const messages = refusal.describe(translator(core.i18n, language));
  refusal.problems.forEach((p, i) => {
    const message = messages[i] ?? '';
    if (p.field && (!formFields || formFields.has(p.field))) fields[p.field] ??= { message, type: p.key };
    else if (!general.includes(message)) general.push(message);
  });
  return new ValidationError(fields, general.length ? { message: general.join(' '), type: 'validation' } : undefined);
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
export function refusalText(core: Core, err: unknown, language: Language = DEFAULT_LANGUAGE): string {
  const refusal = refusalOf(err);
  if (!refusal) throw err;
  if (refusal.status === 403) throw new ForbiddenError();
  return refusal.describe(translator(core.i18n, language)).join(' ');
}
