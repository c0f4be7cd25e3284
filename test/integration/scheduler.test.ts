import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../core/core.js';
import { connectOrm } from '../../core/database.js';
import { ProcessedUpdate } from '../../core/telegram/processed-update.entity.js';
import { jobs } from '../../core/scheduled-jobs.js';
import { runJob, type Job } from '../../core/jobs/scheduler.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

describe('scheduled jobs', () => {
  let t: TestCore;

  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(async () => {
    await t.close();
  });

  it('runs a job on one instance only when two start it at once (advisory lock)', async () => {
    let runs = 0;
    const slow: Job = {
      name: 'slow-test-job',
      schedule: '* * * * *',
      run: async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 300));
      },
    };
    // Two cores on one database stand for two instances of the app.
    const sameDb = await createTestCoreOn(t);
    const results = await Promise.all([runJob(t.core, slow), runJob(sameDb.core, slow)]);
    await sameDb.orm.close(true);
    expect(results.sort()).toEqual([false, true]);
    expect(runs).toBe(1);
    expect(await runJob(t.core, slow)).toBe(true); // the lock was released
  });

  // The fault suite's two-instances scenario found each quarter-hour job run twice: a lock keeps runs from
  // overlapping, not an instance whose clock is behind from running the slot again after the first is done.
  it('runs a slot of a job once, however far apart two instances reach it', async () => {
    let runs = 0;
    const quick: Job = { name: 'quick-test-job', schedule: '*/15 * * * *', run: async () => void runs++ };
    const sameDb = await createTestCoreOn(t);
    const slot = new Date('2026-12-05T07:15:00Z');
    try {
      expect(await runJob(t.core, quick, slot)).toBe(true);
      // The other instance reaches the same slot later (its clock behind); a slot counts to the second.
      expect(await runJob(sameDb.core, quick, new Date(slot.getTime() + 400))).toBe(false);
      expect(runs).toBe(1);
      // The next slot is a run of its own.
      expect(await runJob(sameDb.core, quick, new Date('2026-12-05T07:30:00Z'))).toBe(true);
      expect(runs).toBe(2);
    } finally {
      await sameDb.orm.close(true);
    }
    const recorded = await t.orm.em.fork().getConnection().execute<{ outcome: string }[]>(`select outcome from job_run where job = 'quick-test-job' order by slot`);
    expect(recorded.map((r) => r.outcome)).toEqual(['done', 'done']);
  });

  it('forgets processed update ids after 24 hours', async () => {
    const em = t.orm.em.fork();
    const now = t.core.clock.now();
    em.create(ProcessedUpdate, { botId: 1, updateId: 1, receivedAt: new Date(now.getTime() - 25 * 3600_000) });
    em.create(ProcessedUpdate, { botId: 1, updateId: 2, receivedAt: new Date(now.getTime() - 23 * 3600_000) });
    await em.flush();
    const prune = jobs.find((j) => j.name === 'prune-processed-updates')!;
    expect(await runJob(t.core, prune)).toBe(true);
    const left = await t.orm.em.fork().find(ProcessedUpdate, {});
    expect(left.map((u) => u.updateId)).toEqual([2]);
  });
});

/** A second core on the same database: another instance of the app. */
async function createTestCoreOn(t: TestCore) {
  const orm = await connectOrm(t.database.connection);
  return { orm, core: await createCore(t.core.config, orm, t.core.log, t.core.clock) };
}
