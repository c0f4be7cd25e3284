// Compares two V8 heap snapshots (.heapsnapshot, as --heapsnapshot-signal or v8.writeHeapSnapshot write them):
// objects counted and their own bytes summed by constructor (node name) and type, then the rows that grew the
// most from the first to the second. What keeps growing under a steady load is what leaks.
// npx tsx bench/support/heap-diff.ts <early.heapsnapshot> <late.heapsnapshot> [rows=30]
import fs from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** `type:name` → { count, bytes } over every node of the snapshot. */
export function heapByConstructor(file: string): Map<string, { count: number; bytes: number }> {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const byName = new Map<string, { count: number; bytes: number }>();
  for (let i = 0; i < data.nodes.length; i += fields.length) {
    const type = types[data.nodes[i + typeAt]!]!;
    // Strings and code are named by their content: one row per type is enough for them.
    const name = type === 'object' || type === 'closure' || type === 'native' ? data.strings[data.nodes[i + nameAt]!]! : '';
    const key = `${type}:${name.slice(0, 80)}`;
    const row = byName.get(key) ?? { count: 0, bytes: 0 };
    row.count++;
    row.bytes += data.nodes[i + sizeAt]!;
    byName.set(key, row);
  }
  return byName;
}

if (process.argv[1] && import.meta.filename === fs.realpathSync(process.argv[1])) {
  const [early, late, rows = '30'] = process.argv.slice(2);
  if (!early || !late) throw new Error('usage: heap-diff.ts <early.heapsnapshot> <late.heapsnapshot> [rows]');
  const a = heapByConstructor(early);
  const b = heapByConstructor(late);
  const total = (m: typeof a) => [...m.values()].reduce((s, r) => ({ count: s.count + r.count, bytes: s.bytes + r.bytes }), { count: 0, bytes: 0 });
  const [ta, tb] = [total(a), total(b)];
  console.log(`objects ${ta.count} → ${tb.count}, own bytes ${(ta.bytes / 1e6).toFixed(1)} → ${(tb.bytes / 1e6).toFixed(1)} MB`);
  const diff = [...new Set([...a.keys(), ...b.keys()])].map((key) => {
    const [x, y] = [a.get(key) ?? { count: 0, bytes: 0 }, b.get(key) ?? { count: 0, bytes: 0 }];
    return { key, count: y.count - x.count, bytes: y.bytes - x.bytes, was: x.count };
  }).sort((p, q) => q.bytes - p.bytes);
  console.log('grew the most (own bytes):');
  for (const d of diff.slice(0, Number(rows))) console.log(`  ${(d.bytes / 1e3).toFixed(0).padStart(9)} KB  ${String(d.count).padStart(8)} objects (was ${d.was})  ${d.key}`);
  console.log('grew the most (count):');
  for (const d of [...diff].sort((p, q) => q.count - p.count).slice(0, Number(rows))) console.log(`  ${String(d.count).padStart(8)} objects (was ${d.was})  ${(d.bytes / 1e3).toFixed(0).padStart(9)} KB  ${d.key}`);
}
