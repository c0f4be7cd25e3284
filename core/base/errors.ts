/**
 * What went wrong, as data: a message key in the `errors` namespace with its parameters, and the field it
 * concerns. Each transport turns problems into text in the user's language.
 */
export interface Problem {
  key: string;
  params?: Record<string, string | number>;
  field?: string;
}

export class DomainError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.key).join(', '));
    this.name = new.target.name;
  }
}

/** Input breaks a rule of the regulations or of the data model; nothing was saved. */
export class ValidationFailed extends DomainError {}

/** The actor may not do this to this target. */
export class AccessDenied extends DomainError {
  constructor(permission: string) {
    super([{ key: 'accessDenied', params: { permission } }]);
  }
}

/** The target does not exist, or exists in another school (which, for the actor, is the same thing). */
export class NotFound extends DomainError {
  constructor(entity: string) {
    super([{ key: 'notFound', params: { entity } }]);
  }
}

/** Someone else changed the row since it was read; the caller should reload and try again. */
export class ConcurrentChange extends DomainError {
  constructor() {
    super([{ key: 'concurrentChange' }]);
  }
}

/**
 * The request proves no one: a Mini App's initData that is forged, expired, replayed or of nobody bound to the
 * bot. `reason` is for the log and the tests; the user is told the same whatever it is.
 */
export class NotSignedIn extends DomainError {
  constructor(readonly reason: string) {
    super([{ key: 'notSignedIn' }]);
  }
}

export function problem(key: string, field?: string, params?: Problem['params']): Problem {
  return { key, ...(field ? { field } : {}), ...(params ? { params } : {}) };
}

/** Throws ValidationFailed when any problem was found. */
export function assertNoProblems(problems: (Problem | undefined)[]): void {
  const found = problems.filter((p): p is Problem => p !== undefined);
  if (found.length) throw new ValidationFailed(found);
}

/**
 * The database could not be reached, so the work was not done (and nothing of it was kept): a transport
 * answers «try again later» (the webhook: 503, and Telegram delivers the update again). It carries no
 * statement and no value, only the driver's code.
 */
export class DatabaseUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`database unavailable (${reason})`);
    this.name = 'DatabaseUnavailable';
  }
}
