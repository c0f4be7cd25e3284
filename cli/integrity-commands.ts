import fs from 'node:fs/promises';
import path from 'node:path';
import { createI18n, translator, type TFunction } from '../core/i18n/i18n.js';
import { loadOrCreateKeyPair, readPublicKeyPem } from '../core/integrity/key-store.js';
import { ed25519PublicKey, MANIFEST_FILE, SIGNATURE_FILE, verifyManifest, type Verification } from '../core/integrity/manifest.js';
import { CommandFailed, commandOptions, UsageError, type OfflineCommand } from './command.js';

/** The public key: the deployment's (created on first use), or the file --public-key names. */
async function publicKey(t: TFunction, keysDir: string, file: string | undefined): Promise<string> {
  if (file === undefined) {
    const pem = await readPublicKeyPem(keysDir);
    if (!pem) throw new UsageError(t('integrity:noKey', { dir: keysDir }));
    return pem;
  }
  const pem = await fs.readFile(file, 'utf8').catch(() => {
    throw new UsageError(t('integrity:notFound', { path: file }));
  });
  try {
    ed25519PublicKey(pem);
  } catch (err) {
    throw new UsageError(t('integrity:badKey', { file, reason: (err as Error).message }));
  }
  return pem;
}

/**
 * The set a path belongs to: a directory is a set; a file is checked alone against the manifest of the nearest
 * directory at or above it that has one (the manifest files themselves: the whole set).
 */
async function setOf(t: TFunction, target: string): Promise<{ dir: string; only?: string[] }> {
  const stat = await fs.stat(target).catch(() => {
    throw new UsageError(t('integrity:notFound', { path: target }));
  });
  if (stat.isDirectory()) return { dir: target };
  const file = path.resolve(target);
  if ([MANIFEST_FILE, SIGNATURE_FILE].includes(path.basename(file))) return { dir: path.dirname(file) };
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (await fs.access(path.join(dir, MANIFEST_FILE)).then(() => true, () => false)) {
      return { dir, only: [path.relative(dir, file).split(path.sep).join('/')] };
    }
    if (path.dirname(dir) === dir) throw new CommandFailed(t('integrity:noManifestAbove', { path: target }));
  }
}

/** The verdict in words: one line when the set is whole, else a line per problem, each naming its file. */
export function describeVerification(t: TFunction, dir: string, result: Verification): string[] {
  if (result.ok) return [t('integrity:verified', { count: result.manifest?.files.length ?? 0 })];
  return [t('integrity:failed', { dir }), ...result.problems.map((p) => `  ${t(`integrity:problem.${p.kind}`, { file: p.file ?? MANIFEST_FILE })}`)];
}

export const integrityCommands: Record<string, OfflineCommand> = {
  'archive:public-key': {
    usage: 'archive:public-key [--deployment] > key.pem',
    summary: 'print the deployment\'s public signing key (PEM; created on first use in KEYS_DIR): keep it to verify archives and backups offline',
    needs: 'none',
    run: async (config) => {
      commandOptions({ deployment: { type: 'boolean' } });
      process.stdout.write((await loadOrCreateKeyPair(config.integrity.keysDir)).publicKeyPem());
    },
  },
  'archive:verify': {
    usage: 'archive:verify <dir|file> [--public-key key.pem]',
    summary: 'verify an archive or backup set (or one file of it) against its signed manifest, offline; exit code 1 if anything is wrong',
    needs: 'none',
    run: async (config) => {
      const { positionals: [, target], values } = commandOptions({ 'public-key': { type: 'string' } });
      const t = translator(await createI18n(), 'ru');
      if (!target) throw new UsageError('archive:verify needs a directory or a file of a set');
      const pem = await publicKey(t, config.integrity.keysDir, values['public-key']);
      const { dir, only } = await setOf(t, target);
      const result = await verifyManifest(dir, pem, only ? { only } : {});
      const lines = describeVerification(t, dir, result);
      if (!result.ok) throw new CommandFailed(lines.join('\n'));
      console.log(lines.join('\n'));
    },
  },
};
