import { DomainError } from '../base/errors.js';
import { describeProblem, type TFunction } from '../i18n/i18n.js';
import { formatImportErrors } from './format-errors.js';
import { ImportFailed } from './import-failed.js';

/** An import's or an export's failure in words (one line each), or undefined when it is not a domain error. */
export function describeFailure(t: TFunction, err: unknown): string[] | undefined {
  if (err instanceof ImportFailed) return formatImportErrors(t, err);
  if (err instanceof DomainError) return err.problems.map((p) => describeProblem(t, p));
  return undefined;
}
