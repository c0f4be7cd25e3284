import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The oldest PostgreSQL the product supports (server_version_num of 14.0). The schema, its triggers and the
 * queries are tested on 14+ features only (the CI runs the integration and end-to-end tiers on 15 and on the
 * embedded 18); an older server would fail somewhere in the middle of a migration or of a school's day.
 */
export const MINIMUM_SERVER_VERSION_NUM = 140000;

/** The server is older than the product supports: the start stops before anything is written. */
export class UnsupportedDatabaseServer extends Error {
  constructor(readonly versionNum: number) {
    super(
      `PostgreSQL ${versionName(versionNum)} is not supported: Klassny needs PostgreSQL ${versionName(MINIMUM_SERVER_VERSION_NUM)} or newer ` +
        `(the server reports server_version_num ${versionNum}). Upgrade the server, or set DATABASE_URL to a newer one.`,
    );
    this.name = 'UnsupportedDatabaseServer';
  }
}

/** 150020 → «15.20», 140000 → «14», 90624 → «9.6.24» (the numbering before 10 had three parts). */
export function versionName(versionNum: number): string {
  if (!Number.isInteger(versionNum) || versionNum <= 0) return 'of an unknown version';
  if (versionNum >= 100000) {
    const major = Math.floor(versionNum / 10000);
    const minor = versionNum % 10000;
    return minor ? `${major}.${minor}` : `${major}`;
  }
  const major = Math.floor(versionNum / 10000);
  const minor = Math.floor(versionNum / 100) % 100;
  const patch = versionNum % 100;
  return `${major}.${minor}.${patch}`;
}

/** Throws UnsupportedDatabaseServer for a server older than the minimum. */
export function assertSupportedServer(versionNum: number): void {
  if (!Number.isInteger(versionNum) || versionNum < MINIMUM_SERVER_VERSION_NUM) throw new UnsupportedDatabaseServer(versionNum);
}

/** The connected server's version as PostgreSQL numbers it (`server_version_num`, e.g. 150020). */
export async function serverVersionNum(orm: MikroORM): Promise<number> {
  const [row] = await orm.em.fork().getConnection().execute<{ server_version_num: string }[]>('show server_version_num');
  return Number(row?.server_version_num);
}
