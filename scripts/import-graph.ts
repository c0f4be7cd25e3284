// The import graph of the product's own code (core/, bot/, admin/ and the entry files), at file level and at
// module level, with its strongly connected components: scripts/module-graph.ts prints it and
// test/unit/module-graph.test.ts fails on any cycle. Type-only imports count: a cycle is a cycle for the reader.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ROOTS = ['core', 'bot', 'admin', 'app.ts', 'main.ts', 'cli.ts'];

export type Graph = Map<string, Set<string>>;

export interface ImportGraph {
  /** file → files it imports (paths relative to the project root, with '/') */
  files: Graph;
  /** module → modules it imports (no self-edges) */
  modules: Graph;
  /** one file edge per module edge, "from → to", for the report */
  example: (fromModule: string, toModule: string) => [string, string] | undefined;
}

/** core/<dir>/… → its folder name; core/*.ts → core-root; bot/ and admin/ as wholes; app.ts → app. */
export function moduleOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'core') return parts.length > 2 ? `core/${parts[1]}` : 'core-root';
  if (parts.length === 1) return parts[0]!.replace(/\.ts$/, '');
  return parts[0]!;
}

function listFiles(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  const stat = fs.statSync(full);
  if (stat.isFile()) return entry.endsWith('.ts') && !entry.endsWith('.d.ts') ? [entry] : [];
  return fs
    .readdirSync(full)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => listFiles(root, `${entry}/${name}`));
}

/** A relative specifier to a file of the graph: './x.js' → x.ts (or x/index.ts); anything else → undefined. */
function resolve(from: string, specifier: string, known: Set<string>): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`, base];
  return candidates.find((c) => known.has(c));
}

export function buildImportGraph(root: string, roots: string[] = ROOTS): ImportGraph {
  const list = roots.flatMap((r) => listFiles(root, r)).sort();
  const known = new Set(list);
  const files: Graph = new Map();
  for (const file of list) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const info = ts.preProcessFile(text, true, true);
    const targets = new Set<string>();
    for (const ref of info.importedFiles) {
      const target = resolve(file, ref.fileName, known);
      if (target && target !== file) targets.add(target);
    }
    files.set(file, targets);
  }
  const modules: Graph = new Map();
  const examples = new Map<string, [string, string]>();
  for (const [from, targets] of files) {
    const m = moduleOf(from);
    if (!modules.has(m)) modules.set(m, new Set());
    for (const to of targets) {
      const n = moduleOf(to);
      if (n === m) continue;
      modules.get(m)!.add(n);
      const key = `${m}\0${n}`;
      if (!examples.has(key)) examples.set(key, [from, to]);
    }
  }
  return { files, modules, example: (a, b) => examples.get(`${a}\0${b}`) };
}

/** Tarjan's strongly connected components; only those that are cycles (more than one node, or a self-loop). */
export function findCycles(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const nodes = new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])]);

  // Iterative, so a long chain of files cannot overflow the call stack.
  for (const start of [...nodes].sort()) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: [...(graph.get(node) ?? [])].sort()[Symbol.iterator]() });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const to = step.value;
        if (!index.has(to)) enter(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let node: string;
        do {
          node = stack.pop()!;
          onStack.delete(node);
          component.push(node);
        } while (node !== frame.node);
        if (component.length > 1 || graph.get(frame.node)?.has(frame.node)) found.push(component.sort());
      }
    }
  }
  return found.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** A shortest closed walk through `start` inside its component (its first node by default): a readable example cycle. */
export function exampleCycle(graph: Graph, component: string[], start = component[0]!): string[] {
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of [...(graph.get(node) ?? [])].sort()) {
      if (!inside.has(to)) continue;
      if (to === start) {
        const walk = [node];
        while (walk[0] !== start) walk.unshift(previous.get(walk[0]!)!);
        return [...walk, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start];
}

/**
 * Every cycle as text: each component, the pairs in it that import each other, then a shortest cycle
 * through each of its members (the same cycle once), each module step with one file edge that makes it.
 */
export function describeCycles(graph: ImportGraph): string[] {
  const lines: string[] = [];
  for (const component of findCycles(graph.modules)) {
    lines.push(`module cycle: ${component.join(', ')}`);
    for (const a of component) {
      for (const b of component) {
        if (a < b && graph.modules.get(a)?.has(b) && graph.modules.get(b)?.has(a)) {
          lines.push(`  ${a} ↔ ${b}   (${graph.example(a, b)!.join(' → ')}; ${graph.example(b, a)!.join(' → ')})`);
        }
      }
    }
    const seen = new Set<string>();
    for (const start of component) {
      const walk = exampleCycle(graph.modules, component, start);
      const key = [...walk.slice(1)].sort().join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      lines.push(`  ${walk.join(' → ')}`);
      for (let i = 0; i + 1 < walk.length; i++) {
        const [from, to] = graph.example(walk[i]!, walk[i + 1]!)!;
        lines.push(`      ${from} → ${to}`);
      }
    }
  }
  for (const component of findCycles(graph.files)) {
    lines.push(`file cycle: ${component.join(', ')}`);
    const walk = exampleCycle(graph.files, component);
    lines.push(`  ${walk.join(' → ')}`);
  }
  return lines;
}
