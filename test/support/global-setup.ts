import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../core/base/config.js';
import { openDatabaseServer, type PgConnection } from '../../core/db/connection.js';
import { connectOrm, migrate } from '../../core/database.js';
import { createLogger } from '../../core/base/logger.js';
import { adminQuery, serverVersion } from './pg-admin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    db: { connection: PgConnection; template: string };
  }
}

/**
 * Picks the database server exactly as `npm start` does (DATABASE_URL, else embedded, here in a fresh
 * temporary directory), applies every migration to a template database, and lets each test file clone it.
 */
export default async function setup(project: TestProject) {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-test-'));
  await fs.chmod(tmp, 0o755); // under root the server runs as "postgres", which must reach its data directory
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', EMBEDDED_PG_DIR: path.join(tmp, 'pg') });
  const server = await openDatabaseServer(config, log);
  if (!server.embedded) {
    // A run meant for an outside server (npm run test:pg, the CI's PostgreSQL 15) says which one it tests, and
    // stops at once, naming it, when it does not answer: it never falls back to the embedded one.
    const { host, port } = server.connection;
    const version = await serverVersion(server.connection).catch(async (err: unknown) => {
      await fs.rm(tmp, { recursive: true, force: true });
      throw new Error(`DATABASE_URL names a PostgreSQL server at ${host}:${port} that does not answer (${String(err)}); the tests do not fall back to the embedded server.`);
    });
    process.stdout.write(`Tests on the server in DATABASE_URL: ${version} at ${host}:${port}\n`);
  }

  const template = `klassny_template_${process.pid}`;
  await adminQuery(server.connection, `drop database if exists ${template}`);
  await adminQuery(server.connection, `create database ${template}`);
  const orm = await connectOrm({ ...server.connection, database: template });
  try {
    await migrate(orm);
  } finally {
    await orm.close(true);
  }
  project.provide('db', { connection: server.connection, template });

  return async () => {
    await adminQuery(server.connection, `drop database if exists ${template} with (force)`);
    await server.stop();
    await fs.rm(tmp, { recursive: true, force: true });
  };
}
