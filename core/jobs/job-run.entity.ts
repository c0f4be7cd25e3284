import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A scheduled job's run in one slot (the time its schedule named): the first instance to write the row runs
 * it, every other instance whose clock reaches the same slot finds the row and does not.
 */
export const JobRun = defineEntity({
  name: 'JobRun',
  tableName: 'job_run',
  properties: {
    job: p.string().length(100).primary(),
    slot: p.datetime().primary(),
    claimedAt: p.datetime(),
    finishedAt: p.datetime().nullable(),
    /** done, failed, or skipped (the previous slot's run still going). */
    outcome: p.string().length(20).nullable(),
  },
  primaryKeys: ['job', 'slot'],
});
export type JobRun = InferEntity<typeof JobRun>;
