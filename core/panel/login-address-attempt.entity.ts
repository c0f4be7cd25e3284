import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps } from '../db/timestamps.js';

/**
 * Failed panel logins from one client address (an IPv4 address, or an IPv6 /64 network), whatever the
 * e-mails typed: many e-mails tried from one place are throttled like many passwords of one e-mail. The
 * same columns as `login_attempt`, counted by the same code (login-throttle.ts) under its own policy.
 */
export const LoginAddressAttempt = defineEntity({
  name: 'LoginAddressAttempt',
  tableName: 'login_address_attempt',
  properties: {
    /** See addressKey() in client-address.ts. */
    address: p.string().primary(),
    /** Attempts in the current window, counted when they start; a successful one gives its own back. */
    failures: p.integer().default(0),
    windowStartedAt: p.datetime().nullable(),
    lastFailureAt: p.datetime().nullable(),
    locks: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    ...timestamps,
  },
});
export type LoginAddressAttempt = InferEntity<typeof LoginAddressAttempt>;
