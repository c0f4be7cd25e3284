import type { Update } from 'telegraf/types';

/** What a poll ended with: updates (possibly none) or Telegram's 409 for a poll replaced by a newer one. */
export type PollOutcome = { updates: Update[] } | { conflict: string };

interface Waiter {
  wake(): void;
  supersede(): void;
}

/** Update types delivered when the bot never said which it wants (Telegram's default). */
const NOT_BY_DEFAULT = new Set(['chat_member', 'message_reaction', 'message_reaction_count']);

export const updateType = (update: Update) => Object.keys(update).find((k) => k !== 'update_id') ?? 'unknown';

/**
 * The bot's pending updates and getUpdates long polling: an update stays until a later poll's offset
 * confirms it; a poll with nothing to deliver waits up to its timeout for one; a newer poll ends the older
 * one with 409, as Telegram does when two instances poll.
 */
export class UpdateQueue {
  private queue: Update[] = [];
  private nextId = 1;
  private waiter: Waiter | undefined;
  private allowed: string[] | undefined;

  /** The next update_id (ids grow by one, whether the update is queued or handed to a test). */
  allocateId(): number {
    return this.nextId++;
  }

  enqueue(update: Update): Update {
    this.queue.push(update);
    this.waiter?.wake();
    return update;
  }

  push(build: (updateId: number) => Update): Update {
    return this.enqueue(build(this.allocateId()));
  }

  pending(): Update[] {
    return [...this.queue];
  }

  clear(): void {
    this.queue = [];
    this.allowed = undefined;
    this.waiter?.wake();
  }

  /** Ends a waiting poll now (with what is queued, usually nothing). */
  release(): void {
    this.waiter?.wake();
  }

  async poll(params: { offset?: number; limit?: number; timeout?: number; allowed_updates?: unknown }, closed: Promise<void>): Promise<PollOutcome> {
    if (Array.isArray(params.allowed_updates)) this.allowed = params.allowed_updates.map(String);
    const offset = params.offset === undefined ? undefined : Number(params.offset);
    if (offset !== undefined && offset < 0) this.queue = this.queue.slice(offset);
    else if (offset !== undefined) this.queue = this.queue.filter((u) => u.update_id >= offset);
    const limit = params.limit === undefined ? 100 : Number(params.limit);
    const timeout = Math.max(0, Math.min(Number(params.timeout ?? 0), 50));

    this.waiter?.supersede();
    const deliverable = () => {
      this.queue = this.queue.filter((u) => (this.allowed?.length ? this.allowed.includes(updateType(u)) : !NOT_BY_DEFAULT.has(updateType(u))));
      return this.queue.slice(0, limit);
    };
    const ready = deliverable();
    if (ready.length || timeout === 0) return { updates: ready };

    return new Promise<PollOutcome>((resolve) => {
      const done = (outcome: PollOutcome) => {
        clearTimeout(timer);
        if (this.waiter === waiter) this.waiter = undefined;
        resolve(outcome);
      };
      const waiter: Waiter = {
        wake: () => done({ updates: deliverable() }),
        supersede: () => done({ conflict: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running' }),
      };
      const timer = setTimeout(() => done({ updates: deliverable() }), timeout * 1000);
      this.waiter = waiter;
      void closed.then(() => {
        if (this.waiter === waiter) done({ updates: [] });
      });
    });
  }
}
