// What a full load of the panel's pages weighs and how long it takes (issue 20, point 1), in Chromium against
// the real HTTP server (buildServer) with the demo school and its demo administrator (the deployment's, who
// sees every resource: the largest page state). Per page: the bytes over the wire and unpacked — the HTML
// (and, inside it or beside it, AdminJS's state of every resource), our and AdminJS's scripts, styles and
// fonts — and the time to the page's load event: a cold load (a fresh browser profile, nothing cached) and
// a warm one (the same page opened again, as a person moving through the panel does), the median of RUNS.
// Run alone: npx tsx bench/panel-pages.ts [runs=5]. DATABASE_URL set: a throwaway database on that server;
// otherwise embedded PostgreSQL in a temp directory. Say the load average with any number you quote.
import os from 'node:os';
import type { BrowserContext, Response } from 'playwright-core';
import { buildServer } from '../admin/server.js';
import { createLogger } from '../core/base/logger.js';
import { createCore } from '../core/core.js';
import { seedDemoSchool } from '../core/demo/seed-demo-school.js';
import { Student } from '../core/people/student.entity.js';
import { systemClock } from '../core/time/clock.js';
import { launchChromium } from '../test/browser/chromium.js';
import { benchConfig, benchTempDir, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { percentile } from './support/measure.js';

const RUNS = Number(process.argv[2] ?? 5);
if (!Number.isInteger(RUNS) || RUNS <= 0) throw new Error('usage: panel-pages.ts [runs]');

const cleanups: Cleanup[] = [];
const cleanUp = async () => {
  for (const { what, run } of cleanups.reverse()) await run().catch((err: unknown) => console.error(`cleanup: ${what} failed:`, err));
};

type Kind = 'html' | 'state' | 'js' | 'css' | 'font' | 'data';
interface Weight { wire: number; unpacked: number }
type Weights = Record<Kind, Weight>;
const KINDS: Kind[] = ['html', 'state', 'js', 'css', 'font', 'data'];
const emptyWeights = (): Weights => Object.fromEntries(KINDS.map((k) => [k, { wire: 0, unpacked: 0 }])) as Weights;

function kindOf(response: Response): Kind {
  const type = response.headers()['content-type'] ?? '';
  const url = new URL(response.url());
  if (/\/panel-state(\.|\/)/.test(url.pathname)) return 'state';
  if (type.startsWith('text/html')) return 'html';
  if (/javascript/.test(type)) return 'js';
  if (type.startsWith('text/css')) return 'css';
  if (/font|woff/.test(type)) return 'font';
  return 'data';
}

/** The state AdminJS writes into the page itself (`window.REDUX_STATE = …` in an inline script), in bytes. */
const INLINE_STATE = /window\.REDUX_STATE = (.*?);\n/s;

interface Load { ms: number; weights: Weights }

/** Opens `url` in `context`, counting every answer until the load event and the network is quiet. */
async function load(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  const weights = emptyWeights();
  const pending: Promise<void>[] = [];
  page.on('response', (response) => {
    pending.push((async () => {
      const kind = kindOf(response);
      const sizes = await response.request().sizes().catch(() => undefined);
      const body = await response.body().catch(() => Buffer.alloc(0));
      // A cached answer costs no bytes on the wire (Chromium serves it from its cache: status 200, nothing sent).
      const fromCache = sizes !== undefined && sizes.responseBodySize === 0 && body.length > 0;
      weights[kind].wire += fromCache ? 0 : (sizes?.responseBodySize ?? body.length);
      weights[kind].unpacked += body.length;
      if (kind === 'html') {
        const state = INLINE_STATE.exec(body.toString('utf8'))?.[1];
        if (state) weights.state.unpacked += Buffer.byteLength(state);
      }
    })());
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForFunction('performance.getEntriesByType("navigation")[0]?.loadEventEnd > 0');
  // The navigation's own timing, read in the page (a string: the bench is compiled without the DOM's types).
  const ms = await page.evaluate<number>('(() => { const n = performance.getEntriesByType("navigation")[0]; return n.loadEventEnd - n.startTime; })()');
  await Promise.all(pending);
  await page.close();
  return { ms, weights };
}

const kb = (bytes: number) => (bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0);
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

try {
  const log = createLogger('silent');
  const config = benchConfig(await benchTempDir(cleanups), { LOG_LEVEL: 'silent' });
  const { orm } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);
  await seedDemoSchool(orm.em.fork(), systemClock);
  const demo = await core.unitOfWork(() => core.adminAccounts.ensureDemo());
  if (!demo) throw new Error('no demo administrator was made');
  const [student] = await orm.em.fork().find(Student, {}, { orderBy: { id: 'asc' }, limit: 1 });
  if (!student) throw new Error('the demo school has no students');

  const app = await buildServer(core);
  cleanups.push({ what: 'HTTP server', run: () => app.close() });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await launchChromium();
  cleanups.push({ what: 'Chromium', run: () => browser.close() });

  // Signed in once; every cold load then starts from a fresh profile holding only the session cookie.
  const signIn = await browser.newContext();
  const loginPage = await signIn.newPage();
  await loginPage.goto(`${base}/admin/login`);
  await loginPage.fill('input[name=email]', demo.email);
  await loginPage.fill('input[name=password]', demo.password);
  await loginPage.getByRole('button', { name: 'Войти' }).click();
  await loginPage.waitForURL(/\/admin\/?$/);
  const session = await signIn.storageState();
  await signIn.close();

  const pages: [string, string, boolean][] = [
    ['login', '/admin/login', false],
    ['home', '/admin', true],
    ['students', '/admin/resources/Student', true],
    ['student', `/admin/resources/Student/records/${student.id}/show`, true],
    ['staff', '/admin/resources/Staff', true],
    ['upload', '/admin/resources/Staff/actions/dataTransfer', true],
    ['journal', '/admin/pages/journal', true],
  ];

  console.log(`panel pages, demo administrator, ${RUNS} runs each; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, ${os.cpus().length} cores`);
  console.log('\n| page | HTML KB wire / unpacked | state KB | JS KB wire / unpacked | CSS KB | fonts KB | data KB | cold total KB wire / unpacked | warm KB wire | cold load ms (median) | warm load ms (median) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const [name, path, signedIn] of pages) {
    const cold: Load[] = [];
    const warm: Load[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext(signedIn ? { storageState: session } : {});
      cold.push(await load(context, `${base}${path}`));
      warm.push(await load(context, `${base}${path}`));
      await context.close();
    }
    const w = cold[0]!.weights;
    // The inline state is part of the HTML's bytes; a state script of its own is counted as itself.
    const inline = w.state.wire === 0;
    const sum = (weights: Weights, side: keyof Weight) =>
      KINDS.reduce((total, k) => total + (k === 'state' && inline && side === 'unpacked' ? 0 : weights[k][side]), 0);
    const state = `${kb(w.state.unpacked)}${inline ? ' inline' : ` (${kb(w.state.wire)} wire)`}`;
    console.log(`| ${name} | ${kb(w.html.wire)} / ${kb(w.html.unpacked)} | ${state} | ${kb(w.js.wire)} / ${kb(w.js.unpacked)} | ${kb(w.css.wire)} | ${kb(w.font.wire)} | ${kb(w.data.wire)} | ${kb(sum(w, 'wire'))} / ${kb(sum(w, 'unpacked'))} | ${kb(sum(warm[0]!.weights, 'wire'))} | ${median(cold.map((l) => l.ms)).toFixed(0)} | ${median(warm.map((l) => l.ms)).toFixed(0)} |`);
  }
} finally {
  await cleanUp();
}
