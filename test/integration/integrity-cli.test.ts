import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateKeyPair } from '../../core/integrity/key-store.js';
import { signSet } from '../../core/integrity/manifest.js';
import { fixedClock } from '../../core/time/clock.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('npm run cli -- archive:public-key and archive:verify (offline, no database)', () => {
  let dir: string;
  let keysDir: string;
  let set: string;
  // No DATABASE_URL and an embedded directory that does not exist: the commands must not need a database.
  const cli = (args: string[]) => run(process.execPath, ['--import', 'tsx', 'cli.ts', ...args], {
    cwd: root, env: { PATH: process.env.PATH, NODE_ENV: 'test', LOG_LEVEL: 'silent', KEYS_DIR: keysDir, EMBEDDED_PG_DIR: path.join(dir, 'no-pg') },
  });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-verify-'));
    keysDir = path.join(dir, 'keys');
    set = path.join(dir, 'set');
    await fs.mkdir(path.join(set, 'tables'), { recursive: true });
    await fs.writeFile(path.join(set, 'a.pdf'), '%PDF журнал');
    await fs.writeFile(path.join(set, 'tables', 'b.ndjson.gz'), Buffer.alloc(5000, 1));
    await signSet(set, ['a.pdf', 'tables/b.ndjson.gz'], await loadOrCreateKeyPair(keysDir), { kind: 'test' }, fixedClock('2026-06-01T00:00:00Z'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('prints the public key, and verifies a set and one file of it with only that key', async () => {
    const { stdout: pem } = await cli(['archive:public-key', '--deployment']);
    expect(pem).toBe((await loadOrCreateKeyPair(keysDir)).publicKeyPem());
    const keyFile = path.join(dir, 'key.pem');
    await fs.writeFile(keyFile, pem);
    // The key file alone: another KEYS_DIR (empty) must not matter.
    await fs.rename(keysDir, `${keysDir}-away`);
    try {
      expect((await cli(['archive:verify', set, '--public-key', keyFile])).stdout).toContain('Набор цел: 2 файла, подпись верна.');
      expect((await cli(['archive:verify', path.join(set, 'tables', 'b.ndjson.gz'), '--public-key', keyFile])).stdout).toContain('Набор цел');
      await expect(cli(['archive:verify', set])).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('Нет открытого ключа') });
    } finally {
      await fs.rename(`${keysDir}-away`, keysDir);
    }
  }, 60_000);

  it('names a flipped byte, a removed file and a foreign key, with a non-zero exit code', async () => {
    const copy = path.join(dir, 'copy');
    await fs.cp(set, copy, { recursive: true });
    const file = path.join(copy, 'tables', 'b.ndjson.gz');
    const bytes = await fs.readFile(file);
    bytes[100]! ^= 0x80;
    await fs.writeFile(file, bytes);
    await fs.rm(path.join(copy, 'a.pdf'));
    await expect(cli(['archive:verify', copy])).rejects.toMatchObject({
      code: 1, stderr: expect.stringMatching(/НЕ прошёл проверку[\s\S]*a\.pdf: файла нет[\s\S]*tables\/b\.ndjson\.gz: файл изменён/),
    });
    const foreign = path.join(dir, 'foreign.pem');
    await fs.writeFile(foreign, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
    await expect(cli(['archive:verify', set, '--public-key', foreign])).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('manifest.json: подпись не сходится') });
  }, 60_000);
});
