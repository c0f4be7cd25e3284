import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../base/logger.js';

/** What the scheduler needs of the core (the Core is one): a log, and a lock so one instance does a run. */
export interface JobHost {
  log: Logger;
  runExclusive(name: string, work: () => Promise<void>): Promise<boolean>;
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
 * Runs each job on its schedule. With several instances running, the PostgreSQL advisory lock lets
 * exactly one of them do a given run; the others skip it.
 */
export function startScheduler<C extends JobHost>(core: C, jobs: Job<C>[]): Scheduler {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(
      job.schedule,
      () => {
        const run = runJob(core, job).finally(() => running.delete(run));
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

export async function runJob<C extends JobHost>(core: C, job: Job<C>): Promise<boolean> {
  const started = performance.now();
  try {
    const ran = await core.runExclusive(`job:${job.name}`, () => job.run(core));
    if (ran) core.log.info({ job: job.name, ms: Math.round(performance.now() - started) }, 'job done');
    return ran;
  } catch (err) {
    core.log.error({ job: job.name, err }, 'job failed');
    return false;
  }
}
