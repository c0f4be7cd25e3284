import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * The deployment's Ed25519 key pair: archives and backups are signed with it (F3, S4 §3.3). The private key is
 * created on first use in the keys directory (KEYS_DIR), readable by the server's user alone, and never leaves
 * the server: nothing prints, logs or serves it. The public key is what anyone verifying a set needs.
 */
export interface SigningKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as SPKI PEM text: what the panel and `archive:public-key` hand out. */
  publicKeyPem(): string;
}

export const PRIVATE_KEY_FILE = 'signing-key.pem';
export const PUBLIC_KEY_FILE = 'signing-key.pub.pem';

/**
 * The key pair kept in `dir`, created there when it has none. Two instances starting at once create one key:
 * each writes its own temporary file and links it into place, and the one that finds the name taken reads
 * the winner's key.
 */
export async function loadOrCreateKeyPair(dir: string): Promise<SigningKeys> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, PRIVATE_KEY_FILE);
  let pem = await readIfExists(file);
  if (pem === undefined) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(temporary, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    try {
      await fs.link(temporary, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await fs.rm(temporary, { force: true });
    }
    pem = await fs.readFile(file, 'utf8');
  }
  await tightenMode(file);
  const keys = keysOf(pem);
  // A copy for people who look for it beside the private one; the private key is the source of truth.
  await fs.writeFile(path.join(dir, PUBLIC_KEY_FILE), keys.publicKeyPem(), { mode: 0o644 });
  return keys;
}

/** The public key of the pair in `dir`, without creating one; undefined when there is none yet. */
export async function readPublicKeyPem(dir: string): Promise<string | undefined> {
  const pem = await readIfExists(path.join(dir, PRIVATE_KEY_FILE));
  return pem === undefined ? undefined : keysOf(pem).publicKeyPem();
}

export function publicKeyPem(keys: Pick<SigningKeys, 'publicKey'>): string {
  return keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

function keysOf(privatePem: string): SigningKeys {
  const privateKey = createPrivateKey(privatePem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the signing key is ${privateKey.asymmetricKeyType}, not Ed25519`);
  const publicKey = createPublicKey(privateKey);
  const pem = publicKeyPem({ publicKey });
  return { privateKey, publicKey, publicKeyPem: () => pem };
}

/** A key file copied back from elsewhere may arrive readable by others: only the server's user may read it. */
async function tightenMode(file: string): Promise<void> {
  const { mode } = await fs.stat(file);
  if ((mode & 0o077) !== 0) await fs.chmod(file, 0o600);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
