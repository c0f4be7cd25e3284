import { DriverException } from '@mikro-orm/core';
import { pino, stdSerializers, type Logger, type DestinationStream } from 'pino';
import { databaseErrorReason } from './database-errors.js';

export type { Logger };

// Bot tokens end up in URLs of failed HTTP calls (".../bot123:AA.../sendMessage"); scrub them wherever they hide.
const TOKEN_PATTERN = /\d{5,}:[\w-]{30,}/g;

export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '<token>');
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const STACK_FRAME = /^\s+at /;

/**
 * A Telegram API error (telegraf's TelegramError, known by its shape: core imports no telegraf) carries the
 * whole outgoing request in `on.payload` (a PDF's bytes, a file name with a child's full name, a caption)
 * and the answer in `response`: only the method, the error code and retry_after are kept.
 */
function telegramFailure(err: Record<string, unknown>): { method: string; code: number; retryAfter?: number } | undefined {
  const on = err.on as { method?: unknown } | undefined;
  const response = err.response as { error_code?: unknown; parameters?: { retry_after?: unknown } } | undefined;
  if (typeof on !== 'object' || on === null || typeof on.method !== 'string' || typeof response !== 'object' || response === null) return undefined;
  const code = typeof response.error_code === 'number' ? response.error_code : Number(err.code);
  const retryAfter = response.parameters?.retry_after;
  return { method: on.method, code, ...(typeof retryAfter === 'number' ? { retryAfter } : {}) };
}

/** From the first statement on, a message is cut: «Migration … failed: Original error: create table "x" …». */
const STATEMENT = /(select|insert into|update "|update \w+ set|delete from|create (table|index|unique index|type)|alter table|drop table|with \w+ as)\b[\s\S]*$/i;

function withoutStatement(message: string): string {
  return message.replace(STATEMENT, '[statement left out]');
}

const isDatabaseError = (err: unknown) =>
  err instanceof DriverException || (typeof (err as { code?: unknown } | null)?.code === 'string' && SQLSTATE.test((err as { code: string }).code));

/** The errors that caused `err` (`cause`, or verror's `jse_cause` as umzug sets it), nearest first. */
function causesOf(err: Error): Error[] {
  const causes: Error[] = [];
  for (let at: unknown = err; causes.length < 5;) {
    const next: unknown = (at as { cause?: unknown; jse_cause?: unknown }).cause ?? (at as { jse_cause?: unknown }).jse_cause;
    if (!(next instanceof Error)) break;
    causes.push(next);
    at = next;
  }
  return causes;
}

const stackFrames = (stack: string | undefined) => (stack ?? '').split('\n').filter((line) => STACK_FRAME.test(line)).join('\n');

/**
 * Database errors quote the SQL and the failing row ("Failing row contains (…)"), which may hold a
 * child's name: for them only the kind, the SQLSTATE, the table, column, constraint and the stack frames
 * are kept; a driver error without one (a broken connection) keeps its kind and its network code. An error
 * caused by a database error (a failed migration) keeps its own message up to the statement, and its cause
 * as above. Telegram API errors keep the method and the error code (telegramFailure). Other errors keep
 * their message with tokens scrubbed.
 */
export function serializeError(err: Error): Record<string, unknown> {
  const databaseCause = causesOf(err).find(isDatabaseError);
  if (databaseCause && !isDatabaseError(err)) {
    return { type: err.name, message: withoutStatement(scrubSecrets(err.message)), stack: stackFrames(err.stack), cause: serializeError(databaseCause) };
  }
  const serialized = stdSerializers.err(err) as unknown as Record<string, unknown> & { message: string; stack?: string };
  if (typeof serialized.code === 'string' && SQLSTATE.test(serialized.code)) {
    const { type, code, table, column, constraint, routine } = serialized;
    return { type, code, table, column, constraint, routine, message: `${String(type)} (SQLSTATE ${code})`, stack: stackFrames(serialized.stack) };
  }
  // A driver error without a SQLSTATE (the connection broke, the server is gone) still quotes the statement
  // and its values before the driver's words: only its kind and its code or reason are kept.
  if (err instanceof DriverException) {
    const reason = databaseErrorReason(err);
    return { type: serialized.type, reason, message: `${String(serialized.type)} (${reason})`, stack: stackFrames(serialized.stack) };
  }
  const telegram = telegramFailure(err as unknown as Record<string, unknown>);
  if (telegram) {
    return { type: serialized.type, ...telegram, message: `Telegram ${telegram.method} failed with ${telegram.code}`, stack: stackFrames(serialized.stack) };
  }
  serialized.message = scrubSecrets(serialized.message);
  if (serialized.stack) serialized.stack = scrubSecrets(serialized.stack);
  return serialized;
}

/**
 * Structured JSON logs, one line per event. Secrets and personal data are removed by key
 * (passwords, tokens, cookies, Telegram profile fields, message text) and by pattern (bot tokens).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          'password', '*.password', 'token', '*.token', 'secret', '*.secret',
          'req.headers.cookie', 'req.headers.authorization', 'req.headers["x-telegram-bot-api-secret-token"]',
          'res.headers["set-cookie"]',
          '*.first_name', '*.last_name', '*.username', '*.phone_number', '*.text', '*.caption',
        ],
        censor: '[redacted]',
      },
      serializers: {
        // Query strings can carry names typed into the panel's search: requests are logged by path only.
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: req.url?.split('?')[0] }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
        err: serializeError,
      },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
