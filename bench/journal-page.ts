// The panel's «Журнал» page (issue 13, point 3): a class of 30 students with 70 lessons in the term, marks,
// absences and homework as a busy teacher leaves them. Measures, over many runs on a warm process:
//   page   — the core's page data (rights, the period's set queries, the cells) plus the page's HTML, the
//            issue's target: ≤ 300 ms on the server;
//   HTTP   — the same through the panel's route with a signed-in deputy head (session, actor, headers);
//   PDF / XLSX — «Печать» (informative).
// Prints the median and p95 of each, and the SQL statements one page takes.
// Run alone: npx tsx bench/journal-page.ts [runs=60]. DATABASE_URL set: a throwaway database on that server;
// otherwise embedded PostgreSQL in a temp directory.
import os from 'node:os';
import { journalHtml } from '../admin/adminjs/journal-page-html.js';
import { buildServer } from '../admin/server.js';
import { staffActorFor } from '../core/people/staff-actor.js';
import { createCore } from '../core/core.js';
import { translator } from '../core/i18n/i18n.js';
import { createLogger } from '../core/base/logger.js';
import { fixedClock } from '../core/time/clock.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { measureRuns } from './support/measure.js';
import { DEPUTY_LOGIN, LESSONS, PANEL_PASSWORD, STUDENTS, seedTermJournal } from './support/term-journal.js';
import { countSqlStatements } from './support/sql-statements.js';

const RUNS = Number(process.argv[2] ?? 60);
if (!Number.isInteger(RUNS) || RUNS < 5) throw new Error('usage: journal-page.ts [runs ≥ 5]');
const WARM_UP = 5;

const statements = countSqlStatements();

const cleanups: Cleanup[] = [];

const measure = (name: string, work: () => Promise<unknown>) => measureRuns(name, work, { runs: RUNS, warmUp: WARM_UP, statements });

try {
  const log = createLogger('warn');
  const config = benchConfig(await benchTempDir(cleanups));
  const { orm, embedded } = await openBenchDatabase(config, log, cleanups);
  // Mid-term, so the page is the term's: every lesson is in the past.
  const core = await createCore(config, orm, log, fixedClock('2026-12-20T09:00:00Z'));
  console.log(`database: ${embedded ? 'embedded PostgreSQL (temp dir)' : 'DATABASE_URL (throwaway database)'}; ${STUDENTS} students, ${LESSONS} lessons, ${RUNS} runs after ${WARM_UP} to warm up`);
  console.log(`load average at the start: ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} cores)`);
  const { assignment, period, deputy } = await seedTermJournal(core, orm.em);
  const actor = (await staffActorFor(orm.em.fork(), deputy, 'panel'))!;
  const t = translator(core.i18n, 'ru');

  const app = await buildServer(core);
  cleanups.push({ what: 'HTTP server', run: () => app.close() });
  const login = await app.inject({ method: 'POST', url: '/admin/login', payload: { email: DEPUTY_LOGIN, password: PANEL_PASSWORD } });
  const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('klassny_panel='))?.split(';')[0];
  if (!cookie) throw new Error(`the deputy could not sign in (HTTP ${login.statusCode})`);

  let html = 0;
  const data = () => core.unitOfWork(async () => ({
    page: await core.journalPages.page(assignment, period, actor),
    choices: await core.journalPages.choices(actor, { assignmentId: assignment, periodId: period }),
  }));
  const sample = await data();
  const results = [
    await measure('page data + HTML', async () => {
      const { page, choices } = await data();
      html = journalHtml(choices, page, t, 'ru', () => '#', () => '#').length;
    }),
    await measure('  of which page data', data),
    await measure('  of which HTML', async () => journalHtml(sample.choices, sample.page, t, 'ru', () => '#', () => '#')),
    await measure('HTTP GET /admin/data/journal/view', async () => {
      const res = await app.inject({ method: 'GET', url: `/admin/data/journal/view?assignment=${assignment}&period=${period}`, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    }),
    await measure('PDF («Печать»)', () => core.unitOfWork(() => core.journalPages.print(assignment, period, 'pdf', actor))),
    await measure('XLSX', () => core.unitOfWork(() => core.journalPages.print(assignment, period, 'xlsx', actor))),
  ];
  console.log(`page HTML: ${(html / 1024).toFixed(0)} KB`);
  console.log(['what', 'median ms', 'p95 ms', 'max ms', 'SQL/run'].join('\t'));
  for (const r of results) console.log([r.name, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), r.sql.toFixed(1)].join('\t'));
  const target = results[0]!;
  console.log(`target (issue 13): page data + HTML ≤ 300 ms — median ${target.p50.toFixed(0)} ms, p95 ${target.p95.toFixed(0)} ms: ${target.p95 <= 300 ? 'within' : 'OVER'}`);
  console.log(`load average at the end: ${os.loadavg()[0]!.toFixed(1)}; peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
}
