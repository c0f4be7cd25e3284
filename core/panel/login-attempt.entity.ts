import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';

/**
 * Failed panel logins of one e-mail, whether or not an account has it (so that the answers do not tell
 * which accounts exist). Kept in PostgreSQL, so every instance counts the same attempts.
 */
export const LoginAttempt = defineEntity({
  name: 'LoginAttempt',
  tableName: 'login_attempt',
  properties: {
    /** The e-mail as typed, trimmed and lower-cased. */
    email: p.string().primary(),
    /** Attempts in the current window, counted when they start and forgotten when one succeeds. */
    failures: p.integer().default(0),
    windowStartedAt: p.datetime().nullable(),
    lastFailureAt: p.datetime().nullable(),
    /** Locks since the last successful login: the next one lasts twice as long. */
    locks: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    ...timestamps,
  },
});
export type LoginAttempt = InferEntity<typeof LoginAttempt>;
