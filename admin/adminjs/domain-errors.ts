import { ForbiddenError, NotFoundError, ValidationError } from 'adminjs';
import type { Core } from '../../core/core.js';
import { AccessDenied, DomainError, NotFound } from '../../core/errors.js';
import { describeProblem, translator } from '../../core/i18n/i18n.js';

/** Domain errors in AdminJS's terms, in Russian: a field's message under the field, the rest on top. */
export function toAdminError(core: Core, err: unknown): unknown {
  if (err instanceof AccessDenied) return new ForbiddenError();
  if (err instanceof NotFound) return new NotFoundError('', 'record');
  if (!(err instanceof DomainError)) return err;
  const t = translator(core.i18n, 'ru');
  const fields: Record<string, { message: string; type: string }> = {};
  const general: string[] = [];
  for (const p of err.problems) {
    const message = describeProblem(t, p);
    if (p.field && !fields[p.field]) fields[p.field] = { message, type: p.key };
    else general.push(message);
  }
  const summary = [...Object.values(fields).map((f) => f.message), ...general].join(' ');
  return new ValidationError(fields, { message: summary, type: 'validation' });
}
