import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './core/config.js';
import { createCore, type Core } from './core/core.js';
import { connectOrm, migrate } from './core/db/database.js';
import { openDatabaseServer } from './core/db/connection.js';
import { createLogger } from './core/logger.js';

interface Command {
  usage: string;
  summary: string;
  run(core: Core, args: string[]): Promise<void>;
}

const commands: Record<string, Command> = {
  migrate: {
    usage: 'migrate',
    summary: 'apply pending database migrations (npm start does this too)',
    run: async (core) => {
      const applied = await migrate(core.orm);
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
};

class UsageError extends Error {}

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
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const server = await openDatabaseServer(config, log);
  const orm = await connectOrm(server.connection, log);
  try {
    // Every command but migrate itself needs the current schema.
    if (name !== 'migrate') await migrate(orm, log);
    await command.run(await createCore(config, orm, log), args);
    return 0;
  } finally {
    await orm.close(true);
    await server.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError || err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
