// npm run bench: runs every bench/*.ts but this one, one after another, each in its own process.
// npm run bench -- journal: only those whose file name contains one of the words given.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { npmStartNodeFlags } from './support/start-command.js';

const dir = import.meta.dirname;
const self = path.basename(import.meta.filename);
const only = process.argv.slice(2);
const benches = fs.readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== self && (only.length === 0 || only.some((word) => f.includes(word))))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark in bench/ matches ${only.join(', ')}`);
  process.exit(1);
}
// Each with the server's node flags (npm start's): several host the server in their own process.
const flags = await npmStartNodeFlags();
let failed = 0;
for (const bench of benches) {
  console.log(`\n▶ ${bench}`);
  const result = spawnSync(process.execPath, [...flags, '--import', 'tsx', path.join(dir, bench)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`✗ ${bench} failed (${result.status ?? result.signal})`);
  }
}
process.exit(failed ? 1 : 0);
