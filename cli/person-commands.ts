import fs from 'node:fs/promises';
import path from 'node:path';
import { deploymentAdministrator } from '../core/access/actor.js';
import { isLanguage } from '../core/i18n/languages.js';
import { PERSON_KINDS, type PersonKind } from '../core/people/person-kinds.js';
import { commandOptions, UsageError, type Command } from './command.js';
import { reportFailure, staffLogin } from './command-support.js';

const isPersonKind = (kind: string): kind is PersonKind => (PERSON_KINDS as readonly string[]).includes(kind);

/** A person's data on request (152-ФЗ art. 14), as the panel's «Данные о человеке» gives it. */
export const personCommands: Record<string, Command> = {
  'person:export': {
    usage: 'person:export <student|guardian|staff> <id> --out <dir> [--as <panel e-mail>] [--lang ru|en]',
    summary: 'everything held about a person (152-ФЗ art. 14) as <dir>/person-<kind>-<id>-<date>.pdf and .json; audited',
    run: async (core, _args, orm) => {
      const { positionals: [, kind, id], values } = commandOptions({ out: { type: 'string' }, as: { type: 'string' }, lang: { type: 'string' } });
      if (!kind || !isPersonKind(kind) || !id || !values.out) throw new UsageError('person:export needs a kind (student, guardian, staff), an id and --out <dir>');
      if (values.lang !== undefined && !isLanguage(values.lang)) throw new UsageError('--lang is ru or en');
      const actor = values.as === undefined ? deploymentAdministrator('cli') : await staffLogin(core, orm, values.as);
      const made = await reportFailure(core, () => core.unitOfWork(() => core.personExports.export(kind, id, actor, values.lang !== undefined && isLanguage(values.lang) ? { language: values.lang } : {})));
      await fs.mkdir(values.out, { recursive: true });
      const files = [path.join(values.out, `${made.basename}.pdf`), path.join(values.out, `${made.basename}.json`)];
      await fs.writeFile(files[0]!, made.pdf);
      await fs.writeFile(files[1]!, made.json);
      console.log(`Сохранено: ${files.join(', ')}`);
    },
  },
};
