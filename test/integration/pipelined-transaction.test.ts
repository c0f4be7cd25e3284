import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { countSqlStatements } from '../../bench/support/sql-statements.js';
import { beforeCommit, preparedQueries, preparedQuery, preparedStatement } from '../../core/db/prepared-query.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * core/db/pipelined-transaction.ts: the ORM's transactions send their BEGIN with their first statement and
 * the statements given to beforeCommit with their COMMIT, one round trip each, with the same outcome as one
 * statement after another: all kept, or (whatever fails) nothing kept and the connection fit for the next.
 * None of it gives pg a statement while the connection is still busy with another (pg queues it: deprecated in
 * pg 8, refused in pg 9), a failure's ROLLBACK and the caller's next statement included.
 */
describe('a transaction whose BEGIN and COMMIT share a round trip with a statement', () => {
  let t: TestCore;
  const counter = countSqlStatements();
  /**
   * Statements handed to a connected, working pg client before it answered the one before (pg then queues
   * them); not those given to a client whose connection is gone, which pg fails at once.
   */
  const givenWhileBusy: string[] = [];
  counter.watch = (sql, client) => {
    const state = client as unknown as { readyForQuery: boolean; _connected: boolean; _queryable: boolean; _ending: boolean };
    if (state._connected && state._queryable && !state._ending && !state.readyForQuery) givenWhileBusy.push(sql);
  };
  const em = () => t.orm.em.fork();
  const rows = async () => (await em().execute<{ id: number; note: string }[]>('select id, note from pipeline_probe order by id')).map((r) => `${r.id}:${r.note}`);
  /** Statements and round trips `work` cost. */
  const cost = async (work: () => Promise<unknown>) => {
    const [s, r] = [counter(), counter.roundTrips()];
    await work();
    return { statements: counter() - s, roundTrips: counter.roundTrips() - r };
  };
  /** Connections of the pool, taken at once, each outside any transaction (none left open or aborted). */
  const poolIsClean = async () => {
    const fresh = await Promise.all(Array.from({ length: 4 }, async () => {
      // Outside a transaction block a statement is its own transaction: it started with the statement.
      const [row] = await em().execute<{ fresh: boolean }[]>('select now() = statement_timestamp() as fresh, pg_sleep(0.05) is null as slept');
      return row!.fresh;
    }));
    expect(fresh).toEqual([true, true, true, true]);
  };

  beforeAll(async () => {
    t = await createTestCore();
    await em().getConnection().execute('create table pipeline_probe (id int primary key, note text not null check (note <> \'bad\'))');
  });
  afterEach(() => expect(givenWhileBusy.splice(0)).toEqual([]));
  afterAll(async () => {
    await t?.orm.em.fork().getConnection().execute('drop table if exists pipeline_probe');
    await t?.close();
  });

  it('sends BEGIN with the first statement and a beforeCommit statement with COMMIT: two round trips for four statements', async () => {
    await em().execute('delete from pipeline_probe');
    const spent = await cost(() => em().transactional(async (tx) => {
      const [row] = await tx.execute<{ n: number }[]>('select ?::int + 1 as n', [41]);
      expect(row).toEqual({ n: 42 });
      await beforeCommit(tx, 'insert into pipeline_probe (id, note) values (?, ?)', [1, 'kept']);
      // Not yet run: it goes with the COMMIT.
      expect(await tx.execute('select * from pipeline_probe')).toEqual([]);
    }));
    expect(spent).toEqual({ statements: 5, roundTrips: 3 });
    expect(await rows()).toEqual(['1:kept']);
  });

  it('sends nothing for a transaction that ran no statement', async () => {
    expect(await cost(() => em().transactional(async () => undefined))).toEqual({ statements: 0, roundTrips: 0 });
  });

  it('runs a named prepared statement after BEGIN in one round trip, and again by name on the same connection', async () => {
    const statement = preparedStatement('select ?::int * 2 as n');
    const spent = await cost(() => em().transactional(async (tx) => {
      expect(await preparedQuery(tx, statement, [21])).toEqual([{ n: 42 }]);
      expect(await preparedQuery(tx, statement, [5])).toEqual([{ n: 10 }]);
    }));
    expect(spent).toEqual({ statements: 4, roundTrips: 3 });
  });

  it('keeps nothing when the statement before COMMIT fails, fails the transaction, and leaves the connection clean', async () => {
    await em().execute('delete from pipeline_probe');
    await expect(em().transactional(async (tx) => {
      await tx.execute('insert into pipeline_probe (id, note) values (?, ?)', [2, 'earlier']);
      await beforeCommit(tx, 'insert into pipeline_probe (id, note) values (?, ?)', [3, 'bad']);
    })).rejects.toThrow(/pipeline_probe_note_check|check constraint/);
    expect(await rows()).toEqual([]);
    await poolIsClean();
  });

  it('drops the statements before COMMIT of a transaction that rolls back', async () => {
    await em().execute('delete from pipeline_probe');
    await expect(em().transactional(async (tx) => {
      await tx.execute('insert into pipeline_probe (id, note) values (?, ?)', [4, 'rolled back']);
      await beforeCommit(tx, 'insert into pipeline_probe (id, note) values (?, ?)', [5, 'never']);
      throw new Error('the handler failed');
    })).rejects.toThrow('the handler failed');
    // The next transaction on a connection of the pool does not send them either.
    await em().transactional(async (tx) => tx.execute('insert into pipeline_probe (id, note) values (?, ?)', [6, 'next']));
    expect(await rows()).toEqual(['6:next']);
    await poolIsClean();
  });

  it('runs prepared statements together in one round trip, each with a snapshot of its own taken after the one before', async () => {
    await em().execute('delete from pipeline_probe');
    await em().execute("insert into pipeline_probe (id, note) values (1, 'before')");
    const lock = preparedStatement('select id from pipeline_probe where id = ? for update');
    const read = preparedStatement('select note from pipeline_probe where id = ?');
    // Another transaction holds the row and changes it: the lock waits for it, and the read (sent in the same
    // message) sees its change, as it would if sent after the lock's answer.
    const holder = em();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const other = holder.transactional(async (tx) => {
      await tx.execute("update pipeline_probe set note = 'changed' where id = 1");
      locked();
      await held;
    });
    await lockTaken;
    let spent!: { statements: number; roundTrips: number };
    const tap = em().transactional(async (tx) => {
      const before = [counter(), counter.roundTrips()];
      const results = preparedQueries(tx, [[lock, [1]], [read, [1]]]);
      setTimeout(release, 100);
      const [locks, reads] = await results;
      spent = { statements: counter() - before[0]!, roundTrips: counter.roundTrips() - before[1]! };
      return [locks, reads];
    });
    await other;
    expect(await tap).toEqual([[{ id: 1 }], [{ note: 'changed' }]]);
    // BEGIN, the lock and the read in one message; and the other transaction's COMMIT meanwhile.
    expect(spent).toEqual({ statements: 4, roundTrips: 2 });
    // Prepared on this connection now: run again by name, together.
    await em().transactional(async (tx) => expect(await preparedQueries(tx, [[lock, [1]], [read, [1]]])).toEqual([[{ id: 1 }], [{ note: 'changed' }]]));
    await poolIsClean();
  });

  it('rolls back cleanly when the first statement (sent with BEGIN) fails, and then prepares a failed statement again', async () => {
    const broken = preparedStatement('select no_such_column from pipeline_probe where id = ?');
    for (let i = 0; i < 2; i++) {
      // The second time the statement is parsed again (not «prepared statement does not exist»).
      await expect(em().transactional((tx) => preparedQuery(tx, broken, [1]))).rejects.toThrow(/no_such_column/);
    }
    await expect(em().transactional((tx) => tx.execute('insert into pipeline_probe (id, note) values (?, ?)', [7, 'bad']))).rejects.toThrow(/check constraint/);
    await poolIsClean();
  });

  it('sends BEGIN on its own, and waits for its answer, before a first statement with options of pg\'s (rowMode)', async () => {
    await em().execute('delete from pipeline_probe');
    const spent = await cost(() => em().transactional(async (tx) => {
      const knex = tx.getTransactionContext<{ client: { acquireConnection(): Promise<pg.Client>; releaseConnection(c: pg.Client): Promise<void> } }>()!;
      const client = await knex.client.acquireConnection();
      try {
        expect((await client.query({ text: 'select 1 as one, 2 as two', rowMode: 'array' })).rows).toEqual([[1, 2]]);
        await client.query("insert into pipeline_probe (id, note) values (11, 'after the options')");
      } finally {
        await knex.client.releaseConnection(client);
      }
    }));
    // BEGIN, the statement with options, the insert, COMMIT: one round trip each.
    expect(spent).toEqual({ statements: 4, roundTrips: 4 });
    expect(await rows()).toEqual(['11:after the options']);
  });

  it('gives pg the reads a transaction runs together one at a time, in order, each with its own answer', async () => {
    await em().execute('delete from pipeline_probe');
    const answers = await em().transactional(async (tx) => {
      await tx.execute("insert into pipeline_probe (id, note) values (12, 'first')");
      return Promise.all([
        tx.execute<{ note: string }[]>('select note from pipeline_probe where id = 12'),
        tx.execute("update pipeline_probe set note = 'second' where id = 12"),
        tx.execute<{ note: string }[]>('select note from pipeline_probe where id = 12'),
        preparedQuery(tx, preparedStatement('select ?::int as n'), [3]),
      ]);
    });
    expect([answers[0], answers[2], answers[3]]).toEqual([[{ note: 'first' }], [{ note: 'second' }], [{ n: 3 }]]);
  });

  it('fails, and does not keep waiting, the statements waiting their turn on a connection that dies', async () => {
    let together!: Promise<PromiseSettledResult<unknown>[]>;
    // The transaction fails too: its COMMIT meets the dead connection.
    await expect(em().transactional(async (tx) => {
      const [{ pid }] = (await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid')) as [{ pid: number }];
      together = Promise.allSettled([
        tx.execute('select pg_sleep(5)'),
        tx.execute('select 1 as waiting'),
        tx.execute('select 2 as waiting'),
      ]);
      await em().execute('select pg_sleep(0.1), pg_terminate_backend(?)', [pid]);
      await together;
    })).rejects.toThrow();
    expect((await together).map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await poolIsClean();
  }, 4000);

  it('runs beforeCommit at once in a nested transaction (a savepoint) and outside any transaction', async () => {
    await em().execute('delete from pipeline_probe');
    await em().transactional(async (tx) => {
      await tx.execute('select 1');
      await expect(tx.transactional(async (inner) => {
        await beforeCommit(inner, 'insert into pipeline_probe (id, note) values (?, ?)', [8, 'in the savepoint']);
        expect(await inner.execute('select id from pipeline_probe')).toEqual([{ id: 8 }]);
        throw new Error('the savepoint rolls back');
      })).rejects.toThrow('the savepoint rolls back');
      await tx.execute('insert into pipeline_probe (id, note) values (?, ?)', [9, 'outer']);
    });
    await beforeCommit(em(), 'insert into pipeline_probe (id, note) values (?, ?)', [10, 'alone']);
    expect(await rows()).toEqual(['9:outer', '10:alone']);
  });
});
