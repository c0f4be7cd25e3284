import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../time/clock.js';
import { digestFile } from './file-digest.js';
import type { SigningKeys } from './key-store.js';

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'manifest.sig';
const FORMAT = 'klassny-manifest/1';

export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
  createdAt: string;
  meta: Record<string, unknown>;
  files: ManifestEntry[];
}

export type ProblemKind = 'changed' | 'missing' | 'extra' | 'bad-signature' | 'no-manifest';

export interface IntegrityProblem {
  /** The file concerned, relative to the set's directory; none for the manifest as a whole. */
  file?: string;
  kind: ProblemKind;
}

export interface Verification {
  ok: boolean;
  problems: IntegrityProblem[];
  /** The manifest as read (even when its signature fails: say what it claims, trust nothing in it). */
  manifest?: Manifest;
}

/**
 * Writes the manifest of a set of files in `dir` (each file's name, size and SHA-256, and `meta`) and its
 * Ed25519 signature over the manifest's exact bytes. `files` are names relative to `dir`. The time it was made
 * comes from `clock`: services pass theirs.
 */
export async function signSet(dir: string, files: string[], keys: Pick<SigningKeys, 'privateKey'>, meta: Record<string, unknown>, clock: Clock = systemClock): Promise<Manifest> {
  const entries: ManifestEntry[] = [];
  for (const name of [...files].sort()) {
    if (!isSafeName(name)) throw new Error(`not a file of the set's directory: ${name}`);
    entries.push({ name, ...(await digestFile(path.join(dir, name))) });
  }
  const manifest: Manifest = { format: FORMAT, createdAt: clock.now().toISOString(), meta, files: entries };
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  await fs.writeFile(path.join(dir, MANIFEST_FILE), bytes);
  await fs.writeFile(path.join(dir, SIGNATURE_FILE), `${sign(null, bytes, keys.privateKey).toString('base64')}\n`);
  return manifest;
}

export interface VerifyOptions {
  /** Check only these files of the set (and the signature), not every file nor what else lies beside them. */
  only?: string[];
}

/**
 * Checks a set against its manifest with nothing but the public key: the signature (a foreign key or a changed
 * manifest fail it), then every listed file's size and SHA-256, and files the manifest does not list. Each
 * problem names its file. A key that is not an Ed25519 public key throws (the caller gave the wrong file).
 */
export async function verifyManifest(dir: string, publicKeyPem: string, options: VerifyOptions = {}): Promise<Verification> {
  const publicKey = ed25519PublicKey(publicKeyPem);
  const bytes = await readIfExists(path.join(dir, MANIFEST_FILE));
  const signature = await readIfExists(path.join(dir, SIGNATURE_FILE));
  if (!bytes) return failed([{ file: MANIFEST_FILE, kind: 'no-manifest' }]);
  if (!signature) return failed([{ file: SIGNATURE_FILE, kind: 'no-manifest' }]);
  const problems: IntegrityProblem[] = [];
  if (!verify(null, bytes, publicKey, Buffer.from(signature.toString('utf8').trim(), 'base64'))) problems.push({ file: MANIFEST_FILE, kind: 'bad-signature' });
  const manifest = parseManifest(bytes);
  if (!manifest) return failed(problems.length ? problems : [{ file: MANIFEST_FILE, kind: 'no-manifest' }]);
  const wanted = options.only ? new Set(options.only) : undefined;
  for (const name of wanted ?? []) if (!manifest.files.some((f) => f.name === name)) problems.push({ file: name, kind: 'extra' });
  for (const entry of manifest.files) {
    if (wanted && !wanted.has(entry.name)) continue;
    if (!isSafeName(entry.name)) {
      problems.push({ file: entry.name, kind: 'bad-signature' });
      continue;
    }
    const actual = await digestIfExists(path.join(dir, entry.name));
    if (!actual) problems.push({ file: entry.name, kind: 'missing' });
    else if (actual.size !== entry.size || actual.sha256 !== entry.sha256) problems.push({ file: entry.name, kind: 'changed' });
  }
  if (!wanted) {
    const listed = new Set([MANIFEST_FILE, SIGNATURE_FILE, ...manifest.files.map((f) => f.name)]);
    for (const name of await filesUnder(dir)) if (!listed.has(name)) problems.push({ file: name, kind: 'extra' });
  }
  return { ok: problems.length === 0, problems, manifest };
}

/** The public key in PEM, checked to be Ed25519. */
export function ed25519PublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new Error('the public key is not a PEM public key');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the public key is ${key.asymmetricKeyType}, not Ed25519`);
  return key;
}

const failed = (problems: IntegrityProblem[]): Verification => ({ ok: false, problems });

/** A name inside the set's directory: relative, without `..`, so a forged manifest cannot point outside it. */
function isSafeName(name: string): boolean {
  if (!name || path.isAbsolute(name) || name.includes('\\') || name.includes('\0')) return false;
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..');
}

function parseManifest(bytes: Buffer): Manifest | undefined {
  try {
    const value = JSON.parse(bytes.toString('utf8')) as Partial<Manifest>;
    if (value.format !== FORMAT || !Array.isArray(value.files)) return undefined;
    const files = value.files.filter((f): f is ManifestEntry => typeof f?.name === 'string' && typeof f.size === 'number' && typeof f.sha256 === 'string');
    if (files.length !== value.files.length) return undefined;
    return { format: FORMAT, createdAt: String(value.createdAt), meta: value.meta ?? {}, files };
  } catch {
    return undefined;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function digestIfExists(file: string) {
  try {
    return await digestFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') return undefined;
    throw err;
  }
}
