import fs from 'node:fs';
import path from 'node:path';

/** What a fault scenario measured: how often it tried, and what was lost or done twice. */
export interface Figures {
  tries: number;
  lost: number;
  doubled: number;
  [detail: string]: number | string;
}

/**
 * Prints a scenario's figures and appends them to FAULTS_REPORT (default test-results/faults.jsonl), one JSON
 * line per scenario, so CI keeps them and the README's reliability section can quote a run.
 */
export function recordFigures(scenario: string, figures: Figures): void {
  const line = { scenario, ...figures, at: new Date().toISOString() };
  const file = process.env.FAULTS_REPORT ?? path.join('test-results', 'faults.jsonl');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  console.log(`[faults] ${scenario}: ${Object.entries(figures).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}
