import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../admin/server.js';
import { loadConfig } from '../../core/base/config.js';
import { createCore } from '../../core/core.js';
import { connectOrm, migrate } from '../../core/database.js';
import type { PgConnection } from '../../core/db/connection.js';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../core/db/embedded-postgres.js';
import { createLogger } from '../../core/base/logger.js';
import { systemClock } from '../../core/time/clock.js';

const log = createLogger('silent');

async function answers(connection: PgConnection): Promise<boolean> {
  const client = new pg.Client(connection);
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('embedded PostgreSQL', () => {
  let tmp: string;
  let dataDir: string;
  let server: EmbeddedPostgres | undefined;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-embedded-'));
    await fs.chmod(tmp, 0o755);
    dataDir = path.join(tmp, 'pg');
  });
  afterAll(async () => {
    await server?.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it('initialises a data directory, starts, and creates the database', async () => {
    server = await startEmbeddedPostgres(dataDir, log);
    expect(await answers(server.connection)).toBe(true);
    expect(server.connection.database).toBe('klassny');
  });

  it('recovers a server left running by a run that crashed', async () => {
    const deadPid = spawnSync('true').pid;
    await fs.writeFile(path.join(dataDir, 'klassny.owner'), String(deadPid));
    // The previous "run" never stopped its server: it is still up, and we start again over it.
    server = await startEmbeddedPostgres(dataDir, log);
    expect(await answers(server.connection)).toBe(true);
  });

  it('shares a server that another live process runs (the CLI beside npm start) and leaves it running', async () => {
    await fs.writeFile(path.join(dataDir, 'klassny.owner'), String(process.ppid));
    const guest = await startEmbeddedPostgres(dataDir, log);
    expect(await answers(guest.connection)).toBe(true);
    await guest.stop();
    expect(await answers(server!.connection)).toBe(true);
    await fs.writeFile(path.join(dataDir, 'klassny.owner'), String(process.pid));
  });

  it('starts over a stale lock file', async () => {
    await server!.stop();
    expect(await answers(server!.connection)).toBe(false);
    await fs.writeFile(path.join(dataDir, 'postmaster.pid'), `${process.pid}\n${dataDir}\n`);
    server = await startEmbeddedPostgres(dataDir, log);
    expect(await answers(server.connection)).toBe(true);
  });

  it('GET /healthz says 503 while the database is stopped, and 200 again once it is back', async () => {
    const orm = await connectOrm(server!.connection, log);
    await migrate(orm);
    const core = await createCore(loadConfig({ NODE_ENV: 'test' }), orm, log, systemClock);
    const app = await buildServer(core);
    try {
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);

      await server!.stop();
      const down = await app.inject({ url: '/healthz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ status: 'unavailable', database: { status: 'down' } });

      server = await startEmbeddedPostgres(dataDir, log);
      let status = 0;
      for (let i = 0; i < 20 && status !== 200; i++) status = (await app.inject({ url: '/healthz' })).statusCode;
      expect(status).toBe(200);
    } finally {
      await app.close();
      await orm.close(true);
    }
  });
});
