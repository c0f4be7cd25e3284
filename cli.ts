import type { MikroORM } from '@mikro-orm/postgresql';
import fs from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { ConfigError } from './core/base/config.js';
import { configFromEnvironment } from './core/config.js';
import { createCore } from './core/core.js';
import { systemClock } from './core/time/clock.js';
import { connectOrm, migrate } from './core/database.js';
import { openDatabaseServer } from './core/db/connection.js';
import { UnsupportedDatabaseServer } from './core/db/server-version.js';
import { createLogger } from './core/base/logger.js';
import { hasAnySchool, seedDemoSchool } from './core/demo/seed-demo-school.js';
import { LoadSchoolExists, LoadSchoolRefused, seedLoadSchool } from './core/demo/load/seed-load-school.js';
import { formatPeopleTable, listPeople } from './core/people/people-directory.js';
import { deploymentAdministrator, systemActor } from './core/access/actor.js';
import { exportKindOf } from './core/exports/export-kinds.js';
import { IMPORT_KINDS, isImportKind } from './core/imports/kinds/index.js';
import { schoolIds } from './core/imports/lookups.js';
import { formatOfFile } from './core/imports/table.js';
import { PERSON_KINDS, type PersonKind } from './core/telegram/invite.entity.js';
import { isSlipAudience } from './core/invites/invite-batch.js';
import { renderInviteSlips } from './core/invites/invite-slips.js';
import { DEFAULT_BOT_USERNAME } from './core/invites/invites.js';
import { CONSENT_STATUSES, type ConsentStatus } from './core/privacy/consent.entity.js';
import { REPORT_FORMATS, REPORT_KINDS } from './core/reports/report-kinds.js';
import { CommandFailed, commandOptions, UsageError, type AnyCommand } from './cli/command.js';
import { integrityCommands } from './cli/integrity-commands.js';
import { backupCommands } from './cli/backup-commands.js';
import { archiveCommands } from './cli/archive-commands.js';
import { personCommands } from './cli/person-commands.js';
import { reportFailure, staffLogin } from './cli/command-support.js';

const commands: Record<string, AnyCommand> = {
  migrate: {
    usage: 'migrate',
    summary: 'apply pending database migrations (npm start does this too)',
    run: async (_core, _args, orm) => {
      const applied = await migrate(orm);
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
    },
  },
  'admin:reset-password': {
    usage: 'admin:reset-password <email>',
    summary: 'give a panel administrator a new temporary password (printed once)',
    run: async (core, [email]) => {
      if (!email) throw new UsageError('admin:reset-password needs the administrator e-mail');
      const password = await core.unitOfWork(() => core.adminAccounts.resetPassword(email));
      if (!password) throw new UsageError(`No panel administrator with e-mail ${email}`);
      console.log(`New temporary password for ${email}: ${password}`);
    },
  },
  'admin:disable': {
    usage: 'admin:disable <email>',
    summary: 'disable a panel login: the account is removed and its sessions end (then its staff record may be deleted)',
    run: async (core, [email]) => {
      if (!email) throw new UsageError('admin:disable needs the account e-mail');
      const done = await reportFailure(core, () => core.unitOfWork(() => core.adminAccounts.disable(email)));
      if (!done) throw new UsageError(`No panel account with e-mail ${email}`);
      console.log(`Учётная запись ${email} отключена, её сеансы завершены.`);
    },
  },
  'admin:deployment': {
    usage: 'admin:deployment <email> [--off]',
    summary: 'make a panel login (not a staff member\'s) the deployment administrator of every school, or with --off no longer',
    run: async (core) => {
      const { positionals: [, email], values } = commandOptions({ off: { type: 'boolean' } });
      if (!email) throw new UsageError('admin:deployment needs the account e-mail');
      const on = !values.off;
      const done = await reportFailure(core, () => core.unitOfWork(() => core.adminAccounts.setDeployment(email, on)));
      if (!done) throw new UsageError(`No panel account with e-mail ${email}`);
      console.log(on ? `${email} — администратор всего развёртывания.` : `${email} больше не администратор развёртывания.`);
    },
  },
  'seed:demo': {
    usage: 'seed:demo',
    summary: 'create the demo school (not in production; only into a database without schools)',
    run: async (core, _args, orm) => {
      if (core.config.isProduction) throw new UsageError('seed:demo does not run with NODE_ENV=production: the demo school is for development and trials.');
      const em = orm.em.fork();
      if (await hasAnySchool(em)) {
        console.log('This database already has a school; the demo school is only created in an empty one. Nothing changed.');
        return;
      }
      const { schoolId, counts } = await seedDemoSchool(em, core.clock);
      console.log(`Demo school created (id ${schoolId}): ${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}.`);
    },
  },
  'seed:load': {
    usage: 'seed:load --students <n> [--seed <n>] [--name <school name>] [--marks-per-student <n>] [--force]',
    summary: 'create a NEW school of a real size for benchmarks: classes 1–11, staff, guardians, a whole year of journal (not in production without --force)',
    run: async (core, _args, orm) => {
      const { values } = commandOptions({
        students: { type: 'string' }, seed: { type: 'string' }, name: { type: 'string' }, 'marks-per-student': { type: 'string' }, force: { type: 'boolean' },
      });
      const number = (option: string, value: string | undefined, fallback?: number) => {
        const n = value === undefined ? fallback : Number(value);
        if (n === undefined || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`seed:load needs --${option} <a positive whole number>`);
        return n;
      };
      const students = number('students', values.students);
      if (students > 20_000) throw new UsageError('seed:load makes at most 20,000 students');
      const options = {
        students, seed: number('seed', values.seed, 1), marksPerStudent: number('marks-per-student', values['marks-per-student'], 1000),
        production: core.config.isProduction, force: values.force ?? false, ...(values.name ? { name: values.name } : {}),
      };
      const started = performance.now();
      try {
        const result = await seedLoadSchool(orm.em.fork(), core.clock, options);
        const seconds = (performance.now() - started) / 1000;
        console.log(`Created «${result.name}» (school id ${result.schoolId}) in ${seconds.toFixed(1)} s (generated in ${result.seconds.generate.toFixed(1)} s, written in ${result.seconds.write.toFixed(1)} s):`);
        for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table.padEnd(22)} ${n.toLocaleString('en-US').padStart(10)}`);
      } catch (err) {
        if (err instanceof LoadSchoolExists) throw new CommandFailed(`${err.message} Choose another --name or --seed. Nothing changed.`);
        if (err instanceof LoadSchoolRefused) throw new UsageError(err.message);
        throw err;
      }
    },
  },
  people: {
    usage: 'people [--json] [--school <id>]',
    summary: 'list staff, students and guardians with their roles and groups',
    run: async (core, _args, orm) => {
      const { values } = commandOptions({ json: { type: 'boolean' }, school: { type: 'string' } });
      const schoolId = values.school === undefined ? undefined : Number(values.school);
      if (schoolId !== undefined && !Number.isInteger(schoolId)) throw new UsageError('--school needs a school id (a number)');
      const people = await listPeople(orm.em.fork(), schoolId === undefined ? {} : { schoolId });
      // A list with names read at the console: one line of the reads log per school it shows (G4).
      const bySchool = new Map<number, number>();
      for (const p of people) bySchool.set(p.schoolId, (bySchool.get(p.schoolId) ?? 0) + 1);
      const reader = systemActor('cli');
      for (const [school, shown] of bySchool) {
        await core.unitOfWork(() => core.reads.record(reader, { kind: 'list', resource: 'People', schoolId: school, detail: values.json ? 'json' : 'table', people: shown }));
      }
      console.log(values.json ? JSON.stringify(people, null, 2) : formatPeopleTable(people));
    },
  },
  import: {
    usage: 'import <kind> <file> [--school <id>]',
    summary: `import a list from .csv or .xlsx (${Object.keys(IMPORT_KINDS).join(', ')}): every line or none`,
    run: async (core, _args, orm) => {
      const { positionals: [, kind, file] } = commandOptions({ school: { type: 'string' } });
      if (!kind || !isImportKind(kind) || !file) throw new UsageError(`import needs a kind (${Object.keys(IMPORT_KINDS).join(', ')}) and a file`);
      const { format, schoolId } = await fileAndSchool(orm, file);
      const buffer = await fs.readFile(file);
      const result = await reportFailure(core, () => core.importTable(kind, buffer, format, systemActor('import'), { schoolId }));
      console.log(`Импортировано: ${result.imported}`);
    },
  },
  export: {
    usage: 'export <kind> <file> [--school <id>]',
    summary: 'export a list (staff, students, subjects, timetable, plans… or a record kind) to .csv or .xlsx',
    run: async (core, _args, orm) => {
      const { positionals: [, name, file] } = commandOptions({ school: { type: 'string' } });
      const kind = name ? exportKindOf(name) : undefined;
      if (!kind || !file) throw new UsageError('export needs a kind (staff, students, subjects, timetable, plans or e.g. Student) and a file');
      const { format, schoolId } = await fileAndSchool(orm, file);
      await fs.writeFile(file, await reportFailure(core, () => core.exportList(kind, systemActor('cli'), format, { schoolId })));
      console.log(`Сохранено: ${file}`);
    },
  },
  consent: {
    usage: 'consent <guardianId> <given|refused|withdrawn> [--date YYYY-MM-DD] [--note <text>]',
    summary: 'record a guardian\'s consent to personal-data processing (152-ФЗ) in the registry; today by default',
    run: async (core) => {
      const { positionals: [, id, status], values } = commandOptions({ date: { type: 'string' }, note: { type: 'string' } });
      const guardianId = Number(id);
      if (!Number.isSafeInteger(guardianId) || guardianId <= 0 || !status || !isConsentStatus(status)) {
        throw new UsageError('consent needs the guardian\'s id and a status: given, refused or withdrawn');
      }
      // Without --date: today at the guardian's school. «withdrawn» pseudonymises (G3) and says how.
      if (status === 'withdrawn') {
        const { consent, withdrawal: w } = await reportFailure(core, () => core.unitOfWork(() => core.consents.withdraw(guardianId, values.date, systemActor('cli'), values.note)));
        const children = w.studentsPseudonymised.map((s) => `№ ${s.id} — «Ученик ${s.pseudonymNo}»`).join(', ');
        console.log(`Согласие отозвано ${consent.date}: родитель № ${guardianId} — «Родитель ${w.guardian.pseudonymNo}»`
          + `${children ? `; ${children}` : ''}${w.studentsKeepingNames.length ? `; сохраняют ФИО (действует согласие другого родителя): № ${w.studentsKeepingNames.join(', ')}` : ''}.`
          + ` Привязок Telegram завершено: ${w.bindingsEnded}, приглашений отменено: ${w.invitesRevoked}, уведомлений удалено: ${w.notificationsRemoved}.`);
        return;
      }
      const consent = await reportFailure(core, () => core.unitOfWork(() => core.consents.record(guardianId, status, values.date, systemActor('cli'), values.note)));
      console.log(`Внесено в реестр согласий: ${status}, ${consent.date}`);
    },
  },
  invite: {
    usage: 'invite <staff|student|guardian> <personId> [--bot <username>]',
    summary: 'issue a one-time Telegram invite (revokes the person\'s earlier unused ones); prints the link',
    run: async (core) => {
      const { positionals: [, kind, id], values } = commandOptions({ bot: { type: 'string' } });
      const personId = Number(id);
      if (!kind || !isPersonKind(kind) || !Number.isSafeInteger(personId) || personId <= 0) {
        throw new UsageError('invite needs a kind (staff, student or guardian) and the person\'s id (see `people --json`)');
      }
      const bot = values.bot ?? DEFAULT_BOT_USERNAME;
      const issued = await reportFailure(core, () => core.unitOfWork(() => core.invites.issue(kind, personId, systemActor('cli'), bot)));
      console.log(`Ссылка-приглашение: ${issued.deepLink}`);
      console.log(`Действует до: ${DateTime.fromJSDate(issued.expiresAt).setZone(issued.timeZone).toFormat('dd.MM.yyyy HH:mm')} (${issued.timeZone}), один раз`);
      if (!values.bot) console.log(`(бот @${DEFAULT_BOT_USERNAME}; другой бот: --bot <username>)`);
    },
  },
  leak: {
    usage: 'leak <staff|student|guardian> <personId> [--since <ISO date>]',
    summary: 'report that a person\'s access leaked (B3): ends its Telegram bindings and panel sessions at once; the leak started --since (7 days ago by default)',
    run: async (core) => {
      const { positionals: [, kind, id], values } = commandOptions({ since: { type: 'string' } });
      const personId = Number(id);
      if (!kind || !isPersonKind(kind) || !Number.isSafeInteger(personId) || personId <= 0) {
        throw new UsageError('leak needs a kind (staff, student or guardian) and the person\'s id (see `people --json`)');
      }
      if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) throw new UsageError(`--since is not a date: ${values.since}`);
      const report = await reportFailure(core, () =>
        core.unitOfWork(() => core.security.report({ personKind: kind, personId, leakedSince: values.since ?? null, source: 'cli' }, systemActor('cli'))),
      );
      console.log(`Сообщение о компрометации № ${report.id}: отозвано привязок к Telegram — ${report.bindingsRevoked}, завершено сеансов панели — ${report.sessionsEnded}.`);
      console.log(`Операции с ${report.leakedSince.toISOString()} по ${report.reportedAt.toISOString()} откатывает администратор в панели: Доступ → Компрометация доступа.`);
    },
  },
  'invite-slips': {
    usage: 'invite-slips <groupId> <file.pdf> [--who students|guardians|both] [--bot <username>]',
    summary: 'print invitations for a class (4 per A4 page, with QR codes); revokes earlier unused ones',
    run: async (core) => {
      const { positionals: [, id, file], values } = commandOptions({ who: { type: 'string' }, bot: { type: 'string' } });
      const groupId = Number(id);
      const who = values.who ?? 'both';
      if (!Number.isSafeInteger(groupId) || groupId <= 0 || !file?.toLowerCase().endsWith('.pdf') || !isSlipAudience(who)) {
        throw new UsageError('invite-slips needs the class id, a .pdf file and optionally --who students, guardians or both');
      }
      const batch = await reportFailure(core, () => core.unitOfWork(() => core.inviteBatch.issueForGroup(groupId, who, systemActor('cli'), values.bot ?? DEFAULT_BOT_USERNAME)));
      await fs.writeFile(file, await renderInviteSlips(batch.slips, { skipped: batch.skipped }));
      // A printed list of names, read at the console: one read (G4).
      await core.unitOfWork(() => core.reads.record(systemActor('cli'), { kind: 'export', resource: 'InviteSlips', recordId: groupId, detail: `pdf, ${who}`, schoolId: batch.schoolId, people: batch.slips.length + batch.skipped.length }));
      console.log(`Сохранено: ${file} (${batch.groupName}: приглашений ${batch.slips.length})`);
      for (const person of batch.skipped) console.log(`Не выдано: ${person.fullName} — ${person.reason}`);
    },
  },
  report: {
    usage: 'report <kind> (--period <id> | --from YYYY-MM-DD --to YYYY-MM-DD) [--class <id>] [--subject <id>] [--teacher <id>] [--school <id>] [--as <panel e-mail>] --format pdf|xlsx|csv --out <file>',
    summary: `make a report (${Object.keys(REPORT_KINDS).join(', ')}); as the deployment administrator, or --as a staff member's panel login with its rights`,
    run: async (core, _args, orm) => {
      const { positionals: [, kind], values } = commandOptions({
        period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, class: { type: 'string' }, subject: { type: 'string' },
        teacher: { type: 'string' }, school: { type: 'string' }, as: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      });
      const { as, format, out, ...params } = values;
      if (!kind || !out) throw new UsageError(`report needs a kind (${Object.keys(REPORT_KINDS).join(', ')}), --format ${REPORT_FORMATS.join('|')} and --out <file>`);
      const actor = as === undefined ? deploymentAdministrator('cli') : await staffLogin(core, orm, as);
      const made = await reportFailure(core, () => core.unitOfWork(() => core.reports.make(kind, params, actor, format ?? out.split('.').pop())));
      await fs.writeFile(out, made.file);
      console.log(`Сохранено: ${out} (${made.filename})`);
    },
  },
  ...personCommands,
  ...integrityCommands,
  ...backupCommands,
  ...archiveCommands,
};

const isPersonKind = (kind: string): kind is PersonKind => (PERSON_KINDS as readonly string[]).includes(kind);
const isConsentStatus = (status: string): status is ConsentStatus => (CONSENT_STATUSES as readonly string[]).includes(status);

/** The file's format (by extension) and the school: --school, or the only school there is. */
async function fileAndSchool(orm: MikroORM, file: string) {
  const format = formatOfFile(file);
  if (!format) throw new UsageError(`${file}: the file must end in .csv or .xlsx`);
  const { values } = commandOptions({ school: { type: 'string' } });
  const schools = await schoolIds(orm.em.fork());
  const schoolId = values.school === undefined ? (schools.length === 1 ? schools[0] : undefined) : Number(values.school);
  if (schoolId === undefined || !schools.includes(schoolId)) {
    throw new UsageError(values.school === undefined ? `There are ${schools.length} schools: choose one with --school <id> (${schools.join(', ')})` : `No school with id ${values.school}`);
  }
  return { format, schoolId };
}

function help(): string {
  const width = Math.max(...Object.values(commands).map((c) => c.usage.length));
  return [
    'Usage: npm run cli -- <command> [arguments]',
    '',
    'Commands:',
    ...Object.values(commands).map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'The database is the one npm start uses: DATABASE_URL, or the embedded server in ./data/pg.',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, strict: false, options: { help: { type: 'boolean', short: 'h' } } });
  const [name, ...args] = positionals;
  if (values.help || !name) {
    console.log(help());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`Unknown command: ${name}\n\n${help()}`);
    return 2;
  }
  const config = configFromEnvironment();
  if (command.needs === 'none') {
    await command.run(config, args);
    return 0;
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const server = await openDatabaseServer(config, log);
  const orm = await connectOrm(server.connection, log);
  try {
    if (command.needs === 'database') {
      await command.run(config, args, { orm, log });
      return 0;
    }
    // Every command but migrate itself needs the current schema.
    if (name !== 'migrate') await migrate(orm, log);
    await command.run(await createCore(config, orm, log, systemClock), args, orm);
    return 0;
  } finally {
    await orm.close(true);
    await server.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof CommandFailed || err instanceof UnsupportedDatabaseServer) console.error(err.message);
    else console.error(err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
