import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { npmStartNodeFlags } from '../../bench/support/start-command.js';

// The server's V8 limits are set where it is started: package.json's start script (`npm start`) and the
// image's CMD. bench/memory.ts and bench/start.ts measure the former, so the image must not differ from it.
describe('node flags of the server', () => {
  it('are the same for npm start and the Docker image, and cap old space below V8\'s default, without pretenuring', async () => {
    const flags = await npmStartNodeFlags();
    const cmd = /^CMD (\[.*\])$/m.exec(fs.readFileSync('Dockerfile', 'utf8'))?.[1];
    expect(JSON.parse(cmd!)).toEqual(['node', ...flags, 'dist/main.js']);
    // Below 2 GB (64-bit) V8 lets old space grow 1.3–2.0 times its live size before a major collection, not 4.
    const oldSpace = Number(flags.find((f) => f.startsWith('--max-old-space-size='))?.split('=')[1]);
    expect(oldSpace).toBeGreaterThanOrEqual(768);
    expect(oldSpace).toBeLessThan(2048);
    // Allocation-site pretenuring puts the objects of a site whose objects often outlive a young collection
    // straight into old space: under a burst of taps the transaction's short-lived objects got there (knex's
    // per-transaction instance), old space grew 14 MB/s, and each major collection stalled taps 80–130 ms.
    expect(flags).toContain('--no-allocation-site-pretenuring');
  });
});
