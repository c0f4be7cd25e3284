import { describe, expect, it } from 'vitest';
import { assertSupportedServer, MINIMUM_SERVER_VERSION_NUM, UnsupportedDatabaseServer, versionName } from '../../core/db/server-version.js';

function refusal(versionNum: number): string | undefined {
  try {
    assertSupportedServer(versionNum);
  } catch (err) {
    if (err instanceof UnsupportedDatabaseServer) return err.message;
    throw err;
  }
  return undefined;
}

describe('the PostgreSQL the product accepts', () => {
  it('is 14.0 or newer', () => {
    expect(MINIMUM_SERVER_VERSION_NUM).toBe(140000);
    for (const supported of [140000, 140015, 150020, 160006, 170002, 180004]) expect(refusal(supported)).toBeUndefined();
  });

  it('refuses 13 and older with a message naming the server, the minimum and what to do', () => {
    expect(refusal(139999)).toBeDefined();
    expect(refusal(130012)).toBe(
      'PostgreSQL 13.12 is not supported: Klassny needs PostgreSQL 14 or newer (the server reports server_version_num 130012). ' +
        'Upgrade the server, or set DATABASE_URL to a newer one.',
    );
    expect(refusal(90624)).toMatch(/^PostgreSQL 9\.6\.24 is not supported/);
  });

  it('refuses a version it cannot read rather than guess', () => {
    expect(refusal(Number.NaN)).toMatch(/^PostgreSQL of an unknown version is not supported/);
    expect(refusal(0)).toBeDefined();
  });

  it('names versions as PostgreSQL does, three parts before 10 and two after', () => {
    expect(versionName(150020)).toBe('15.20');
    expect(versionName(180000)).toBe('18');
    expect(versionName(100023)).toBe('10.23');
    expect(versionName(90624)).toBe('9.6.24');
  });
});
