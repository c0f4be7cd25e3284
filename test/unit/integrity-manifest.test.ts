import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateKeyPair, PRIVATE_KEY_FILE, readPublicKeyPem } from '../../core/integrity/key-store.js';
import { MANIFEST_FILE, SIGNATURE_FILE, signSet, verifyManifest } from '../../core/integrity/manifest.js';
import { fixedClock } from '../../core/time/clock.js';

let root: string;
let set: string;
const clock = fixedClock('2026-06-30T10:00:00Z');

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'klassny-integrity-'));
  set = path.join(root, 'set');
  await fs.mkdir(path.join(set, 'tables'), { recursive: true });
  await fs.writeFile(path.join(set, 'journal.pdf'), Buffer.from('%PDF-1.7 журнал 7А'));
  await fs.writeFile(path.join(set, 'tables', 'mark.ndjson.gz'), Buffer.alloc(200_000, 7));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function signed() {
  const keys = await loadOrCreateKeyPair(path.join(root, 'keys'));
  const manifest = await signSet(set, ['journal.pdf', 'tables/mark.ndjson.gz'], keys, { kind: 'test', class: '7А' }, clock);
  return { keys, manifest, pem: keys.publicKeyPem() };
}

describe('the deployment key pair', () => {
  it('is created once, the private key readable by the owner only, and read back the same', async () => {
    const dir = path.join(root, 'keys');
    expect(await readPublicKeyPem(dir)).toBeUndefined();
    const [a, b] = await Promise.all([loadOrCreateKeyPair(dir), loadOrCreateKeyPair(dir)]);
    expect(a.publicKeyPem()).toBe(b.publicKeyPem());
    expect(a.publicKeyPem()).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect((await fs.stat(path.join(dir, PRIVATE_KEY_FILE))).mode & 0o777).toBe(0o600);
    expect((await loadOrCreateKeyPair(dir)).publicKeyPem()).toBe(a.publicKeyPem());
    expect(await readPublicKeyPem(dir)).toBe(a.publicKeyPem());
    expect(a.publicKeyPem()).not.toContain('PRIVATE');
    expect(JSON.stringify(a)).not.toContain('PRIVATE');
  });

  it('tightens a private key file that arrived readable by others', async () => {
    const dir = path.join(root, 'keys');
    await loadOrCreateKeyPair(dir);
    await fs.chmod(path.join(dir, PRIVATE_KEY_FILE), 0o644);
    await loadOrCreateKeyPair(dir);
    expect((await fs.stat(path.join(dir, PRIVATE_KEY_FILE))).mode & 0o777).toBe(0o600);
  });
});

describe('signSet and verifyManifest', () => {
  it('lists each file with its size and SHA-256, the meta and the clock\'s time, and verifies', async () => {
    const { manifest, pem } = await signed();
    expect(manifest.createdAt).toBe('2026-06-30T10:00:00.000Z');
    expect(manifest.files.map((f) => [f.name, f.size])).toEqual([['journal.pdf', Buffer.byteLength('%PDF-1.7 журнал 7А')], ['tables/mark.ndjson.gz', 200_000]]);
    expect(manifest.files[1]!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const result = await verifyManifest(set, pem);
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.manifest?.meta).toEqual({ kind: 'test', class: '7А' });
  });

  it('names a file with one flipped byte as changed', async () => {
    const { pem } = await signed();
    const file = path.join(set, 'tables', 'mark.ndjson.gz');
    const bytes = await fs.readFile(file);
    bytes[123_456]! ^= 0x01;
    await fs.writeFile(file, bytes);
    expect(await verifyManifest(set, pem)).toMatchObject({ ok: false, problems: [{ file: 'tables/mark.ndjson.gz', kind: 'changed' }] });
  });

  it('names a removed file as missing and a file added beside the set as extra', async () => {
    const { pem } = await signed();
    await fs.rm(path.join(set, 'journal.pdf'));
    await fs.writeFile(path.join(set, 'tables', 'planted.ndjson.gz'), 'x');
    const result = await verifyManifest(set, pem);
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([{ file: 'journal.pdf', kind: 'missing' }, { file: 'tables/planted.ndjson.gz', kind: 'extra' }]);
  });

  it('refuses a foreign key: the signature does not verify', async () => {
    await signed();
    const foreign = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await verifyManifest(set, foreign)).toMatchObject({ ok: false, problems: [{ file: MANIFEST_FILE, kind: 'bad-signature' }] });
  });

  it('refuses a manifest changed to match a changed file', async () => {
    const { pem } = await signed();
    await fs.writeFile(path.join(set, 'journal.pdf'), 'forged');
    const text = await fs.readFile(path.join(set, MANIFEST_FILE), 'utf8');
    const manifest = JSON.parse(text) as { files: { name: string; size: number; sha256: string }[] };
    const { createHash } = await import('node:crypto');
    manifest.files[0] = { name: 'journal.pdf', size: 6, sha256: createHash('sha256').update('forged').digest('hex') };
    await fs.writeFile(path.join(set, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    expect(await verifyManifest(set, pem)).toMatchObject({ ok: false, problems: [{ file: MANIFEST_FILE, kind: 'bad-signature' }] });
  });

  it('reports a set without its manifest or its signature', async () => {
    const { pem } = await signed();
    await fs.rm(path.join(set, SIGNATURE_FILE));
    expect(await verifyManifest(set, pem)).toMatchObject({ ok: false, problems: [{ file: SIGNATURE_FILE, kind: 'no-manifest' }] });
    await fs.rm(path.join(set, MANIFEST_FILE));
    expect(await verifyManifest(set, pem)).toMatchObject({ ok: false, problems: [{ file: MANIFEST_FILE, kind: 'no-manifest' }] });
  });

  it('checks one file of a set when asked, and does not follow a forged name out of the directory', async () => {
    const { pem } = await signed();
    await fs.writeFile(path.join(set, 'tables', 'mark.ndjson.gz'), 'changed');
    expect(await verifyManifest(set, pem, { only: ['journal.pdf'] })).toMatchObject({ ok: true });
    expect(await verifyManifest(set, pem, { only: ['tables/mark.ndjson.gz'] })).toMatchObject({ ok: false, problems: [{ file: 'tables/mark.ndjson.gz', kind: 'changed' }] });
    await expect(signSet(set, ['../outside'], await loadOrCreateKeyPair(path.join(root, 'keys')), {})).rejects.toThrow(/not a file of the set/);
  });

  it('throws on a key that is not an Ed25519 public key', async () => {
    await signed();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    await expect(verifyManifest(set, rsa)).rejects.toThrow(/not Ed25519/);
    await expect(verifyManifest(set, 'hello')).rejects.toThrow(/not a PEM public key/);
  });
});
