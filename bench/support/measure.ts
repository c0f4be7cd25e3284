import fs from 'node:fs/promises';
import os from 'node:os';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

/** This process's CPU time so far (user and system), in ms. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * The main thread of process `pid` so far, from Linux's /proc/<pid>/schedstat, in ms: `run`, its time on a CPU;
 * `wait`, its time runnable but waiting for one (another process ran there: a PostgreSQL backend it woke, the
 * load generator). A single-threaded server is saturated when run + wait reaches the wall time; undefined
 * where the file is not there (not Linux, schedstats off).
 */
export async function threadSchedule(pid = process.pid): Promise<{ run: number; wait: number } | undefined> {
  const text = await fs.readFile(`/proc/${pid}/schedstat`, 'utf8').catch(() => undefined);
  const [run, wait] = (text ?? '').trim().split(' ').map(Number);
  return run === undefined || wait === undefined || Number.isNaN(run) || Number.isNaN(wait) ? undefined : { run: run / 1e6, wait: wait / 1e6 };
}

/** What stopped this process's thread over a stretch: the collector's pauses, and the event loop's delays. */
export interface Stalls {
  gcPauses: number;
  gcLongestMs: number;
  loopDelayP99Ms: number;
  loopDelayLongestMs: number;
}

/**
 * Starts watching this process's stalls (perf_hooks: the collector's pauses; the event loop's delay, sampled
 * every millisecond); the returned function stops and gives them. A latency tail much longer than the longest
 * stall is queueing, not a stall.
 */
export function watchStalls(): () => Stalls {
  const pauses: number[] = [];
  const gc = new PerformanceObserver((list) => pauses.push(...list.getEntries().map((e) => e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  return () => {
    loop.disable();
    gc.disconnect();
    return { gcPauses: pauses.length, gcLongestMs: Math.max(0, ...pauses), loopDelayP99Ms: loop.percentile(99) / 1e6, loopDelayLongestMs: loop.max / 1e6 };
  };
}

/** The 1-, 5- and 15-minute load averages, as the benchmarks print them. */
export const loadAverage = () => os.loadavg().map((l) => l.toFixed(1)).join(' ');

/** Percentile of sorted numbers (nearest rank). */
export const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * Times `work` `runs` times after `warmUp` untimed runs: the median, p95 and slowest run in ms, and the SQL
 * statements one run sends (`statements` is the process's counter, bench/support/sql-statements.ts).
 */
export async function measureRuns(name: string, work: () => Promise<unknown>, options: { runs: number; warmUp: number; statements: () => number }) {
  for (let i = 0; i < options.warmUp; i++) await work();
  const times: number[] = [];
  const before = options.statements();
  for (let i = 0; i < options.runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  const sql = (options.statements() - before) / options.runs;
  times.sort((a, b) => a - b);
  return { name, p50: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1) ?? NaN, sql };
}
