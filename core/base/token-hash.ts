import { createHash } from 'node:crypto';

/**
 * What the database keeps of a one-time secret (an invite code, a panel sign-in link's token): its SHA-256,
 * hex. The secret itself is random and long enough that no salt or slow hash is needed; it is looked up by
 * this hash.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
