import readline from 'node:readline';
import type { Readable } from 'node:stream';

/** What V8's collector did over a stretch of time, read from its `--trace-gc-nvp` lines. */
export interface GcTally {
  scavenges: number;
  /** Full (mark-compact) collections, whether they ran incrementally or at once. */
  markCompacts: number;
  /** Bytes allocated since the previous collection, summed: the program's allocation over the stretch. */
  allocated: number;
  /** Bytes a scavenge moved from the young generation into old space: what only a major collection frees. */
  promoted: number;
  /** Milliseconds the main thread stood still for scavenges and for mark-compacts. */
  scavengePauseMs: number;
  markCompactPauseMs: number;
}

const empty = (): GcTally => ({ scavenges: 0, markCompacts: 0, allocated: 0, promoted: 0, scavengePauseMs: 0, markCompactPauseMs: 0 });

/**
 * Tallies a process's `--trace-gc-nvp` output (one `name=value` line a collection, on its stdout) as it comes;
 * `take()` returns the tally since the previous `take()`, so each stretch of a run (a minute, the time after
 * the level) gets its own. Lines that are not the collector's are ignored.
 */
export function tallyGcTrace(stdout: Readable): { take: () => GcTally } {
  let current = empty();
  const lines = readline.createInterface({ input: stdout });
  lines.on('line', (line) => {
    const kind = / gc=(\w+) /.exec(line)?.[1];
    if (!kind) return;
    const field = (name: string) => Number(new RegExp(` ${name}=([\\d.]+)`).exec(line)?.[1] ?? 0);
    const pause = field('pause');
    current.allocated += field('allocated');
    if (kind === 's' || kind === 'mmc') { // mmc: the young generation's mark-compact (--minor-mc), a scavenge's stand-in
      current.scavenges++;
      current.promoted += field('promoted');
      current.scavengePauseMs += pause;
    } else if (kind === 'mc') {
      current.markCompacts++;
      current.markCompactPauseMs += pause;
    }
  });
  return {
    take: () => {
      const taken = current;
      current = empty();
      return taken;
    },
  };
}
