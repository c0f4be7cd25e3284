import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral, queryWithParameters } from '../../core/db/array-parameters.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

/** Bulk inserts (an import, the demo school) send each column as one array literal: every value must come back as it went. */
describe('array parameters', () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await createTestCore();
  });
  afterAll(async () => {
    await t.close();
  });

  it('carry text with quotes, backslashes, braces, commas, spaces and the word NULL unchanged, and null as NULL', async () => {
    const values = ['a"b', 'c\\d', '\\"', '', ' ', 'NULL', null, '{x,y}', 'О’Нил, «Ромашка»', 'ё\tж\nз'];
    const rows = await queryWithParameters<{ v: string | null }>(t.orm.em.fork(), 'select unnest(?::text[]) as v', [arrayLiteral(values)]);
    expect(rows.map((r) => r.v)).toEqual(values);
  });

  it('carry numbers, booleans, dates and JSON objects', async () => {
    const rows = await queryWithParameters<{ n: number; b: boolean; d: string; j: unknown }>(
      t.orm.em.fork(),
      "select n, b, to_char(d, 'YYYY-MM-DD') d, j from unnest(?::int[], ?::boolean[], ?::date[], ?::jsonb[]) as t(n, b, d, j)",
      [arrayLiteral([1, -2]), arrayLiteral([true, false]), arrayLiteral(['2026-09-01', '2027-05-31']), arrayLiteral([{ name: 'Маша "М"', list: [1, 'a\\b'] }, null])],
    );
    expect(rows).toEqual([
      { n: 1, b: true, d: '2026-09-01', j: { name: 'Маша "М"', list: [1, 'a\\b'] } },
      { n: -2, b: false, d: '2027-05-31', j: null },
    ]);
  });
});
