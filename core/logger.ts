import { pino, stdSerializers, type Logger, type DestinationStream } from 'pino';

export type { Logger };

// Bot tokens end up in URLs of failed HTTP calls (".../bot123:AA.../sendMessage"); scrub them wherever they hide.
const TOKEN_PATTERN = /\d{5,}:[\w-]{30,}/g;

export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '<token>');
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const STACK_FRAME = /^\s+at /;

/**
 * Database errors quote the SQL and the failing row ("Failing row contains (…)"), which may hold a
 * child's name: for them only the kind, the SQLSTATE, the table, column, constraint and the stack frames
 * are kept. Other errors keep their message with tokens scrubbed.
 */
export function serializeError(err: Error): Record<string, unknown> {
  const serialized = stdSerializers.err(err) as unknown as Record<string, unknown> & { message: string; stack?: string };
  if (typeof serialized.code === 'string' && SQLSTATE.test(serialized.code)) {
    const { type, code, table, column, constraint, routine } = serialized;
    const frames = (serialized.stack ?? '').split('\n').filter((line) => STACK_FRAME.test(line)).join('\n');
    return { type, code, table, column, constraint, routine, message: `${String(type)} (SQLSTATE ${code})`, stack: frames };
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
