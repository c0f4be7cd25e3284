import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeWithoutJit } from '../../core/db/without-jit.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('executeWithoutJit', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(async () => t?.close());

  it('runs the statement with JIT off, and leaves the connections as they were', async () => {
    const em = t.orm.em.fork();
    const jit = async () => (await em.execute<{ jit: string }[]>("select current_setting('jit') as jit"))[0]!.jit;
    const before = await jit();
    const rows = await executeWithoutJit<{ jit: string; n: number }>(em, em.getKnex().raw("select current_setting('jit') as jit, ?::int as n", [7]));
    expect(rows).toEqual([{ jit: 'off', n: 7 }]);
    // SET LOCAL ends with its transaction: no pooled connection keeps it.
    for (let i = 0; i < 5; i++) expect(await jit()).toBe(before);
  });
});
