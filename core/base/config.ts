import path from 'node:path';
import { z } from 'zod';
import { validate as isCronExpression } from 'node-cron';

/** PostgreSQL connections a process keeps at most, unless DATABASE_POOL_SIZE says otherwise. */
export const DEFAULT_POOL_SIZE = 20;

// Defaults that make `npm start` work with no environment. Production refuses them (see refineProduction).
export const DEV_SESSION_SECRET = 'dev-only-session-secret-change-me-0123456789';
export const DEV_WEBHOOK_SECRET = 'dev-only-webhook-secret';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const optionalUrl = (protocols: string[]) =>
  optionalString.refine(
    (v) => v === undefined || isUrl(v, protocols),
    `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
  );

function isUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: optionalUrl(['postgres:', 'postgresql:']),
    EMBEDDED_PG_DIR: z.string().trim().min(1).default('data/pg'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(6).max(200).default(DEFAULT_POOL_SIZE),
    PUBLIC_URL: optionalUrl(['https:', 'http:']),
    TELEGRAM_BOT_TOKEN: optionalString.refine(
      (v) => v === undefined || /^\d+:[\w-]{20,}$/.test(v),
      'must look like 123456789:AA… (the token @BotFather gave)',
    ),
    TELEGRAM_API_ROOT: optionalUrl(['https:', 'http:']),
    TELEGRAM_WEBHOOK_SECRET: optionalString.refine(
      (v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(v),
      'must be 16–256 characters of A–Z, a–z, 0–9, _ and - (Telegram allows only these)',
    ),
    TELEGRAM_WEBHOOK_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(40),
    BOT_HANDLER_TIMEOUT_MS: z.coerce.number().int().min(1000).max(55_000).default(50_000),
    NOTIFY_COALESCE_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
    NOTIFY_IDLE_SECONDS: z.coerce.number().int().min(0).max(600).default(10),
    NOTIFY_POLL_INTERVAL_MS: z.coerce.number().int().min(20).max(60_000).default(1000),
    NOTIFY_GLOBAL_PER_SECOND: z.coerce.number().positive().max(1000).default(30),
    NOTIFY_PER_CHAT_PER_SECOND: z.coerce.number().positive().max(100).default(1),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
    NOTIFY_RETRY_BASE_SECONDS: z.coerce.number().positive().max(3600).default(5),
    NOTIFY_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
    ADMIN_EMAIL: optionalString.refine((v) => v === undefined || z.email().safeParse(v).success, 'must be an e-mail address'),
    ADMIN_PASSWORD: optionalString.refine((v) => v === undefined || v.length >= 10, 'must be at least 10 characters'),
    SESSION_SECRET: optionalString.refine((v) => v === undefined || v.length >= 32, 'must be at least 32 characters'),
    ARCHIVE_DIR: z.string().trim().min(1).default('data/archive'),
    KEYS_DIR: z.string().trim().min(1).default('data/keys'),
    BACKUP_DIR: z.string().trim().min(1).default('data/backups'),
    BACKUP_KEEP_LOCAL: z.coerce.number().int().min(1).max(1000).default(7),
    BACKUP_CRON: z.string().trim().default('30 2 * * *').refine((v) => v === 'off' || isCronExpression(v), 'must be a cron expression (e.g. 30 2 * * *) or off'),
    BACKUP_S3_ENDPOINT: optionalUrl(['https:', 'http:']),
    BACKUP_S3_REGION: z.string().trim().min(1).default('us-east-1'),
    BACKUP_S3_BUCKET: optionalString,
    BACKUP_S3_ACCESS_KEY_ID: optionalString,
    BACKUP_S3_SECRET_ACCESS_KEY: optionalString,
    BACKUP_S3_PREFIX: z.string().trim().default('klassny-backups').transform((v) => v.replace(/^\/+|\/+$/g, '')),
    BACKUP_KEEP_S3: z.coerce.number().int().min(1).max(10_000).default(30),
  })
  .superRefine((env, ctx) => {
    const issue = (variable: string, message: string) => ctx.addIssue({ code: 'custom', path: [variable], message });
    if ((env.ADMIN_EMAIL === undefined) !== (env.ADMIN_PASSWORD === undefined)) {
      issue(env.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL', 'ADMIN_EMAIL and ADMIN_PASSWORD are set together');
    }
    if (env.PUBLIC_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      issue('TELEGRAM_WEBHOOK_SECRET', 'is required when PUBLIC_URL is set (webhook mode)');
    }
    // The dispatcher starts a send only while the lease outlasts the send's time-out (and 2 s to record it):
    // a shorter lease would claim notifications and never send them.
    if (env.NOTIFY_LEASE_SECONDS * 1000 < env.NOTIFY_SEND_TIMEOUT_MS + 5000) {
      issue('NOTIFY_LEASE_SECONDS', 'must be at least NOTIFY_SEND_TIMEOUT_MS + 5 s (a claimed notification needs time to be sent)');
    }
    // Secrets come from the environment only: no shared credentials file or instance profile is consulted.
    if (env.BACKUP_S3_BUCKET && (!env.BACKUP_S3_ACCESS_KEY_ID || !env.BACKUP_S3_SECRET_ACCESS_KEY)) {
      issue(env.BACKUP_S3_ACCESS_KEY_ID ? 'BACKUP_S3_SECRET_ACCESS_KEY' : 'BACKUP_S3_ACCESS_KEY_ID', 'is required when BACKUP_S3_BUCKET is set');
    }
    if (env.NODE_ENV !== 'production') return;
    const required = ['TELEGRAM_BOT_TOKEN', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SESSION_SECRET'] as const;
    for (const name of required) if (!env[name]) issue(name, 'is required in production');
    if (env.SESSION_SECRET === DEV_SESSION_SECRET) issue('SESSION_SECRET', 'is the development default; set a secret of your own');
    if (env.TELEGRAM_WEBHOOK_SECRET === DEV_WEBHOOK_SECRET) {
      issue('TELEGRAM_WEBHOOK_SECRET', 'is the development default; set a secret of your own');
    }
    if (env.PUBLIC_URL && !env.PUBLIC_URL.startsWith('https://')) issue('PUBLIC_URL', 'must be https:// in production');
  });

export type Env = z.input<typeof schema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  isProduction: boolean;
  logLevel: string;
  http: { host: string; port: number };
  /** `poolSize`: connections the process keeps to PostgreSQL at most (the bot's updates use all but a few, see unit-of-work.ts). */
  database: ({ url: string } | { embeddedDir: string }) & { poolSize: number };
  publicUrl: string | undefined;
  telegram: {
    token: string | undefined;
    apiRoot: string | undefined;
    webhookSecret: string;
    /** setWebhook's max_connections: updates Telegram sends at once, to all instances behind PUBLIC_URL together. */
    webhookMaxConnections: number;
    handlerTimeoutMs: number;
  };
  admin: { email: string; password: string } | undefined;
  sessionSecret: string;
  notifications: NotificationSettings;
  /** The year-end journal archives (F1): sets of PDFs with their signed manifests, under this directory. */
  archive: { dir: string };
  /** Where the deployment's signing key pair lives (core/integrity): archives and backups are signed with it. */
  integrity: { keysDir: string };
  backup: BackupSettings;
}

/** Backups (F2): see core/backup/. */
export interface BackupSettings {
  dir: string;
  keepLocal: number;
  /** A cron expression (UTC); undefined: no scheduled backups (BACKUP_CRON=off). */
  cron: string | undefined;
  /** The S3-compatible destination, when a bucket is set. */
  s3: S3Settings | undefined;
}

export interface S3Settings {
  endpoint: string | undefined;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  prefix: string;
  keep: number;
}

/** The outbox and its dispatcher (D10, H2): see core/notifications/. */
export interface NotificationSettings {
  /** The upper bound of a batch: a recipient's events go out at the latest this long after the first one. */
  coalesceSeconds: number;
  /** A batch goes out once its lessons' entries (or its chat) had no news for this long; the window still bounds it. */
  idleSeconds: number;
  /** How often the dispatcher looks for due notifications when it has nothing to do. */
  pollIntervalMs: number;
  /** Telegram's limits: messages a second for the whole bot, and to one chat. */
  globalPerSecond: number;
  perChatPerSecond: number;
  /** Tries of a message that fails with 5xx, a time-out or a network error before it is marked failed. */
  maxAttempts: number;
  /** The first retry's delay; each further one doubles it (at most an hour). */
  retryBaseSeconds: number;
  sendTimeoutMs: number;
  /** How long a dispatcher owns the notifications it claimed; a crashed one's come back after it. */
  leaseSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates an environment (the process's, read in core/config.ts, or a test's own) once; every other module
 * receives the result.
 */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    isProduction: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL,
    http: { host: env.HOST, port: env.PORT },
    database: { ...(env.DATABASE_URL ? { url: env.DATABASE_URL } : { embeddedDir: path.resolve(env.EMBEDDED_PG_DIR) }), poolSize: env.DATABASE_POOL_SIZE },
    publicUrl: env.PUBLIC_URL?.replace(/\/+$/, ''),
    telegram: {
      token: env.TELEGRAM_BOT_TOKEN,
      apiRoot: env.TELEGRAM_API_ROOT,
      webhookSecret: env.TELEGRAM_WEBHOOK_SECRET ?? DEV_WEBHOOK_SECRET,
      webhookMaxConnections: env.TELEGRAM_WEBHOOK_MAX_CONNECTIONS,
      handlerTimeoutMs: env.BOT_HANDLER_TIMEOUT_MS,
    },
    admin: env.ADMIN_EMAIL && env.ADMIN_PASSWORD ? { email: env.ADMIN_EMAIL.toLowerCase(), password: env.ADMIN_PASSWORD } : undefined,
    sessionSecret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
    notifications: {
      coalesceSeconds: env.NOTIFY_COALESCE_SECONDS,
      idleSeconds: env.NOTIFY_IDLE_SECONDS,
      pollIntervalMs: env.NOTIFY_POLL_INTERVAL_MS,
      globalPerSecond: env.NOTIFY_GLOBAL_PER_SECOND,
      perChatPerSecond: env.NOTIFY_PER_CHAT_PER_SECOND,
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
      retryBaseSeconds: env.NOTIFY_RETRY_BASE_SECONDS,
      sendTimeoutMs: env.NOTIFY_SEND_TIMEOUT_MS,
      leaseSeconds: env.NOTIFY_LEASE_SECONDS,
    },
    archive: { dir: path.resolve(env.ARCHIVE_DIR) },
    integrity: { keysDir: path.resolve(env.KEYS_DIR) },
    backup: {
      dir: path.resolve(env.BACKUP_DIR),
      keepLocal: env.BACKUP_KEEP_LOCAL,
      cron: env.BACKUP_CRON === 'off' ? undefined : env.BACKUP_CRON,
      s3: env.BACKUP_S3_BUCKET && env.BACKUP_S3_ACCESS_KEY_ID && env.BACKUP_S3_SECRET_ACCESS_KEY
        ? {
          endpoint: env.BACKUP_S3_ENDPOINT, region: env.BACKUP_S3_REGION, bucket: env.BACKUP_S3_BUCKET, accessKeyId: env.BACKUP_S3_ACCESS_KEY_ID,
          secretAccessKey: env.BACKUP_S3_SECRET_ACCESS_KEY, prefix: env.BACKUP_S3_PREFIX, keep: env.BACKUP_KEEP_S3,
        }
        : undefined,
    },
  };
}
