import { describe, expect, it } from 'vitest';
import { entities } from '../../core/entities.js';
import { ormOptions } from '../../core/orm-options.js';

describe('ORM options', () => {
  it('skip the search for ORM filters on every find only while no entity declares one', () => {
    // autoJoinRefsForFilters off (orm-options.ts) is right only without filters: a filter added later would be
    // ignored on the relations it should join. This fails then, and the option goes back on with the filter.
    const options = ormOptions({ host: 'localhost', port: 5432, user: 'u', database: 'd' });
    expect(options.autoJoinRefsForFilters).toBe(false);
    const withFilters = entities.filter((e) => Object.keys(e.meta.filters ?? {}).length > 0).map((e) => e.meta.className);
    expect(withFilters).toEqual([]);
    expect(options.filters ?? {}).toEqual({});
  });
});
