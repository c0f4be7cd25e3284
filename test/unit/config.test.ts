import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_SESSION_SECRET, DEV_WEBHOOK_SECRET, loadConfig } from '../../core/base/config.js';

const TOKEN = '123456789:AAF-abcdefghijklmnopqrstuvwxyz012345';
const production = {
  NODE_ENV: 'production',
  TELEGRAM_BOT_TOKEN: TOKEN,
  ADMIN_EMAIL: 'admin@school.example',
  ADMIN_PASSWORD: 'a-long-password',
  SESSION_SECRET: 'x'.repeat(40),
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('runs with no environment at all: embedded database, port 3000, long polling, demo defaults', () => {
    const config = loadConfig({});
    expect(config.env).toBe('development');
    expect(config.http.port).toBe(3000);
    expect(config.database).toEqual({ embeddedDir: expect.stringMatching(/data\/pg$/), poolSize: 20 });
    expect(config.publicUrl).toBeUndefined();
    expect(config.telegram.token).toBeUndefined();
    expect(config.admin).toBeUndefined();
    // A lesson's news goes out 10 s after its entry's last, at the latest 120 s after its first.
    expect([config.notifications.idleSeconds, config.notifications.coalesceSeconds]).toEqual([10, 120]);
  });

  it('uses DATABASE_URL when set, and treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/klassny' }).database).toEqual({ url: 'postgres://u:p@db:5432/klassny', poolSize: 20 });
    expect(loadConfig({ DATABASE_POOL_SIZE: '32' }).database.poolSize).toBe(32);
    expect(loadConfig({ DATABASE_URL: '' }).database).toHaveProperty('embeddedDir');
  });

  it.each([
    ['PORT', { PORT: 'eighty' }],
    ['PORT', { PORT: '70000' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/db' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '2' }],
    ['PUBLIC_URL', { PUBLIC_URL: 'school.example', TELEGRAM_WEBHOOK_SECRET: 'a-secret-of-sixteen' }],
    ['TELEGRAM_BOT_TOKEN', { TELEGRAM_BOT_TOKEN: 'not-a-token' }],
    ['TELEGRAM_API_ROOT', { TELEGRAM_API_ROOT: 'ftp://bots' }],
    ['TELEGRAM_WEBHOOK_SECRET', { TELEGRAM_WEBHOOK_SECRET: 'short' }],
    // Telegram takes 1–100.
    ['TELEGRAM_WEBHOOK_MAX_CONNECTIONS', { TELEGRAM_WEBHOOK_MAX_CONNECTIONS: '0' }],
    ['TELEGRAM_WEBHOOK_MAX_CONNECTIONS', { TELEGRAM_WEBHOOK_MAX_CONNECTIONS: '101' }],
    ['ADMIN_EMAIL', { ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'a-long-password' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'short' }],
    ['ADMIN_PASSWORD', { ADMIN_EMAIL: 'a@b.example' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
    ['TELEGRAM_WEBHOOK_SECRET', { PUBLIC_URL: 'https://school.example' }],
    // A lease shorter than a send could claim notifications and never send them (the fault suite found it).
    ['NOTIFY_LEASE_SECONDS', { NOTIFY_LEASE_SECONDS: '5' }],
    ['NOTIFY_LEASE_SECONDS', { NOTIFY_LEASE_SECONDS: '20', NOTIFY_SEND_TIMEOUT_MS: '16000' }],
    ['NOTIFY_IDLE_SECONDS', { NOTIFY_IDLE_SECONDS: '-1' }],
    ['NOTIFY_IDLE_SECONDS', { NOTIFY_IDLE_SECONDS: '601' }],
    ['NOTIFY_IDLE_SECONDS', { NOTIFY_IDLE_SECONDS: 'soon' }],
  ])('names %s when it is wrong', (variable, env) => {
    const found = problems(env);
    expect(found.some((p) => p.startsWith(`${variable}:`))).toBe(true);
  });

  it('names every bad variable at once', () => {
    const found = problems({ PORT: 'x', LOG_LEVEL: 'loud', TELEGRAM_BOT_TOKEN: 'nope' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT', 'TELEGRAM_BOT_TOKEN']);
  });

  it('refuses production without the bot token, an administrator or a session secret', () => {
    const found = problems({ NODE_ENV: 'production' });
    for (const variable of ['TELEGRAM_BOT_TOKEN', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'SESSION_SECRET']) {
      expect(found.some((p) => p.startsWith(`${variable}:`))).toBe(true);
    }
  });

  it('refuses production with a default secret', () => {
    expect(problems({ ...production, SESSION_SECRET: DEV_SESSION_SECRET })).toEqual([expect.stringMatching(/^SESSION_SECRET: .*default/)]);
    const webhook = { ...production, PUBLIC_URL: 'https://school.example', TELEGRAM_WEBHOOK_SECRET: DEV_WEBHOOK_SECRET };
    expect(problems(webhook)).toEqual([expect.stringMatching(/^TELEGRAM_WEBHOOK_SECRET: .*default/)]);
  });

  it('accepts a complete production configuration in webhook mode', () => {
    const config = loadConfig({ ...production, PUBLIC_URL: 'https://school.example/', TELEGRAM_WEBHOOK_SECRET: 'prod_secret-0123456789' });
    expect(config.isProduction).toBe(true);
    expect(config.publicUrl).toBe('https://school.example');
    expect(config.admin).toEqual({ email: 'admin@school.example', password: 'a-long-password' });
  });

  it('prints the problems, not the values', () => {
    const message = (() => {
      try {
        loadConfig({ ADMIN_EMAIL: 'a@b.example', ADMIN_PASSWORD: 'tiny' });
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    })();
    expect(message).toContain('ADMIN_PASSWORD');
    expect(message).not.toContain('tiny');
  });
});
