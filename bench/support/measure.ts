import os from 'node:os';

/** This process's CPU time so far (user and system), in ms. */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
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
