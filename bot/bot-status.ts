import type { Core } from '../core/core.js';

/** Whether the bot gets its updates: not yet (start-up calls still failing), yes, or no more. */
export type BotState = 'starting' | 'up' | 'down';

/** The bot's state as /healthz shows it: since when, and the Telegram call that failed last. */
export interface BotHealth {
  status: BotState;
  since: string;
  /** «getUpdates 502»: the method and the error code of the last failure while not up. */
  problem?: string;
}

/**
 * The bot's state for /healthz and the klassny_telegram_bot_up gauge: up once Telegram takes its updates
 * (the webhook set, or a poll answered), down while its calls fail (a 429 or 5xx at start-up, getUpdates
 * failing, the polling loop ended).
 */
export class BotStatus {
  private state: BotState = 'starting';
  private since: Date;
  private problem: string | undefined;

  constructor(private readonly core: Core) {
    this.since = core.clock.now();
    core.metrics.telegramBotUp.set(0);
  }

  get current(): BotState {
    return this.state;
  }

  up(): void {
    this.problem = undefined;
    this.set('up');
  }

  /** A call failed; before the bot was ever up it is still starting. */
  failing(problem: string): void {
    this.problem = problem;
    this.set(this.state === 'starting' ? 'starting' : 'down');
  }

  down(problem: string): void {
    this.problem = problem;
    this.set('down');
  }

  health(): BotHealth {
    return { status: this.state, since: this.since.toISOString(), ...(this.problem ? { problem: this.problem } : {}) };
  }

  private set(state: BotState): void {
    // The moments the bot loses Telegram and finds it again are logged, not each failed call in between.
    if (this.state === 'up' && state === 'down') this.core.log.warn({ problem: this.problem }, 'the bot lost Telegram: its updates wait there until it answers again');
    if (this.state === 'down' && state === 'up') {
      this.core.log.info({ downSeconds: Math.round((this.core.clock.now().getTime() - this.since.getTime()) / 1000) }, 'the bot reaches Telegram again');
    }
    if (state !== this.state) this.since = this.core.clock.now();
    this.state = state;
    this.core.metrics.telegramBotUp.set(state === 'up' ? 1 : 0);
  }
}
