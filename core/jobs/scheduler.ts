import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../base/logger.js';
import type { JobOutcome, JobRuns } from './job-runs.js';

/** What the scheduler needs of the core (the Core is one): a log, and a lock so one instance does a run. */
export interface JobHost {
  log: Logger;
  runExclusive(name: string, work: () => Promise<void>): Promise<boolean>;
  /** Which instance runs a slot of a job. */
  jobRuns: Pick<JobRuns, 'claim' | 'finish'>;
}

/** A job names what it needs of the core (`C`), so that a module's job does not import the whole Core. */
export interface Job<C extends JobHost = JobHost> {
  name: string;
  /** A cron expression, evaluated in `timezone`. */
  schedule: string;
  timezone?: string;
  run(core: C): Promise<void>;
}

export interface Scheduler {
  /** Waits for runs in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs each job on its schedule. With several instances running, exactly one of them runs each slot of a
 * job (the first to claim it in job_run, whatever their clocks' difference); the others skip it.
 */
export function startScheduler<C extends JobHost>(core: C, jobs: Job<C>[]): Scheduler {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      (context) => {
        const run = runJob(core, job, context.date).finally(() => running.delete(run));
        running.add(run);
        return run;
      },
      { name: job.name, timezone: job.timezone ?? 'UTC', noOverlap: true },
    ),
  );
  return {
    async stop() {
      for (const task of tasks) await task.stop();
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * Runs `job` unless another instance does: in its scheduled `slot`, only the instance that claims the slot
 * first (JobRuns); and never while a run of the job is still going anywhere (an advisory lock). Without a
 * slot (a test, a tool) only the lock applies.
 */
export async function runJob<C extends JobHost>(core: C, job: Job<C>, slot?: Date): Promise<boolean> {
  const started = performance.now();
  let outcome: JobOutcome = 'failed';
  let claimed = false;
  try {
    if (slot && !(claimed = await core.jobRuns.claim(job.name, slot))) {
      core.log.debug({ job: job.name, slot }, 'job slot taken by another instance');
      return false;
    }
    const ran = await core.runExclusive(`job:${job.name}`, () => job.run(core));
    outcome = ran ? 'done' : 'skipped';
    if (ran) core.log.info({ job: job.name, ms: Math.round(performance.now() - started) }, 'job done');
    return ran;
  } catch (err) {
    core.log.error({ job: job.name, err }, 'job failed');
    return false;
  } finally {
    if (claimed) await core.jobRuns.finish(job.name, slot!, outcome).catch(() => undefined);
  }
}
