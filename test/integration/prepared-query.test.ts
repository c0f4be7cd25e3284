import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedQuery, preparedStatement } from '../../core/db/prepared-query.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/**
 * core/db/prepared-query.ts, which the journal's taps and the diary run their hot statements with: values
 * bound (not interpolated) as em.execute's interpolation gave them, in the unit of work's transaction, and
 * errors as the ORM's.
 */
describe('prepared statements with bound values', () => {
  let t: TestCore;

  beforeAll(async () => {
    t = await createTestCore();
    await t.orm.em.fork().getConnection().execute('create table prepared_probe (id int primary key, at timestamptz, tags bigint[], doc jsonb, big bigint, flag boolean, note text)');
  });
  afterAll(async () => {
    await t?.orm.em.fork().getConnection().execute('drop table if exists prepared_probe');
    await t?.close();
  });

  it('numbers the placeholders, names a statement by its text, and refuses another count of values', async () => {
    const a = preparedStatement('select ?::int + ?::int as n');
    expect(a.text).toBe('select $1::int + $2::int as n');
    expect(a.values).toBe(2);
    expect(preparedStatement('select ?::int + ?::int as n')).toBe(a);
    expect(preparedStatement('select ?::int - ?::int as n').name).not.toBe(a.name);
    const em = t.orm.em.fork();
    expect(await preparedQuery(em, a, [2, 3])).toEqual([{ n: 5 }]);
    await expect(preparedQuery(em, a, [2])).rejects.toThrow(/takes 2 values, given 1/);
  });

  it('binds dates, arrays, jsonb, bigints, booleans and nulls as em.execute interpolates them, and reads the same back', async () => {
    const em = t.orm.em.fork();
    const at = new Date('2026-11-23T09:00:00.123Z');
    const insert = 'insert into prepared_probe (id, at, tags, doc, big, flag, note) select ?, ?::timestamptz, ?::bigint[], ?::jsonb, ?, ?, ? returning *';
    const values = (id: number) => [id, at, '{9007199254740993,2}', JSON.stringify({ a: [1, 'ё'], b: null }), '9007199254740993', true, null];
    const prepared = await preparedQuery(em, preparedStatement(insert), values(1));
    const executed = await em.execute(insert, values(2));
    expect(prepared).toEqual([{ ...executed[0], id: 1 }]);
    expect(prepared[0]).toMatchObject({ doc: { a: [1, 'ё'], b: null }, flag: true, note: null });
    expect(new Date((prepared[0] as { at: string }).at).toISOString()).toBe(at.toISOString());
  });

  it('runs in the unit of work\'s transaction: rolled back with it', async () => {
    const insert = preparedStatement('insert into prepared_probe (id) values (?)');
    await expect(t.orm.em.fork().transactional(async (em) => {
      await preparedQuery(em, insert, [10]);
      expect(await preparedQuery(em, preparedStatement('select count(*)::int as n from prepared_probe where id = ?'), [10])).toEqual([{ n: 1 }]);
      throw new Error('undo');
    })).rejects.toThrow('undo');
    expect(await preparedQuery(t.orm.em.fork(), preparedStatement('select count(*)::int as n from prepared_probe where id = ?'), [10])).toEqual([{ n: 0 }]);
  });

  it('throws the ORM\'s exceptions, without the statement or its values in the message', async () => {
    const em = t.orm.em.fork();
    const insert = preparedStatement('insert into prepared_probe (id, note) values (?, ?)');
    await preparedQuery(em, insert, [20, 'Иванов']);
    const err = await preparedQuery(em, insert, [20, 'Иванов']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UniqueConstraintViolationException);
    expect((err as Error).message).not.toMatch(/Иванов|insert into/);
  });
});
