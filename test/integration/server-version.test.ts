import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINIMUM_SERVER_VERSION_NUM, serverVersionNum } from '../../core/db/server-version.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('the server version check at connection', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(async () => t?.close());

  it('reads the connected server\'s server_version_num (the run\'s server, embedded or DATABASE_URL) and accepts it', async () => {
    const em = t.orm.em.fork();
    const [row] = await em.execute<{ v: number }[]>("select current_setting('server_version_num')::int as v");
    const read = await serverVersionNum(t.orm);
    expect(read).toBe(row!.v);
    expect(read).toBeGreaterThanOrEqual(MINIMUM_SERVER_VERSION_NUM);
  });
});
