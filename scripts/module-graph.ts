// Prints the module graph (module → modules it imports) and every cycle between modules or files, with one
// example import per step: npx tsx scripts/module-graph.ts. Exit code 1 if there is a cycle.
import path from 'node:path';
import { buildImportGraph, describeCycles } from './import-graph.js';

const graph = buildImportGraph(path.resolve(import.meta.dirname, '..'));

console.log(`${graph.files.size} files, ${graph.modules.size} modules\n`);
for (const [module, targets] of [...graph.modules].sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${module} → ${[...targets].sort().join(', ') || '(nothing)'}`);
}
const cycles = describeCycles(graph);
console.log(cycles.length === 0 ? '\nno cycles' : `\n${cycles.join('\n')}`);
process.exitCode = cycles.length === 0 ? 0 : 1;
