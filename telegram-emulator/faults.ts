/** What an injected fault does to a matching call. */
export type FaultKind =
  /** 429 Too Many Requests with `parameters.retry_after` = seconds. */
  | { kind: 'retryAfter'; seconds: number }
  /** An HTTP 5xx from Telegram's side (default 500). */
  | { kind: 'serverError'; status?: 500 | 502 | 503 | 504 }
  /** Holds the answer `ms` milliseconds; then does the call (`process`, default) or cuts the connection (`drop`). */
  | { kind: 'timeout'; ms: number; then?: 'process' | 'drop' }
  /** 403 Forbidden (default: bot was blocked by the user). */
  | { kind: 'forbidden'; description?: string };

export type Fault = FaultKind & {
  /** Only calls of this method (default: any). */
  method?: string;
  /** Only calls aimed at this chat (default: any). */
  chatId?: number | string;
  /** How many matching calls fail (default 1; Infinity: until cleared). */
  times?: number;
};

export interface FaultHandle {
  /** Matching calls still to fail. */
  readonly remaining: number;
  cancel(): void;
}

interface Armed {
  fault: Fault;
  remaining: number;
}

/** Faults injected by a test, consumed by the calls they match, first injected first. */
export class Faults {
  private armed: Armed[] = [];

  inject(fault: Fault): FaultHandle {
    const entry: Armed = { fault, remaining: fault.times ?? 1 };
    this.armed.push(entry);
    const list = () => this.armed;
    return {
      get remaining() {
        return entry.remaining;
      },
      cancel: () => {
        entry.remaining = 0;
        this.armed = list().filter((a) => a !== entry);
      },
    };
  }

  clear(): void {
    for (const a of this.armed) a.remaining = 0;
    this.armed = [];
  }

  /** The fault this call runs into, if any (and one use of it is spent). */
  take(method: string, chatId: string | undefined): Fault | undefined {
    const entry = this.armed.find(
      (a) => a.remaining > 0 && (a.fault.method === undefined || a.fault.method.toLowerCase() === method.toLowerCase())
        && (a.fault.chatId === undefined || String(a.fault.chatId) === chatId),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.armed = this.armed.filter((a) => a !== entry);
    return entry.fault;
  }
}
