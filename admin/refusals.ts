import { AccessDenied, DomainError, NotFound, NotSignedIn, type Problem } from '../core/base/errors.js';
import { describeProblem, type TFunction } from '../core/i18n/i18n.js';
import { formatImportErrors } from '../core/imports/format-errors.js';
import { ImportFailed } from '../core/imports/import-failed.js';

/** A refusal of the core as the web answers it: a status and the problems, to be put in the user's words. */
export interface Refusal {
  status: 401 | 403 | 404 | 422;
  problems: readonly Problem[];
  /** The problems in words, in the language of `t`. */
  describe(t: TFunction): string[];
}

const refusal = (status: Refusal['status'], problems: readonly Problem[]): Refusal => ({
  status,
  problems,
  describe: (t) => problems.map((p) => describeProblem(t, p)),
});

/**
 * The one place that tells the core's errors apart, for every route and AdminJS resource of the web side:
 * not allowed (403, without saying which permission), not there (404), breaks a rule (422; a failed
 * import names its lines). Anything else is no refusal but a fault (undefined).
 */
export function refusalOf(err: unknown): Refusal | undefined {
  if (err instanceof NotSignedIn) return refusal(401, err.problems);
  if (err instanceof AccessDenied) return refusal(403, [{ key: 'accessDenied' }]);
  if (err instanceof NotFound) return refusal(404, err.problems);
  if (err instanceof ImportFailed) return { ...refusal(422, err.problems), describe: (t) => formatImportErrors(t, err) };
  if (err instanceof DomainError) return refusal(422, err.problems);
  return undefined;
}
