import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, describeCycles, exampleCycle, findCycles, moduleOf, type Graph } from '../../scripts/import-graph.js';

const graphOf = (edges: Record<string, string[]>): Graph => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

describe('the cycle finder (scripts/import-graph.ts)', () => {
  it('finds every strongly connected component of a made-up graph, self-loops included, and nothing in a tree', () => {
    const graph = graphOf({
      a: ['b'], b: ['c'], c: ['a', 'd'], // a → b → c → a
      d: ['e'], e: ['d'], // d ↔ e, reached from the first cycle
      f: ['f'], // a self-loop
      g: ['a', 'h'], h: [], // no cycle through g or h
    });
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['d', 'e'], ['f']]);
    expect(exampleCycle(graph, ['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycles(graphOf({ root: ['x', 'y'], x: ['y'], y: [] }))).toEqual([]);
  });

  it('names modules: a folder of core/, the root files of core/ together, bot/ and admin/ as wholes', () => {
    expect(moduleOf('core/journal/formulas/index.ts')).toBe('core/journal');
    expect(moduleOf('core/core.ts')).toBe('core-root');
    expect(moduleOf('bot/features/journal/flow.ts')).toBe('bot');
    expect(moduleOf('app.ts')).toBe('app');
  });
});

describe("the product's import graph", () => {
  // core/, bot/, admin/ and the entry files (not tests, which may import anything).
  const graph = buildImportGraph(path.resolve(import.meta.dirname, '../..'));

  it('is read: files and their imports are found', () => {
    expect(graph.files.get('core/core.ts')?.size).toBeGreaterThan(10);
    expect(graph.modules.get('bot')?.has('core-root')).toBe(true);
  });

  it('has no cycle between modules and none between files (npx tsx scripts/module-graph.ts explains one)', () => {
    expect(describeCycles(graph)).toEqual([]);
  });
});
