// The journal grid Mini App (issue 19, point 4) on a class of 30 students with 70 lessons in the term
// (bench/support/term-journal.ts, the same class as the panel's journal-page bench). Measures, over many runs
// on a warm process:
//   grid     — the core's grid for the teacher: rights, the period's set queries, the cells, the editing
//              state; the target: ≤ 500 ms on the server;
//   HTTP     — the same through GET /app/api/grid with initData (its check, the identity, JSON, gzip);
//   first load — every byte the phone downloads to show the grid, as served (gzip where the server
//              compresses): the page, its scripts and style, the session, the choices and the grid;
//              the target: ≤ 150 KB.
// Run alone: npx tsx bench/miniapp.ts [runs=40]. DATABASE_URL set: a throwaway database on that server;
// otherwise embedded PostgreSQL in a temp directory.
import os from 'node:os';
import { gunzipSync } from 'node:zlib';
import { buildServer } from '../admin/server.js';
import { staffActorFor } from '../core/people/staff-actor.js';
import type { Cleanup } from './support/bench-database.js';
import { openMiniAppCore, signedInTeacher } from './support/miniapp-bench.js';
import { measureRuns } from './support/measure.js';
import { countSqlStatements } from './support/sql-statements.js';
import { LESSONS, STUDENTS, seedTermJournal } from './support/term-journal.js';

const RUNS = Number(process.argv[2] ?? 40);
if (!Number.isInteger(RUNS) || RUNS < 5) throw new Error('usage: miniapp.ts [runs ≥ 5]');
const WARM_UP = 5;
const NOW = new Date('2026-12-20T09:00:00Z');
const TELEGRAM_ID = 5_000_001;
const ASSETS = ['app.js', 'api.js', 'telegram.js', 'grid.js', 'editor.js', 'dom.js', 'app.css'];
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

const statements = countSqlStatements();
const cleanups: Cleanup[] = [];

try {
  const { core, orm, embedded, token } = await openMiniAppCore(NOW, cleanups);
  console.log(`database: ${embedded ? 'embedded PostgreSQL (temp dir)' : 'DATABASE_URL (throwaway database)'}; ${STUDENTS} students, ${LESSONS} lessons, ${RUNS} runs after ${WARM_UP} to warm up`);
  console.log(`load average at the start: ${os.loadavg()[0]!.toFixed(1)} (${os.cpus().length} cores)`);
  const { school, assignment, period, teacher } = await seedTermJournal(core, orm.em);
  const actor = (await staffActorFor(orm.em.fork(), teacher, 'bot'))!;
  const initData = await signedInTeacher(orm, token, NOW, TELEGRAM_ID, school, teacher);

  const app = await buildServer(core);
  cleanups.push({ what: 'HTTP server', run: () => app.close() });
  const get = async (url: string, signed: boolean) => {
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br', ...(signed ? { authorization: `tma ${initData}` } : {}) } });
    if (res.statusCode !== 200) throw new Error(`${url}: HTTP ${res.statusCode} ${res.body}`);
    return res;
  };
  const gridUrl = `/app/api/grid?assignment=${assignment}&period=${period}`;

  // What the phone downloads to show the grid, as the server sends it.
  const firstLoad = [
    ['page', '/app/journal', false], ...ASSETS.map((a) => [a, `/app/assets/${a}`, false] as const),
    ['session', '/app/api/session', true], ['choices', `/app/api/choices?assignment=${assignment}`, true], ['grid', gridUrl, true],
  ] as const;
  const sizes: [string, number, number, boolean][] = [];
  for (const [name, url, signed] of firstLoad) {
    const res = await get(url, signed);
    const sent = res.rawPayload.length;
    const gzipped = res.headers['content-encoding'] === 'gzip';
    const plain = gzipped ? gunzipSync(res.rawPayload).length : sent;
    sizes.push([name, plain, sent, gzipped]);
  }

  const results = [
    await measureRuns('grid (core, teacher)', () => core.unitOfWork(() => core.journalGrids.grid(assignment, period, actor)), { runs: RUNS, warmUp: WARM_UP, statements }),
    await measureRuns('HTTP GET /app/api/grid (initData, gzip)', () => get(gridUrl, true), { runs: RUNS, warmUp: WARM_UP, statements }),
  ];

  console.log(['first load', 'bytes', 'sent', 'gzip'].join('\t'));
  for (const [name, plain, sent, gzipped] of sizes) console.log([name, plain, sent, gzipped ? 'yes' : 'no'].join('\t'));
  const total = sizes.reduce((sum, [, , sent]) => sum + sent, 0);
  console.log(`first load: ${kb(total)} KB sent (${kb(sizes.reduce((sum, [, plain]) => sum + plain, 0))} KB before compression); target ≤ 150 KB: ${total <= 150 * 1024 ? 'within' : 'OVER'}`);
  console.log(['what', 'median ms', 'p95 ms', 'max ms', 'SQL/run'].join('\t'));
  for (const r of results) console.log([r.name, r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), r.sql.toFixed(1)].join('\t'));
  const target = results[0]!;
  console.log(`target (issue 19): a class of ${STUDENTS} × ${LESSONS} lessons ≤ 500 ms on the server — median ${target.p50.toFixed(0)} ms, p95 ${target.p95.toFixed(0)} ms: ${target.p95 <= 500 ? 'within' : 'OVER'}`);
  console.log(`load average at the end: ${os.loadavg()[0]!.toFixed(1)}; peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
}
