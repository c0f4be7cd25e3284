import pg from 'pg';
import pgUtils from 'pg/lib/utils.js';
import { queriesInTurn, type QueryFn } from './queries-in-turn.js';

/**
 * A transaction's first and last round trips, each shared with a statement of its own.
 *
 * Why: a journal tap is a handful of short statements in one transaction, and on a 2-core machine every
 * round trip to PostgreSQL costs both processes a socket write and a wake-up (about 0.15 ms each way), more
 * than most of those statements take to run. Two of the round trips carry no work: the BEGIN, and the
 * COMMIT after the update's bot sessions are written. So, on the ORM's connections:
 * - the BEGIN that knex sends is held and goes out in the same message as the transaction's first statement
 *   (PostgreSQL's extended protocol runs a list of statements before one Sync in order, and answers once);
 * - statements given to `beforeCommit` (prepared-query.ts) go out in the same message as the COMMIT.
 * Each statement still runs on its own, in order, in the same transaction: if one fails, those after it
 * (the COMMIT included) do not run, and the transaction is rolled back, as if they had gone one by one.
 */

interface Step {
  text: string;
  values?: unknown[];
  /** A named prepared statement (prepared-query.ts): parsed once per connection. */
  name?: string;
}

type Callback = (err: Error | null, results?: unknown[]) => void;

interface Connection {
  parsedStatements: Record<string, string>;
  parse(message: { text: string; name?: string; types?: unknown[] }): void;
  bind(message: { portal: string; statement?: string; values?: unknown[]; valueMapper: unknown }): void;
  describe(message: { type: 'P'; name: string }): void;
  execute(message: { portal: string }): void;
  sync(): void;
  on(event: 'parseComplete', listener: () => void): void;
  off(event: 'parseComplete', listener: () => void): void;
  stream: { cork?: () => void; uncork?: () => void };
}

interface QueryInternals {
  callback?: (err: Error | null, results?: unknown) => void;
  handleError(err: Error, connection: Connection): void;
  handleReadyForQuery(connection: Connection): void;
}

/**
 * pg's own Query, sending several statements as one message (each parsed if need be, bound, described and
 * executed; one Sync): the callback gets each statement's result, in order.
 */
export class PipelinedQuery extends (pg.Query as unknown as new (config: { text: string }) => QueryInternals) {
  /** What the statement counter of the benchmarks and tests reads: one message, this many statements. */
  readonly steps: Step[];
  /** The named statements of `steps` being parsed, in order: each ParseComplete is the next one's. */
  private parsing: Step[] = [];
  private readonly parsed = () => {
    const step = this.parsing.shift();
    if (step?.name) this.connection!.parsedStatements[step.name] = step.text;
  };
  private connection?: Connection;

  constructor(steps: Step[], callback: Callback) {
    // No name given to pg: it would mark that one statement parsed on the message's first ParseComplete.
    super({ text: steps.map((s) => s.text).join(';\n') });
    this.steps = steps;
    this.callback = (err, results) => callback(err, err ? undefined : Array.isArray(results) ? results : [results]);
  }

  submit(connection: Connection): null {
    this.connection = connection;
    this.parsing = [];
    connection.on('parseComplete', this.parsed);
    connection.stream.cork?.();
    try {
      for (const step of this.steps) {
        if (!step.name || connection.parsedStatements[step.name] !== step.text) {
          connection.parse({ text: step.text, name: step.name ?? '' });
          this.parsing.push(step);
        }
        connection.bind({ portal: '', statement: step.name ?? '', values: step.values ?? [], valueMapper: pgUtils.prepareValue });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '' });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  override handleError(err: Error, connection: Connection): void {
    connection.off('parseComplete', this.parsed);
    super.handleError(err, connection);
  }

  override handleReadyForQuery(connection: Connection): void {
    connection.off('parseComplete', this.parsed);
    super.handleReadyForQuery(connection);
  }
}

const HELD = Symbol('pipelined transaction: BEGIN held');
const BEFORE_COMMIT = Symbol('pipelined transaction: statements before COMMIT');
const PIPELINED = Symbol('pipelined transaction');

interface PipelinedClient {
  query: QueryFn;
  [PIPELINED]?: true;
  [HELD]?: boolean;
  [BEFORE_COMMIT]?: Step[];
}

/** The text of a statement without values or options (as knex sends BEGIN, COMMIT and ROLLBACK), else undefined. */
function bareText(config: unknown, values: unknown): string | undefined {
  if (typeof config === 'string') return Array.isArray(values) && values.length ? undefined : config;
  if (!config || typeof config !== 'object') return undefined;
  const { text, values: own, ...rest } = config as { text?: unknown; values?: unknown[] };
  if (typeof text !== 'string' || (own && own.length) || Object.keys(rest).length) return undefined;
  return text;
}

/** The statement as a step of a pipeline, when it is a plain one (text, values, maybe a name); else undefined. */
function stepOf(config: unknown, values: unknown): Step | undefined {
  if (typeof config === 'string') return { text: config, values: Array.isArray(values) ? values : [] };
  if (!config || typeof config !== 'object' || typeof (config as { submit?: unknown }).submit === 'function') return undefined;
  const { text, values: own, name, ...rest } = config as { text?: unknown; values?: unknown; name?: unknown };
  if (typeof text !== 'string' || Object.keys(rest).length || (own !== undefined && !Array.isArray(own)) || (name !== undefined && typeof name !== 'string')) return undefined;
  return { text, values: (own as unknown[] | undefined) ?? [], ...(name ? { name } : {}) };
}

const answered = (command: string) => ({ command, rowCount: null, rows: [], fields: [] });

/**
 * Makes `client` (a pg Client of the ORM's pool: install it in the pool's afterCreate) hold knex's BEGIN
 * until the first statement and send the statements of `beforeCommit` with the COMMIT (see above), and give
 * pg one statement at a time (queries-in-turn.ts).
 */
export function pipelineTransactionEdges(client: pg.Client): void {
  const c = client as unknown as PipelinedClient;
  // Through the prototype at each call: what wraps pg's Client (the benchmarks' statement counter) sees it.
  const send = queriesInTurn(client, () => (Object.getPrototypeOf(client) as { query: QueryFn }).query);
  /** Sends `steps` as one message; answers (or calls back with) the last statement's result. */
  const pipeline = (steps: Step[], callback: ((err: Error | null, result?: unknown) => void) | undefined, onError?: () => void): unknown => {
    let promise: Promise<unknown> | undefined;
    let done = callback ?? (() => undefined);
    if (!callback) promise = new Promise((resolve, reject) => (done = (err, result) => (err ? reject(err) : resolve(result))));
    send(new PipelinedQuery(steps, (err, results) => {
      if (err) onError?.();
      done(err, results?.[results.length - 1]);
    }));
    return promise;
  };
  c[PIPELINED] = true;
  c.query = (config: unknown, values?: unknown, callback?: unknown) => {
    const cb = (typeof values === 'function' ? values : callback) as ((err: Error | null, result?: unknown) => void) | undefined;
    const vals = typeof values === 'function' ? undefined : values;
    const bare = bareText(config, vals);
    const answer = (command: string) => {
      if (!cb) return Promise.resolve(answered(command));
      process.nextTick(cb, null, answered(command));
      return undefined;
    };
    const held = c[HELD] === true;
    if (bare === 'BEGIN;' && !held) {
      c[HELD] = true;
      return answer('BEGIN');
    }
    if (bare === 'COMMIT;') {
      const steps = [...(held ? [{ text: 'BEGIN' }] : []), ...(c[BEFORE_COMMIT] ?? []), { text: 'COMMIT' }];
      c[HELD] = false;
      c[BEFORE_COMMIT] = undefined;
      // Nothing ran since BEGIN: no transaction was opened on the server to end.
      if (held && steps.length === 2) return answer('COMMIT');
      if (steps.length === 1) return send(config, values, callback);
      // A failed statement left the transaction open and aborted (the COMMIT did not run): end it here, as
      // knex sends nothing after a failed COMMIT.
      return pipeline(steps, cb, () => send('ROLLBACK'));
    }
    if (bare === 'ROLLBACK') {
      c[HELD] = false;
      c[BEFORE_COMMIT] = undefined;
      if (held) return answer('ROLLBACK');
      return send(config, values, callback);
    }
    if (!held) return send(config, values, callback);
    c[HELD] = false;
    // A pipeline of its own (preparedQueries): BEGIN is its first statement, whose result is left out.
    if (config instanceof PipelinedQuery) {
      const given = config.callback!;
      config.steps.unshift({ text: 'BEGIN' });
      config.callback = (err, results) => given(err, Array.isArray(results) ? results.slice(1) : results);
      return send(config);
    }
    const step = stepOf(config, vals);
    if (step) return pipeline([{ text: 'BEGIN' }, step], cb);
    // A cursor or a stream: BEGIN goes first on its own (and it in turn after it).
    send('BEGIN');
    return send(config, values, callback);
  };
}

/**
 * Keeps `step` on `connection` (a transaction's) to go out with its COMMIT (see above); false when the
 * connection does not pipeline, and the caller runs it at once.
 */
export function holdForCommit(connection: unknown, step: Step): boolean {
  const c = connection as PipelinedClient;
  if (!c[PIPELINED]) return false;
  (c[BEFORE_COMMIT] ??= []).push(step);
  return true;
}
