import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersonalDataRead } from '../../core/audit/personal-data-read.entity.js';
import { createSchoolFixture } from '../support/school-fixture.js';
import { databaseUrl } from '../support/test-app.js';
import { createTestCore, type TestCore } from '../support/test-core.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

/** Reads of personal data at the console are logged from the channel «cli», not as a file import (G4). */
describe('npm run cli -- export / people: one read each, from the command line', () => {
  let t: TestCore;
  let s: Awaited<ReturnType<typeof createSchoolFixture>>;
  let dir: string;
  const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli.ts', ...args], {
    cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl(t.database.connection), NODE_ENV: 'test', LOG_LEVEL: 'silent' },
  });
  const lines = () => t.orm.em.fork().find(PersonalDataRead, {}, { orderBy: { id: 'asc' } });

  beforeAll(async () => {
    t = await createTestCore();
    s = await createSchoolFixture(t.core);
    await createSchoolFixture(t.core, 'Школа № 2');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-reads-cli-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('an export of students and the people list: one line each, channel cli, with the number of people', async () => {
    const before = (await lines()).length;
    await cli(['export', 'students', path.join(dir, 'students.csv'), '--school', String(s.school.id)]);
    const { stdout } = await cli(['people', '--json', '--school', String(s.school.id)]);
    const people = JSON.parse(stdout) as unknown[];
    expect((await lines()).slice(before).map((l) => [l.kind, l.resource, l.channel, l.actorKind, l.school?.id, l.people])).toEqual([
      ['export', 'Student', 'cli', 'system', s.school.id, 2],
      ['list', 'People', 'cli', 'system', s.school.id, people.length],
    ]);
  }, 180_000);
});
