import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type UpdateOutcome = 'handled' | 'duplicate' | 'failed';

/** One registry per core, so tests can build several without clashing on global state. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    telegramUpdates: new Counter({
      name: 'klassny_telegram_updates_total',
      help: 'Telegram updates received, by type and outcome',
      labelNames: ['type', 'outcome'] as const,
      registers: [registry],
    }),
    telegramBotUp: new Gauge({
      name: 'klassny_telegram_bot_up',
      help: 'Whether the bot receives its updates from Telegram (1) or not: starting, or its calls to Telegram failing (0)',
      registers: [registry],
    }),
    httpRequests: new Counter({
      name: 'klassny_http_requests_total',
      help: 'HTTP requests served, by method, route and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'klassny_http_request_duration_seconds',
      help: 'HTTP request duration in seconds, by method and route',
      labelNames: ['method', 'route'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    backups: new Counter({
      name: 'klassny_backups_total',
      help: 'Backups delivered to a destination (local, s3), by result (success, failed)',
      labelNames: ['destination', 'result'] as const,
      registers: [registry],
    }),
    backupLastSuccess: new Gauge({
      name: 'klassny_backup_last_success_timestamp_seconds',
      help: 'When the last backup this instance took reached a destination (Unix time); alert when it grows old',
      labelNames: ['destination'] as const,
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
