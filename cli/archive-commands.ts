import { deploymentAdministrator } from '../core/access/actor.js';
import { dateTime } from '../core/time/format.js';
import { commandOptions, UsageError, type Command } from './command.js';
import { reportFailure, staffLogin } from './command-support.js';

const positiveId = (value: string | undefined, option: string): number | undefined => {
  if (value === undefined) return undefined;
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new UsageError(`--${option} needs an id (a positive whole number)`);
  return id;
};

export const archiveCommands: Record<string, Command> = {
  archive: {
    usage: 'archive --class <id> [--year <id>] [--as <panel e-mail>]',
    summary: 'make the year-end archive of a class now (journal PDF + summary sheet, signed) in ARCHIVE_DIR; as the deployment administrator, or --as a head\'s panel login',
    run: async (core, _args, orm) => {
      const { values } = commandOptions({ class: { type: 'string' }, year: { type: 'string' }, as: { type: 'string' } });
      const groupId = positiveId(values.class, 'class');
      if (groupId === undefined) throw new UsageError('archive needs --class <id> (see the panel or `people --json`)');
      const yearId = positiveId(values.year, 'year');
      const actor = values.as === undefined ? deploymentAdministrator('cli') : await staffLogin(core, orm, values.as);
      const rows = await reportFailure(core, () => core.unitOfWork(() => core.archives.make(groupId, actor, yearId === undefined ? {} : { yearId })));
      const first = rows[0]!;
      console.log(`Архив ${first.className}, ${first.yearName}: ${core.archives.store.resolve(first.setDir)}`);
      for (const row of rows) {
        console.log(`  ${row.path.split('/').pop()}  ${row.size} байт  sha256 ${row.sha256}  хранить до ${row.expiresOn}`);
      }
      console.log(`Сформирован ${dateTime(first.madeAt, 'UTC')} UTC; подпись — manifest.sig (проверка: npm run cli -- archive:verify <папка>)`);
    },
  },
};
