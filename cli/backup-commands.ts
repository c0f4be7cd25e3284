import fs from 'node:fs/promises';
import { deploymentAdministrator } from '../core/access/actor.js';
import type { BackupResult } from '../core/backup/backups.js';
import { restoreBackup, RestoreRefused } from '../core/backup/restore.js';
import { openRestoreSource, RestoreSourceMissing } from '../core/backup/restore-source.js';
import { createI18n, translator, type TFunction } from '../core/i18n/i18n.js';
import { readPublicKeyPem } from '../core/integrity/key-store.js';
import { describeVerification } from './integrity-commands.js';
import { CommandFailed, commandOptions, UsageError, type Command, type DatabaseCommand } from './command.js';

/** Each destination's outcome, a line each; whether all succeeded. */
export function describeBackup(t: TFunction, result: BackupResult): { lines: string[]; ok: boolean } {
  const lines = [t('integrity:backup.taken', { name: result.name, megabytes: (result.sizeBytes / 1e6).toFixed(1), seconds: result.seconds.toFixed(1) })];
  for (const d of result.destinations) {
    const destination = t(`integrity:backup.destination.${d.destination}`);
    lines.push(d.status === 'success' ? t('integrity:backup.stored', { destination, location: d.location }) : t('integrity:backup.failed', { destination, error: d.error }));
  }
  return { lines, ok: result.destinations.every((d) => d.status === 'success') };
}

/** A refused restore in words: the reason, and each file or table it concerns. */
function describeRefusal(t: TFunction, dir: string, err: RestoreRefused): string {
  if (err.reason === 'tampered') return [t('integrity:backup.refused.tampered'), ...describeVerification(t, dir, { ok: false, problems: err.problems }).slice(1)].join('\n');
  return t(`integrity:backup.refused.${err.reason}`, { names: err.details.join(', ') });
}

export const backupCommands: Record<string, Command | DatabaseCommand> = {
  backup: {
    usage: 'backup',
    summary: 'take a backup of the whole database now, to BACKUP_DIR and (when BACKUP_S3_BUCKET is set) S3; exit code 1 if a destination failed',
    run: async (core) => {
      const t = translator(core.i18n, 'ru');
      const { lines, ok } = describeBackup(t, await core.backups.runNow(deploymentAdministrator('cli')));
      if (!ok) throw new CommandFailed(lines.join('\n'));
      console.log(lines.join('\n'));
    },
  },
  restore: {
    usage: 'restore <dir | s3://bucket/prefix/name> [--public-key key.pem]',
    summary: 'restore a backup into an EMPTY database (DATABASE_URL or the embedded one), after checking its signed manifest; the app must be stopped',
    needs: 'database',
    run: async (config, _args, { orm, log }) => {
      const { positionals: [, source], values } = commandOptions({ 'public-key': { type: 'string' } });
      const t = translator(await createI18n(), 'ru');
      if (!source) throw new UsageError('restore needs a backup directory or s3://bucket/prefix/name');
      const keyFile = values['public-key'];
      const pem = keyFile ? await fs.readFile(keyFile, 'utf8') : await readPublicKeyPem(config.integrity.keysDir);
      if (!pem) throw new UsageError(t('integrity:backup.noKey', { dir: config.integrity.keysDir }));
      if (source.startsWith('s3://')) console.log(t('integrity:backup.downloading', { source }));
      let opened;
      try {
        opened = await openRestoreSource(source, config.backup.s3);
      } catch (err) {
        if (err instanceof RestoreSourceMissing) throw new UsageError(t(`integrity:backup.${err.reason}`, { source }));
        throw err;
      }
      try {
        const result = await restoreBackup(orm, opened.dir, pem, log);
        console.log(t('integrity:backup.restored', { ...result }));
      } catch (err) {
        if (err instanceof RestoreRefused) throw new CommandFailed(describeRefusal(t, source, err));
        throw err;
      } finally {
        await opened.done();
      }
    },
  },
};
