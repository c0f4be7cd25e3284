import type pg from 'pg';

/** pg's Client#query, in any of its forms: (text | config | submittable, values?, callback?). */
export type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

/**
 * `client`'s query, given to pg only when pg has answered the one before (its `drain`): a statement given
 * while another runs waits here, in order, instead of in pg's own queue, which pg 8 deprecates and pg 9
 * refuses. Two kinds of caller do that: reads that run together in a transaction (Promise.all of the ORM's
 * finds: one connection), and a statement given when pg has called back a failure but not yet had the
 * connection's ReadyForQuery (a ROLLBACK, the next transaction on a connection back in the pool). Either
 * way pg ran them one after another already: nothing waits longer. `query` is pg's own, as found then
 * (what wraps it, such as the benchmarks' statement counter, sees each statement when it is sent).
 */
export function queriesInTurn(client: pg.Client, query: () => QueryFn): QueryFn {
  const waiting: (() => void)[] = [];
  let busy = false;
  /** Ended or failed: pg fails whatever it is given at once, and drains no more. */
  let dead = false;
  const next = () => {
    busy = false;
    waiting.shift()?.();
  };
  client.on('drain', next);
  // A client that ends or fails answers nothing more: what waits, and what comes, goes to pg, which fails it.
  const flush = () => {
    dead = true;
    for (const run of waiting.splice(0)) run();
  };
  client.on('end', flush);
  client.on('error', flush);

  const send: QueryFn = (...args) => {
    busy = true;
    try {
      return query().apply(client, args);
    } catch (err) {
      // Refused before it was queued (no statement): pg will not drain for it.
      busy = false;
      throw err;
    }
  };
  return (config, values, callback) => {
    if (!busy || dead) return send(config, values, callback);
    const submittable = typeof (config as { submit?: unknown } | undefined)?.submit === 'function';
    if (submittable || typeof values === 'function' || typeof callback === 'function') {
      waiting.push(() => void send(config, values, callback));
      // As pg answers: a cursor or a stream is handed back, a call with a callback answers nothing.
      return submittable ? config : undefined;
    }
    return new Promise((resolve, reject) => waiting.push(() => void (send(config, values) as Promise<unknown>).then(resolve, reject)));
  };
}
