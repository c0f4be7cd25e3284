import { DriverException } from '@mikro-orm/core';
import { DatabaseUnavailable } from './errors.js';

/** Network errors of a connection to a server that is not there (stopped, restarting, unreachable). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOENT', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a server going away or not taking connections: class 08 (connection exception), 57P01–57P03
 * (administrator shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
 */
const UNAVAILABLE_STATES = /^(08...|57P0[123]|53300)$/;
/** What node-postgres and knex say when a connection broke or none could be had (they give no code). */
const UNAVAILABLE_MESSAGES = /Connection terminated|connection error and is not queryable|Client was closed and is not queryable|Connection ended unexpectedly|Timeout acquiring a connection|terminating connection due to administrator command/i;

/**
 * Whether `err` says the database could not be reached (rather than that a statement was wrong): the work
 * that failed may be done again once it is back. Recognised by code, or by the driver's own words.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailable) return true;
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_STATES.test(code))) return true;
  // knex puts the failing statement before the driver's words ("select … - Connection terminated…").
  return UNAVAILABLE_MESSAGES.test(err.message);
}

/**
 * A database error as a log line or /healthz may show it: its code (SQLSTATE or network code) or kind,
 * never its message, which quotes the statement and its values ("insert into … values (…, 'Иванов', …)").
 */
export function databaseErrorReason(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w-]{1,40}$/.test(code)) return code;
  if (err instanceof Error && UNAVAILABLE_MESSAGES.test(err.message)) return 'connection lost';
  if (err instanceof DriverException) return err.name;
  return err instanceof Error ? err.name : 'unknown';
}

/** `err` as DatabaseUnavailable (its code only), for a transport to answer «try again later». */
export function asDatabaseUnavailable(err: unknown): DatabaseUnavailable {
  return err instanceof DatabaseUnavailable ? err : new DatabaseUnavailable(databaseErrorReason(err));
}
