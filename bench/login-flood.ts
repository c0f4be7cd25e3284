// A burst of panel sign-ins (issue 12, point 9): 24 at once with different e-mails and wrong passwords, as
// the probe sent them, against the real HTTP server (buildServer) on a real PostgreSQL, while /healthz is
// asked every 25 ms. Prints, per scenario, how many passwords were checked with argon2, the most checks at
// once, the answers (200 = refused login form, 429 = throttled or «too many attempts»), and the health
// check's latency during the burst (its median and max) next to its latency at rest.
// Scenarios: the burst from one client address, from 24 addresses, and the same 24-address burst with the
// bounds lifted (no per-address throttle, no limit on parallel checks: the code before issue 12).
// Run alone: npx tsx bench/login-flood.ts [burst=24]. DATABASE_URL set: a throwaway database on that
// server; otherwise embedded PostgreSQL in a temp directory.
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../admin/server.js';
import { createCore, type Core } from '../core/core.js';
import { createLogger } from '../core/base/logger.js';
import { AdminAccounts } from '../core/panel/admin-accounts.js';
import { PasswordChecks } from '../core/panel/password-checks.js';
import { systemClock } from '../core/time/clock.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';

const BURST = Number(process.argv[2] ?? 24);
if (!Number.isInteger(BURST) || BURST <= 0) throw new Error('usage: login-flood.ts [burst]');
const HEALTH_EVERY_MS = 25;

const cleanups: Cleanup[] = [];
const cleanUp = async () => {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function healthLatency(app: FastifyInstance): Promise<number> {
  const started = performance.now();
  const res = await app.inject({ method: 'GET', url: '/healthz' });
  if (res.statusCode !== 200) throw new Error(`/healthz answered ${res.statusCode}`);
  return performance.now() - started;
}

interface Outcome {
  scenario: string;
  checks: number;
  peak: number;
  answers: Record<number, number>;
  healthMedian: number;
  healthMax: number;
  seconds: number;
}

async function burst(app: FastifyInstance, core: Core, scenario: string, round: number, addressOf: (i: number) => string): Promise<Outcome> {
  const checks = core.adminAccounts.passwordChecks;
  const before = checks.stats.checks;
  const peakBefore = checks.stats.peak;
  checks.stats.peak = 0;
  const health: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      health.push(await healthLatency(app));
      await new Promise((resolve) => setTimeout(resolve, HEALTH_EVERY_MS));
    }
  })();
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: BURST }, (_, i) =>
    app.inject({ method: 'POST', url: '/admin/login', payload: { email: `guess${round}-${i}@school.example`, password: 'wrong-password' }, remoteAddress: addressOf(i) })));
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await probe;
  const outcome: Outcome = {
    scenario,
    checks: checks.stats.checks - before,
    peak: checks.stats.peak,
    answers: {},
    healthMedian: median(health),
    healthMax: Math.max(...health),
    seconds,
  };
  checks.stats.peak = Math.max(peakBefore, checks.stats.peak);
  for (const res of answers) outcome.answers[res.statusCode] = (outcome.answers[res.statusCode] ?? 0) + 1;
  return outcome;
}

try {
  const log = createLogger('warn');
  const config = benchConfig(await benchTempDir(cleanups), { LOG_LEVEL: 'silent' });
  const { orm } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, createLogger('silent'), systemClock);
  await core.unitOfWork(() => core.adminAccounts.ensureConfigured('admin@school.example', 'right-password-123'));
  const app = await buildServer(core);
  cleanups.push({ what: 'HTTP server', run: () => app.close() });

  const rest: number[] = [];
  for (let i = 0; i < 20; i++) rest.push(await healthLatency(app));
  console.log(`/healthz at rest: median ${median(rest).toFixed(1)} ms, max ${Math.max(...rest).toFixed(1)} ms; ${os.cpus().length} CPUs, load average ${os.loadavg()[0]!.toFixed(1)}`);

  const outcomes: Outcome[] = [];
  outcomes.push(await burst(app, core, `${BURST} at once, one address`, 1, () => '198.51.100.7'));
  outcomes.push(await burst(app, core, `${BURST} at once, ${BURST} addresses`, 2, (i) => `100.64.${i}.1`));
  // The code before issue 12: no per-address throttle (no address passed on) and no bound on parallel checks.
  const unbounded = new AdminAccounts(() => orm.em, core.audit, core.clock, new PasswordChecks({ atOnce: 10_000, waiting: 0, waitMs: 0 }));
  const login = unbounded.login.bind(unbounded);
  unbounded.login = (email, password) => login(email, password);
  core.adminAccounts = unbounded;
  outcomes.push(await burst(app, core, `${BURST} at once, unbounded (before)`, 3, (i) => `100.65.${i}.1`));

  console.log('\n| scenario | argon2 checks | sign-ins at once (most) | answers | /healthz median ms | /healthz max ms | burst s |');
  console.log('|---|---:|---:|---|---:|---:|---:|');
  for (const o of outcomes) {
    const answers = Object.entries(o.answers).map(([status, n]) => `${n} × ${status}`).join(', ');
    console.log(`| ${o.scenario} | ${o.checks} | ${o.peak} | ${answers} | ${o.healthMedian.toFixed(1)} | ${o.healthMax.toFixed(1)} | ${o.seconds.toFixed(2)} |`);
  }
} finally {
  await cleanUp();
}
