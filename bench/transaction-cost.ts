// What the frame of an update's transaction costs the server's CPU, apart from the work in it: the same
// transaction (BEGIN sent with one prepared `select`, then COMMIT: two round trips, as the bot's updates
// pipeline them) on a bare pg client and through each layer the bot goes through — MikroORM's request
// context (core.unitOfWork), knex's transaction, the ORM's fork and transaction — and with three statements
// instead of one, on the bare client and through the ORM. Rounds alternate the variants, so that the
// machine's drift falls on all of them alike; the first two rounds are a warm-up.
// Run: npx tsx bench/transaction-cost.ts [transactions a variant a round=1000] (DATABASE_URL: a throwaway
// database on that server; else embedded PostgreSQL).
import pg from 'pg';
import { createLogger } from '../core/base/logger.js';
import { createCore } from '../core/core.js';
import { PipelinedQuery } from '../core/db/pipelined-transaction.js';
import { preparedQuery, preparedStatement } from '../core/db/prepared-query.js';
import { systemClock } from '../core/time/clock.js';
import { benchConfig, benchTempDir, cleanUpOnce, openBenchDatabase, type Cleanup } from './support/bench-database.js';
import { loadAverage, percentile, processCpuMs } from './support/measure.js';
import { withServerNodeFlags } from './support/start-command.js';

await withServerNodeFlags();
const N = Number(process.argv[2] ?? 1000);
const ROUNDS = 12;
const WARM_UP_ROUNDS = 2;
const cleanups: Cleanup[] = [];
const { cleanUp } = cleanUpOnce(cleanups);
try {
  const tmp = await benchTempDir(cleanups);
  const config = benchConfig(tmp);
  const log = createLogger('warn');
  const { orm, connection } = await openBenchDatabase(config, log, cleanups);
  const core = await createCore(config, orm, log, systemClock);
  const client = new pg.Client({ ...connection });
  await client.connect();
  cleanups.push({ what: 'bare client', run: () => client.end() });

  const select = preparedStatement('select ?::int as n');
  const bare = (values: number[]) => async () => {
    const [first, ...rest] = values;
    await new Promise((resolve, reject) => {
      client.query(new PipelinedQuery([{ text: 'BEGIN' }, { name: select.name, text: select.text, values: [first] }], (err, rows) => (err ? reject(err) : resolve(rows))) as never);
    });
    for (const value of rest) await client.query({ name: select.name, text: select.text, values: [value] });
    await client.query('COMMIT');
  };
  const viaOrm = (values: number[]) => () => core.unitOfWork(() => orm.em.transactional(async (em) => {
    for (const value of values) await preparedQuery(em, select, [value]);
  }));
  const variants: [string, () => Promise<unknown>][] = [
    ['bare pg client, 1 statement', bare([1])],
    ['  + request context (core.unitOfWork)', () => core.unitOfWork(bare([1]))],
    ['knex transaction, 1 statement', () => orm.em.getKnex().transaction(async (trx) => trx.raw('select ?::int as n', [1]))],
    ['ORM fork + transaction, 1 statement', () => orm.em.fork().transactional(async (em) => preparedQuery(em, select, [1]))],
    ['the bot\'s frame (context, fork, transaction), 1 statement', viaOrm([1])],
    ['bare pg client, 3 statements', bare([1, 2, 3])],
    ['the bot\'s frame, 3 statements', viaOrm([1, 2, 3])],
  ];
  const sums = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  console.log(`${N} transactions a variant a round, ${ROUNDS} rounds (the first ${WARM_UP_ROUNDS} a warm-up); load average ${loadAverage()}`);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, work] of variants) {
      const before = processCpuMs();
      for (let i = 0; i < N; i++) await work();
      if (round >= WARM_UP_ROUNDS) sums.get(name)!.push((processCpuMs() - before) / N);
    }
  }
  const width = Math.max(...variants.map(([name]) => name.length));
  console.log(`\n${'variant'.padEnd(width)}  CPU ms a transaction (median of ${ROUNDS - WARM_UP_ROUNDS} rounds, min–max)`);
  for (const [name, values] of sums) {
    values.sort((a, b) => a - b);
    console.log(`${name.padEnd(width)}  ${percentile(values, 50).toFixed(3)} (${values[0]!.toFixed(3)}–${values.at(-1)!.toFixed(3)})`);
  }
  console.log(`load average at the end: ${loadAverage()}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
